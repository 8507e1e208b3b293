export * from './router';
export * from './keep-raw-body';
