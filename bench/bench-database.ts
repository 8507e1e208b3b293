import { randomBytes } from 'node:crypto';
import { createDatabase, migrateToLatest, type CourseSyncDatabase } from '@coursesync/kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { onInterrupt } from './cleanup';

/** Default server when `DATABASE_URL` is unset (the CI service). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Counts the statements Kysely sends (its `log` option sees every query, transaction control included). */
export interface StatementCounter {
  count: number;
}

/** A migrated database of the bench's own, with a statement counter. */
export interface BenchDatabase extends CourseSyncDatabase {
  readonly statements: StatementCounter;
  /** Set on Postgres: the fresh database's URL, for child processes. */
  readonly connectionString?: string;
  /** `select version()` of the server. */
  readonly version: string;
}

/**
 * Opens a fresh, migrated database: on Postgres a new uniquely named database on the server of `serverUrl`
 * (dropped again by `destroy()`), or an in-memory PGlite. Also adds an index on `quests.lms_course_id`,
 * which only the per-row baseline uses (it looks quests up by that column alone, as Optio does), so the
 * baseline is not slowed by a sequential scan.
 */
export async function openBenchDatabase(kind: 'postgres' | 'pglite', serverUrl?: string): Promise<BenchDatabase> {
  const statements: StatementCounter = { count: 0 };
  const log = (event: { level: string }) => {
    if (event.level === 'query' || event.level === 'error') statements.count += 1;
  };
  const server = kind === 'postgres' ? await createServerDatabase(serverUrl ?? DEFAULT_DATABASE_URL) : undefined;
  let database: CourseSyncDatabase | undefined;
  try {
    database = await createDatabase({ connectionString: server?.connectionString, log, poolSize: 10 });
    await migrateToLatest(database.db);
    await sql`create index if not exists bench_quests_lms_course_id on quests (lms_course_id)`.execute(database.db);
    const { rows } = await sql<{ version: string }>`select version() as version`.execute(database.db);
    const opened = database;
    return {
      ...opened,
      statements,
      connectionString: server?.connectionString,
      version: rows[0]?.version ?? 'unknown',
      async destroy() {
        await opened.destroy();
        await server?.drop();
      },
    };
  } catch (error) {
    await database?.destroy().catch(() => {});
    await server?.drop().catch(() => {});
    throw error;
  }
}

/** A fresh empty database on the server of `serverUrl`; `drop()` removes it (even with open connections). */
export async function createServerDatabase(serverUrl: string): Promise<{ connectionString: string; drop(): Promise<void> }> {
  const name = `coursesync_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    forget();
    await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  };
  const forget = onInterrupt(drop);
  return { connectionString: url.toString(), drop };
}

/** The server's `version()` string, or throws when it cannot be reached. */
export async function serverVersion(serverUrl: string): Promise<string> {
  let version = 'unknown';
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ version: string }>('select version() as version');
    version = rows[0]?.version ?? version;
  });
  return version;
}

async function withAdmin(serverUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
