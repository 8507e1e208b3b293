export * from './testing/builders';
export * from './testing/signing';
export * from './testing/repository-conformance';
export * from './testing/http-conformance';
