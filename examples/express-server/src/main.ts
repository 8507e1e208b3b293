import { fileURLToPath } from 'node:url';
import { runReferenceServer } from '@coursesync/example-shared';
import { buildServer } from './server';

await runReferenceServer(buildServer, { exampleDir: fileURLToPath(new URL('..', import.meta.url)) });
