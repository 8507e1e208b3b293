import type { CourseSyncRepository } from './repository';

/**
 * An in-memory `CourseSyncRepository` with the same guarantees as the Postgres one. STUB.
 */
export function createMemoryRepository(): CourseSyncRepository {
  throw new Error('not implemented');
}
