// Payload fixtures and signing helpers, without any test runner: safe to load from a server (the reference
// servers' development banner uses them). `@coursesync/core/testing` re-exports them beside the suites.
export * from './testing/builders';
export * from './testing/signing';
