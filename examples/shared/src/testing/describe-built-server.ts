import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { createMemoryRepository, DEFAULT_WEBHOOK_PATH } from '@coursesync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../listen';
import { createLogger } from '../logger';
import { closeRedis, openRedis } from '../redis';
import type { BuildServer, ReferenceServer, ReferenceServerConfig } from '../server-config';

// Short enough for a test, long enough for a loaded CI machine to send a complete request in time.
const SHORT_TIMEOUTS = { headersMs: 500, requestMs: 1_000, keepAliveMs: 500, checkIntervalMs: 100 };

/**
 * In-process tests of one example's `buildServer` on the memory repository (no database needed): timeouts
 * against slow clients, `GET /healthz`, the rate limit and `TRUST_PROXY`, and a shared Redis count when
 * `REDIS_URL` is set.
 */
export function describeBuiltServer(buildServer: BuildServer): void {
  const running: ReferenceServer[] = [];
  afterEach(async () => {
    for (const reference of running.splice(0)) {
      reference.server.closeAllConnections();
      await reference.close();
    }
  });
  const start = async (config: Partial<ReferenceServerConfig> = {}) => {
    const reference = await buildServer({
      secrets: ['built-server-secret'],
      repository: createMemoryRepository(),
      isHealthy: async () => true,
      logger: createLogger('silent'),
      ...config,
    });
    running.push(reference);
    const url = new URL(await listen(reference.server, 0, '127.0.0.1'));
    return { host: url.hostname, port: Number(url.port), url: url.origin };
  };

  describe('slow clients', () => {
    it.each([
      ['silent-connection', ''],
      ['slow-headers', 'POST /spark/webhook/course HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl'],
      [
        'stalled-body',
        'POST /spark/webhook/course HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\nX-Spark-Signature: 00\r\n\r\n{"spark_course_id":',
      ],
    ])('%s: a client that never finishes its request is disconnected', async (_name, partialRequest) => {
      const { host, port } = await start({ timeouts: SHORT_TIMEOUTS });
      const socket = connect(port, host);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => {}); // a reset is as good as a close here
      if (partialRequest) socket.write(partialRequest);
      await closed; // with Node's defaults this would take 5 minutes: the test times out
      expect(socket.destroyed).toBe(true);
      expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
    });
  });

  describe('GET /healthz', () => {
    it('answers 200 {"status":"ok"} when the database answers', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/healthz`);
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    });

    it('database-down-health: answers 503 {"status":"unavailable"} when the database does not answer', async () => {
      const { url } = await start({ isHealthy: async () => false });
      const response = await fetch(`${url}/healthz`);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 503,
        body: { status: 'unavailable' },
      });
    });
  });

  describe('rate limit', () => {
    const post = (url: string, forwardedFor: string) =>
      fetch(`${url}${DEFAULT_WEBHOOK_PATH}`, { method: 'POST', body: '{}', headers: { 'x-forwarded-for': forwardedFor } });

    it('trust-proxy-off-by-default: a forged X-Forwarded-For does not get a client past the limit', async () => {
      const { url } = await start({ rateLimitPerMinute: 1 });
      expect((await post(url, '203.0.113.1')).status).toBe(401);
      expect((await post(url, '203.0.113.2')).status).toBe(429);
    });

    it.runIf(process.env.REDIS_URL)('shared-rate-limit: two servers on one Redis (REDIS_URL) count together', async () => {
      const redis = await openRedis(process.env.REDIS_URL as string, createLogger('silent'));
      try {
        const config = { rateLimitPerMinute: 2, redis, trustProxy: true };
        const [a, b] = [await start(config), await start(config)];
        // A client address of this test's own, so other tests on the same Redis never share its count.
        const client = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;
        const statuses = [];
        for (const url of [a.url, b.url, a.url, b.url]) statuses.push((await post(url, client)).status);
        expect(statuses).toEqual([401, 401, 429, 429]);
        const over = await post(a.url, client);
        expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
      } finally {
        await closeRedis(redis);
      }
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
}
