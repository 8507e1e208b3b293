export * from './testing/deliveries';
export * from './testing/describe-deliveries';
export * from './testing/describe-built-server';
export * from './testing/describe-reference-server';
export * from './testing/example-process';
export * from './testing/scratch-database';
