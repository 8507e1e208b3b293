import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDeliveries } from './describe-deliveries';
import { freePort, spawnExample, startExample } from './example-process';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

/**
 * Issue 4's end-to-end suite for one reference server, started through the root script (`pnpm start`,
 * `pnpm start:express`) as a user would: once on PGlite (then restarted on the same data, without a secret),
 * once on a fresh Postgres database of its own when `DATABASE_URL` is set, and refusing to start in
 * production without a secret.
 */
export function describeReferenceServer(script: string): void {
  describe(`pnpm ${script} on PGlite`, () => {
    let dataDir = '';
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'coursesync-example-'));
    });
    afterAll(() => dataDir && rmSync(dataDir, { recursive: true, force: true }));
    const questIds = describeDeliveries(script, () => ({ COURSESYNC_DATA_DIR: dataDir }));

    it('development-secret-banner: restarted without a secret on the same data, it prints a curl line that resyncs the same quest as pasted', async () => {
      const server = await startExample(script, { PORT: String(await freePort()), COURSESYNC_DATA_DIR: dataDir });
      try {
        const [curlLine] = await server.waitForOutput(/^ *curl .*$/m);
        const { stdout } = await promisify(execFile)('sh', ['-c', curlLine]);
        expect(JSON.parse(stdout)).toEqual(
          expect.objectContaining({ success: true, quest_id: questIds[0], created: false, task_count: 4 }),
        );
        expect(server.output()).toMatch(/SPARK_WEBHOOK_SECRET=[0-9a-f]{48}/);
        expect(await server.stop()).toEqual({ code: 0, signal: null });
      } finally {
        server.kill();
      }
    });
  });

  describe.runIf(process.env.DATABASE_URL)(`pnpm ${script} on Postgres (DATABASE_URL, and REDIS_URL when set)`, () => {
    let database: ScratchDatabase | undefined;
    beforeAll(async () => {
      database = await createScratchDatabase(process.env.DATABASE_URL as string);
    });
    afterAll(async () => database?.drop());
    // As in production: Postgres, and the rate limit in Redis when REDIS_URL is set (a high limit, since
    // other tests on the same Redis count requests from 127.0.0.1 too).
    const redis: Record<string, string> = process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, RATE_LIMIT_PER_MINUTE: '100000' }
      : {};
    describeDeliveries(script, () => ({ DATABASE_URL: (database as ScratchDatabase).url, ...redis }));
  });

  it('production-requires-secret: with NODE_ENV=production and no SPARK_WEBHOOK_SECRET it exits 1 and says why', async () => {
    const example = spawnExample(script, { NODE_ENV: 'production', COURSESYNC_DATA_DIR: 'memory://' });
    try {
      expect(await example.exited).toEqual({ code: 1, signal: null });
      expect(example.output()).toMatch(/SPARK_WEBHOOK_SECRET is not set: set it to the secret SPARK signs with/);
      expect(example.output()).not.toContain('"msg":"listening"');
    } finally {
      example.kill();
    }
  });
}
