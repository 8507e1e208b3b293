import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '@coursesync/core';
import type { LogConfig } from 'kysely';
import { createDatabase, fromDialect, loadPGlite, type CourseSyncDatabase } from '../create-database';
import { migrateToLatest } from '../migrate';
import { startEmptyPGlite } from './pglite-snapshot';

/**
 * Options of {@link createTestDatabase}.
 *
 * @example
 * ```ts
 * const empty = await createTestDatabase({ dialect: 'pglite', migrate: false })
 * ```
 */
export interface CreateTestDatabaseOptions {
  /** Default: `'postgres'` when `DATABASE_URL` is set, else `'pglite'` (in memory). */
  readonly dialect?: 'postgres' | 'pglite';
  /** Run the shipped migrations. Default true; false gives an empty database (to build a fixture first). */
  readonly migrate?: boolean;
  /** Kysely's `log` option, for example to count statements. */
  readonly log?: LogConfig;
}

/**
 * A test database; `connectionString` is set on Postgres (to open a second pool on it, say).
 *
 * @example
 * ```ts
 * const database: TestDatabase = await createTestDatabase()
 * if (database.connectionString) console.log('on Postgres')
 * ```
 */
export type TestDatabase = CourseSyncDatabase & { readonly connectionString?: string };

/**
 * A fresh, migrated database of its own for one test file: on the Postgres server of `DATABASE_URL` a new
 * uniquely named database (dropped again by `destroy()`), otherwise an in-memory PGlite. Parallel test
 * files never see each other's rows.
 *
 * @example
 * ```ts
 * let database: TestDatabase
 * beforeAll(async () => { database = await createTestDatabase() })
 * afterAll(() => database.destroy())
 * ```
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const dialect = options.dialect ?? (serverUrl ? 'postgres' : 'pglite');
  let database: TestDatabase;
  if (dialect === 'pglite') {
    database = await createPGliteTestDatabase(options.log);
  } else {
    if (!serverUrl) throw new ConfigurationError('Set DATABASE_URL to a Postgres server to create a Postgres test database.');
    database = await createPostgresTestDatabase(serverUrl, options.log);
  }
  if (options.migrate === false) return database;
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return database;
}

async function createPGliteTestDatabase(log: LogConfig | undefined): Promise<TestDatabase> {
  const [, { PGliteDialect }] = await loadPGlite();
  return fromDialect(new PGliteDialect(await startEmptyPGlite()), 'pglite', log);
}

async function createPostgresTestDatabase(serverUrl: string, log: LogConfig | undefined): Promise<TestDatabase> {
  const { Client } = await import('pg');
  const name = `coursesync_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(Client, serverUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const database = await createDatabase({ connectionString, log });
  return {
    ...database,
    connectionString,
    async destroy() {
      await database.destroy();
      await withClient(Client, serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

type ClientClass = typeof import('pg').Client;

async function withClient(Client: ClientClass, connectionString: string, run: (client: InstanceType<ClientClass>) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString });
  client.on('error', () => {});
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
