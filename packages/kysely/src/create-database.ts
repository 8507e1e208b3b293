import { ConfigurationError } from '@coursesync/core';
import { Kysely, PostgresDialect, type Dialect, type LogConfig } from 'kysely';
import type { CourseSyncTables } from './tables';

/**
 * Where `createDatabase` connects.
 *
 * @example
 * ```ts
 * const options: CreateDatabaseOptions = process.env.DATABASE_URL
 *   ? { connectionString: process.env.DATABASE_URL, poolSize: 20 }
 *   : { dataDir: '.data' }
 * ```
 */
export interface CreateDatabaseOptions {
  /** A Postgres connection string: use a `pg` pool. Without it, an embedded PGlite database is opened. */
  readonly connectionString?: string;
  /** PGlite's data directory; default: in memory (lost on exit). Ignored with `connectionString`. */
  readonly dataDir?: string;
  /** Most connections the `pg` pool opens. Default 10. */
  readonly poolSize?: number;
  /**
   * How long the `pg` pool waits for a new connection before the query fails (a 500 the sender retries)
   * instead of waiting forever on a database that neither answers nor refuses. Default 5,000 ms.
   */
  readonly connectionTimeoutMs?: number;
  /** Kysely's `log` option (for example `['error']`, or a function that sees every statement). */
  readonly log?: LogConfig;
}

/**
 * An open database for the repository and the migrations.
 *
 * @example
 * ```ts
 * const database: CourseSyncDatabase = await createDatabase()
 * console.log(database.dialect) // 'pglite'
 * await database.destroy()
 * ```
 */
export interface CourseSyncDatabase {
  readonly db: Kysely<CourseSyncTables>;
  readonly dialect: 'postgres' | 'pglite';
  /** Closes the pool or the PGlite instance. */
  destroy(): Promise<void>;
}

/**
 * Opens the database: a `pg` pool when `connectionString` is given, otherwise an embedded PGlite database
 * (`dataDir`, or in memory). Each driver is loaded only when used, so `pg` and `@electric-sql/pglite` are
 * optional peer dependencies: install the one you use.
 *
 * @example
 * ```ts
 * const database = await createDatabase({ connectionString: process.env.DATABASE_URL, dataDir: '.data' })
 * await migrateToLatest(database.db)
 * const repository = createKyselyRepository(database.db)
 * // on shutdown
 * await database.destroy()
 * ```
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<CourseSyncDatabase> {
  const { connectionString, log } = options;
  if (connectionString) return fromDialect(await postgresDialect(connectionString, options), 'postgres', log);
  const [{ PGlite }, { PGliteDialect }] = await loadPGlite();
  const client = new PGlite(options.dataDir);
  await client.waitReady;
  return fromDialect(new PGliteDialect(client), 'pglite', log);
}

/** Wraps a dialect in the database handle (internal; the testing entry reuses it). */
export function fromDialect(dialect: Dialect, kind: CourseSyncDatabase['dialect'], log: LogConfig | undefined): CourseSyncDatabase {
  const db = new Kysely<CourseSyncTables>(log ? { dialect, log } : { dialect });
  return { db, dialect: kind, destroy: () => db.destroy() };
}

async function postgresDialect(
  connectionString: string,
  { poolSize = 10, connectionTimeoutMs = 5_000 }: CreateDatabaseOptions,
): Promise<Dialect> {
  const { Pool } = await load(() => import('pg'), 'pg is not installed; install it with `npm install pg` to connect to Postgres.');
  // keepAlive: TCP keep-alives let a connection to a vanished server fail instead of hanging.
  const pool = new Pool({ connectionString, max: poolSize, connectionTimeoutMillis: connectionTimeoutMs, keepAlive: true });
  // pg emits 'error' when the server ends a connection (restart, pg_terminate_backend, network cut).
  // Unhandled, that event kills the process. The pool listens only while a client is idle, so a client
  // checked out for a transaction needs a listener of its own. The failed query rejects anyway, and the pool
  // discards the dead client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new PostgresDialect({ pool });
}

/** Loads PGlite and its Kysely dialect (internal; the testing entry reuses it). */
export function loadPGlite() {
  return load(
    () => Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]),
    'PGlite is not installed; install it with `npm install @electric-sql/pglite kysely-pglite-dialect`, or pass a connectionString.',
  );
}

/** Imports an optional peer dependency, turning "not installed" into a message that says what to install. */
async function load<T>(importer: () => Promise<T>, notInstalled: string): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new ConfigurationError(notInstalled);
    throw error;
  }
}
