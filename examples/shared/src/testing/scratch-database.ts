import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** An empty database of a test's own on the Postgres of a connection string. */
export interface ScratchDatabase {
  /** The connection string of the new database. */
  readonly url: string;
  /** Drops it, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named database on the server `baseUrl` points at (no migrations: the server under
 * test must run them), so parallel test files never see each other's rows.
 *
 * @example
 * ```ts
 * const database = await createScratchDatabase(process.env.DATABASE_URL!)
 * // ... start a server with DATABASE_URL=database.url
 * await database.drop()
 * ```
 */
export async function createScratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = `coursesync_example_${randomBytes(6).toString('hex')}`;
  await runOnServer(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runOnServer(baseUrl, `drop database if exists ${name} with (force)`) };
}

async function runOnServer(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
