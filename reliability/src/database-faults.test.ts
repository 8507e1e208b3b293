import { createWebhookHandler, silentLogger, signBody, type WebhookHandler } from '@coursesync/core';
import { createDatabase, createKyselyRepository, type CourseSyncDatabase } from '@coursesync/kysely';
import { afterQuestWrite, createTestDatabase, type TestDatabase } from '@coursesync/kysely/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectStoredCourse } from './course-check';
import { versionedPayload } from './course-states';
import { describeDrill, runFaultDrill } from './fault-drill';
import { SECRET } from './delivery-world';
import { applyDelivery, type ModelCourse, type WirePayload } from './model';
import { snapshotReader, SOAK_FACTOR } from './targets';
import { startTcpProxy } from './tcp-proxy';

// SPEC 9: "a database that dies mid-sync leaves no partial course and the server recovers by itself when it
// returns". Postgres only: each test has a database of its own, reached by the handler through one long-lived
// pool, and read back through a separate connection that the faults do not touch.

const SYNC_FAILED = JSON.stringify({ error: 'Course sync failed', code: 'SYNC_FAILED' });
const figures: string[] = [];
const opened: { close(): Promise<void> }[] = [];

async function deliver(handle: WebhookHandler, payload: WirePayload) {
  const body = JSON.stringify(payload);
  const response = await handle({ headers: { 'x-spark-signature': signBody(body, SECRET) }, rawBody: body });
  return { status: response.status, body: response.body };
}

describe.skipIf(!process.env.DATABASE_URL)('database faults on Postgres', () => {
  let database: TestDatabase;
  let reader: ReturnType<typeof snapshotReader>;
  // In a server, an error that escapes as an uncaught exception kills the process: no recovery then.
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(error);
  afterEach(() => {
    const messages = uncaught.splice(0).map((error) => (error instanceof Error ? error.message : String(error)));
    expect(messages, 'fault-crashes-process: database errors escaped as uncaught exceptions (a pg client checked out of the pool has no error listener)').toEqual([]);
  });
  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    database = await createTestDatabase({ dialect: 'postgres' });
    reader = snapshotReader(database.db);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    for (const resource of opened.reverse()) await resource.close();
    await database?.destroy();
    console.log(`[reliability] database faults:\n  ${figures.join('\n  ')}`);
  });

  it('connection-terminated-mid-sync: a sync whose connection is terminated between its quest and task statements answers 500 and leaves no partial course; the same pool then syncs it', async () => {
    const app = await createDatabase({ connectionString: database.connectionString });
    opened.push({ close: () => app.destroy() });
    let armed = false;
    let terminated = 0;
    // Runs inside the sync's transaction, after the quest row is written: terminate that very connection.
    const terminateMidSync = afterQuestWrite(async () => {
      if (!armed) return;
      armed = false;
      const { rows } = await sql<{ pid: number }>`select pg_terminate_backend(pid), pid from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'idle in transaction'`.execute(database.db);
      expect(rows, 'exactly the sync in flight was terminated').toHaveLength(1);
      terminated += 1;
    });
    const handle = createWebhookHandler({ secret: SECRET, repository: createKyselyRepository(app.db.withPlugin(terminateMidSync)), logger: silentLogger });
    const rounds = 8 * SOAK_FACTOR;
    for (let round = 1; round <= rounds; round++) {
      const courseId = `terminated-${Date.now()}-${round}`;
      const key = { platform: 'spark', orgId: 'faults', courseId };
      let model: ModelCourse | undefined;
      for (const version of [1, 2]) {
        const payload = versionedPayload('faults', courseId, version);
        const before = await reader.findCourse(key);
        armed = true;
        expect(await deliver(handle, payload)).toEqual({ status: 500, body: SYNC_FAILED });
        expect(await reader.findCourse(key), 'a terminated sync leaves the course exactly as it was').toEqual(before);
        const retried = await deliver(handle, payload);
        expect(retried.status, `the resend after the fault got ${retried.body}`).toBe(200);
        model = applyDelivery(model, payload).course;
        expectStoredCourse(await reader.findCourse(key), model, { orgId: 'faults', courseId });
      }
    }
    expect(terminated).toBe(rounds * 2);
    figures.push(`terminated mid-sync: ${terminated} connections terminated between the quest and task statements -> ${terminated} x 500, no partial course; ${terminated} resends -> 200 on the same pool`);
  }, 120_000 * SOAK_FACTOR);

  it('database-unreachable: while the path to the database is cut and restored under a steady stream of deliveries, only deliveries during a cut get 500s, no course is ever partial, and 200s return without a restart', async () => {
    const direct = new URL(database.connectionString as string);
    const proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    opened.push(proxy);
    const proxied = new URL(direct);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const app: CourseSyncDatabase = await createDatabase({ connectionString: proxied.toString() });
    opened.push({ close: () => app.destroy() });
    const handle = createWebhookHandler({ secret: SECRET, repository: createKyselyRepository(app.db), logger: silentLogger });
    const drill = { senders: 3, cycles: 3 * Math.ceil(SOAK_FACTOR / 5), perPhase: 15, orgId: 'faults' };
    const counts = await runFaultDrill(
      { proxy, read: (key) => reader.findCourse(key), deliver: async (payload) => {
        const { status, body } = await deliver(handle, payload);
        return { status, body: JSON.parse(body) as unknown };
      } },
      drill,
    );
    expect(counts.cut500).toBeGreaterThanOrEqual(drill.cycles * 10);
    expect(counts.healthy200).toBeGreaterThanOrEqual((drill.cycles + 1) * 10);
    figures.push(`database unreachable (handler): ${describeDrill(counts, proxy, drill.senders)}; 200s after every restore on the same pool`);
  }, 120_000 * SOAK_FACTOR);

  it('database-partition-hang: while the database does not answer at all (a network partition: connections neither refused nor answered), a delivery still gets a 500 instead of waiting without end, and a 200 once it answers again', async () => {
    const direct = new URL(database.connectionString as string);
    const proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    opened.push(proxy);
    const proxied = new URL(direct);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const app = await createDatabase({ connectionString: proxied.toString() });
    opened.push({ close: () => app.destroy() });
    const handle = createWebhookHandler({ secret: SECRET, repository: createKyselyRepository(app.db), logger: silentLogger });
    const courseId = `partition-${Date.now()}`;
    expect((await deliver(handle, versionedPayload('faults', courseId, 1))).status).toBe(200);
    proxy.setMode('reset'); // the pool's open connections die first, as they would when the partition starts
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.setMode('hold');
    // Far longer than any sensible connection timeout; a sender gives up long before (the client's default is 10 s).
    const PATIENCE_MS = 20_000;
    const answer = await Promise.race([
      deliver(handle, versionedPayload('faults', courseId, 2)),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PATIENCE_MS)),
    ]);
    proxy.setMode('forward');
    expect(answer, `no answer within ${PATIENCE_MS / 1000} s while the database was partitioned: set a connection timeout on the pool`).toEqual({ status: 500, body: SYNC_FAILED });
    expect((await deliver(handle, versionedPayload('faults', courseId, 3))).status).toBe(200);
    figures.push('database partitioned (connections held unanswered): 1 delivery -> 500 without waiting for the partition to end; 200 after it healed');
  }, 60_000);
});
