export * from './errors';
export * from './payload';
export * from './repository';
export * from './logger';
export * from './sync-course';
export * from './handler';
export * from './memory-repository';
export * from './responses';
