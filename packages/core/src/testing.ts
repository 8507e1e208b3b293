export * from './testing/builders';
export * from './testing/signing';
export * from './testing/repository-conformance';
