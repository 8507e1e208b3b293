import { buildCoursePayload, randomId } from '@coursesync/core/testing';
import { createScratchDatabase, freePort, type RunningExample, type ScratchDatabase, startExample } from '@coursesync/example-shared/testing';
import { createDatabase, type CourseSyncDatabase } from '@coursesync/kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrill, runFaultDrill } from './fault-drill';
import { type Answer, isAlive, openStalledClient, postSigned, redisAnswers, SCRIPTS, uniqueIp } from './reference-processes';
import { snapshotReader } from './targets';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// SPEC 5 and 9 across processes: two reference servers (started as a user would, `pnpm start` or
// `pnpm start:express`) on one Postgres and one Redis. Process B reaches Postgres through a TCP proxy that the
// last test cuts and restores.

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const available = DATABASE_URL !== undefined && (await redisAnswers(REDIS_URL));
const SECRET = `two-processes-${randomId('secret')}`;
const RATE_LIMIT = 5;
const figures: string[] = [];

describe.skipIf(!available)('two reference-server processes on one Postgres (DATABASE_URL) and one Redis (REDIS_URL)', () => {
  afterAll(() => console.log(`[reliability] two processes:\n  ${figures.join('\n  ')}`));

  describe.each(SCRIPTS)('%s (pnpm %s)', (name, script) => {
    let database: ScratchDatabase;
    let proxy: TcpProxy;
    let reader: CourseSyncDatabase;
    let a: RunningExample;
    let b: RunningExample;
    let stalled: Promise<string>[] = [];
    beforeAll(async () => {
      database = await createScratchDatabase(DATABASE_URL as string);
      const direct = new URL(database.url);
      proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
      const proxied = new URL(database.url);
      proxied.host = `127.0.0.1:${proxy.port}`;
      // The client IP comes from X-Forwarded-For (TRUST_PROXY=loopback), so each test picks addresses no other run uses.
      const env = { SPARK_WEBHOOK_SECRET: SECRET, REDIS_URL, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), TRUST_PROXY: 'loopback', LOG_LEVEL: 'info' };
      // Both start at once on the same empty database: their migrations race too.
      [a, b] = await Promise.all([
        startExample(script, { ...env, PORT: String(await freePort()), DATABASE_URL: database.url }),
        startExample(script, { ...env, PORT: String(await freePort()), DATABASE_URL: proxied.toString() }),
      ]);
      reader = await createDatabase({ connectionString: database.url, poolSize: 2 });
      // Checked by the last test: by then each server must have closed these on its own.
      stalled = [openStalledClient(a.url), openStalledClient(b.url)];
    }, 120_000);
    afterAll(async () => {
      a?.kill();
      b?.kill();
      await reader?.destroy();
      await proxy?.close();
      await database?.drop();
    });

    it('concurrent-first-delivery: 100 concurrent identical first deliveries split across both processes end in one quest, every one a 200 with the same quest_id', async () => {
      const payload = buildCoursePayload({ spark_org_id: randomId('org'), spark_course_id: randomId('concurrent') });
      const body = JSON.stringify(payload);
      const answers: Answer[] = await Promise.all(Array.from({ length: 100 }, (_, i) => postSigned((i % 2 === 0 ? a : b).url, body, SECRET, uniqueIp())));
      expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
      expect(new Set(answers.map((answer) => answer.body.quest_id)).size).toBe(1);
      expect(answers.filter((answer) => answer.body.created === true)).toHaveLength(1);
      for (const answer of answers) expect(answer.body).toMatchObject({ success: true, task_count: 3 });
      const { rows } = await sql<{ quests: number; tasks: number }>`
        select count(distinct q.id)::int as quests, count(t.id)::int as tasks
        from quests q left join quest_sample_tasks t on t.quest_id = q.id
        where q.lms_org_id = ${String(payload.spark_org_id)} and q.lms_course_id = ${String(payload.spark_course_id)}`.execute(reader.db);
      expect(rows[0]).toEqual({ quests: 1, tasks: 3 });
      figures.push(`${name}: 100 concurrent identical first deliveries over 2 processes -> 100 x 200, 1 quest_id, 1 created, 1 quest row with 3 tasks`);
    }, 60_000);

    it(`shared-rate-limit: after ${RATE_LIMIT} requests to one process, the next request gets a 429 from the other process too`, async () => {
      const ip = uniqueIp();
      const deliver = (server: RunningExample) => postSigned(server.url, buildCoursePayload({ spark_course_id: randomId('limited') }), SECRET, ip);
      for (let i = 0; i < RATE_LIMIT; i++) expect((await deliver(a)).status).toBe(200);
      // B has not seen this client yet: only a limit shared through Redis refuses it.
      const fromB = await deliver(b);
      expect(fromB).toMatchObject({ status: 429, body: { error: 'Too many requests', code: 'RATE_LIMITED' } });
      expect(Number(fromB.retryAfter)).toBeGreaterThan(0);
      expect((await deliver(a)).status).toBe(429);
      figures.push(`${name}: RATE_LIMIT_PER_MINUTE=${RATE_LIMIT}: ${RATE_LIMIT} x 200 from A, then 429 from B and 429 from A`);
    }, 60_000);

    it('server-survives-database-cut: process B, its path to Postgres cut and restored under concurrent deliveries, answers 500 only while cut, never leaves a partial course, and answers 200 again without a restart', async () => {
      const drill = { senders: 3, cycles: 2, perPhase: 12, orgId: randomId('drill') };
      const counts = await runFaultDrill(
        {
          proxy,
          read: snapshotReader(reader.db).findCourse,
          deliver: async (payload) => {
            const { status, body } = await postSigned(b.url, payload, SECRET, uniqueIp());
            return { status, body };
          },
          afterDelivery: () => expect(isAlive(b.serverPid), `the server process died:\n${b.output().slice(-2_000)}`).toBe(true),
        },
        drill,
      );
      const health = await fetch(`${b.url}/healthz`);
      expect({ status: health.status, pid: isAlive(b.serverPid) }).toEqual({ status: 200, pid: true });
      figures.push(`${name} process B: ${describeDrill(counts, proxy, drill.senders)}; same process (pid ${b.serverPid}) answered 200 after every restore`);
    }, 120_000);

    it('slow-client-held: a connection opened at start that never finished its request headers has been closed by each server process on its own (default headers timeout)', async () => {
      // With Node's defaults this could take minutes, and the test would time out.
      const received = await Promise.all(stalled);
      for (const text of received) expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
      figures.push(`${name}: 2 stalled connections (headers never finished) -> closed by both server processes, answered ${JSON.stringify(received.map((text) => text.split('\r\n')[0] || 'nothing'))}`);
    }, 30_000);
  });
});
