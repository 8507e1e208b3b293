import { Migrator, type Kysely } from 'kysely';
import { MigrationError } from './errors';
import { MIGRATIONS } from './migrations/index';

/** The migration bookkeeping tables of this package, apart from the host app's own. */
export const MIGRATION_TABLE = 'coursesync_migration';
export const MIGRATION_LOCK_TABLE = 'coursesync_migration_lock';

/**
 * Brings `quests` and `quest_sample_tasks` up to date with the migrations shipped in this package, on an
 * empty database and on an existing Optio database alike: creates what is missing, leaves everything else
 * alone. Safe to call on every start and from several processes at once (Kysely takes a lock). Throws a
 * {@link MigrationError} that says what failed and what to do; the failed migration leaves nothing behind.
 *
 * @example
 * ```ts
 * const { db } = await createDatabase({ connectionString: process.env.DATABASE_URL })
 * await migrateToLatest(db)
 * ```
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const migrationName = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  const what = migrationName ? `coursesync migration ${migrationName} failed` : 'coursesync migrations could not run';
  // Our own failures (duplicate keys) already say what to do; a database error does not.
  const action = reason.includes('run the migrations again') ? '' : '; fix the cause, then run the migrations again.';
  throw new MigrationError(`${what}: ${reason}${action}`, { migrationName, cause: error });
}
