import { describeBuiltServer } from '@coursesync/example-shared/testing';
import { buildServer } from './server';

describeBuiltServer(buildServer);
