import { describeReferenceServer } from '@coursesync/example-shared/testing';

describeReferenceServer('start');
