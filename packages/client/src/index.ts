export { signBody, SIGNATURE_HEADER } from '@coursesync/core';
export * from './send-course-sync';
export * from './send-error';
export { DEFAULT_MAX_DELAY_MS, DEFAULT_MIN_DELAY_MS } from './backoff';
export { compactJson, curlLine, shellQuote } from './curl-line';
