import type { CourseSyncRepository, QuestKey, StoredCourse } from '@coursesync/core';
import type { Kysely } from 'kysely';
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

/**
 * Reads a course in one snapshot (REPEATABLE READ): a delivery that got a 500 may still commit a moment later
 * (its COMMIT reached the server, the answer did not), and two plain selects could straddle that commit.
 */
export const snapshotReader = (db: Kysely<any>) => ({
  findCourse: (key: QuestKey): Promise<StoredCourse | undefined> =>
    db.transaction().setIsolationLevel('repeatable read').execute((trx) => createKyselyRepository(trx).findCourse(key)),
});
