export * from './fixtures';
export * from './testing/repository-conformance';
export * from './testing/http-conformance';
