import type { CourseSyncRepository } from '@coursesync/core';
import { createDatabase, createKyselyRepository, migrateToLatest } from '@coursesync/kysely';
import { type Kysely, sql } from 'kysely';
import type { StorageConfig } from './config';

/** The open database of a reference server. */
export interface Storage {
  readonly repository: CourseSyncRepository;
  readonly dialect: 'postgres' | 'pglite';
  /** `true` when the database answers `select 1` within `timeoutMs` (default 2 s). Never rejects. */
  isHealthy(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens Postgres or PGlite as configured and runs the migrations; the database is closed again when they fail.
 *
 * @example
 * ```ts
 * const storage = await openStorage({ kind: 'pglite', dataDir: undefined })
 * await storage.isHealthy() // true
 * await storage.close()
 * ```
 */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  const database = await createDatabase(
    config.kind === 'postgres' ? { connectionString: config.connectionString } : { dataDir: config.dataDir },
  );
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return {
    repository: createKyselyRepository(database.db),
    dialect: database.dialect,
    isHealthy: (timeoutMs) => answersSelectOne(database.db, timeoutMs),
    close: () => database.destroy(),
  };
}

/**
 * Whether the database answers `select 1` within `timeoutMs`: an unreachable Postgres can leave a new
 * connection pending for minutes, and a health check must answer quickly.
 *
 * @example
 * ```ts
 * const healthy = await answersSelectOne(db, 1_000)
 * ```
 */
export async function answersSelectOne(db: Kysely<any>, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
