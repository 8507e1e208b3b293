import { describe } from 'vitest';

/** The dialects a test runs on: PGlite always, Postgres only when `DATABASE_URL` is set (skipped otherwise). */
export function describeEachDialect(name: string, body: (dialect: 'pglite' | 'postgres') => void): void {
  describe(`${name} [pglite]`, () => body('pglite'));
  describe.skipIf(!process.env.DATABASE_URL)(`${name} [postgres]`, () => body('postgres'));
}
