import type { CourseSyncRepository } from '@coursesync/core';
import { createKyselyRepository } from '@coursesync/kysely';
import { createTestDatabase, type TestDatabase } from '@coursesync/kysely/testing';

/** A real repository on a database of its own. */
export interface RepositoryTarget {
  readonly repository: CourseSyncRepository;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** The dialects to run against: PGlite always, Postgres too when `DATABASE_URL` is set. */
export const DIALECTS: readonly ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Opens a fresh migrated database (a new uniquely-named one on Postgres) and its Kysely repository. */
export async function openTarget(dialect: 'pglite' | 'postgres'): Promise<RepositoryTarget> {
  const database = await createTestDatabase({ dialect });
  return { repository: createKyselyRepository(database.db), database, close: () => database.destroy() };
}

/** `COURSESYNC_SOAK=1` runs every property this many times longer. */
export const SOAK_FACTOR = process.env.COURSESYNC_SOAK === '1' ? 25 : 1;
