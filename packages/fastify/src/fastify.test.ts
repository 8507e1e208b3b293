import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository, silentLogger } from '@coursesync/core';
import { TEST_SECRET, buildCoursePayload, describeHttpConformance, randomId, signedRequest } from '@coursesync/core/testing';
import { courseSyncPlugin, type FastifyCourseSyncOptions } from './index';

const WEBHOOK_PATH = '/spark/webhook/course';

async function start(options: FastifyCourseSyncOptions, server: FastifyServerOptions = {}, extra?: (app: FastifyInstance) => void) {
  const app = Fastify(server);
  await app.register(courseSyncPlugin, options);
  extra?.(app);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base, url: `${base}${options.path ?? WEBHOOK_PATH}`, close: () => app.close() };
}

describeHttpConformance('fastify', async ({ rateLimitPerMinute, ...options }) => {
  const rateLimit = rateLimitPerMinute === false ? false : { limitPerMinute: rateLimitPerMinute };
  const { url, close } = await start({ ...options, rateLimit });
  return { url, close };
});

describe('fastify adapter', () => {
  const options = (extra: Partial<FastifyCourseSyncOptions> = {}): FastifyCourseSyncOptions => ({
    secret: TEST_SECRET,
    repository: createMemoryRepository(),
    ...extra,
  });
  const post = (url: string, extra = {}) => {
    const { body, headers } = signedRequest(buildCoursePayload({ spark_course_id: randomId('course') }));
    return fetch(url, { method: 'POST', body, headers: { ...headers, ...extra } });
  };

  it("parser-encapsulated: the host's JSON routes on the same app still get a parsed object", async () => {
    const server = await start(options(), {}, (app) => {
      app.post('/echo', async (request) => ({ parsed: request.body }));
    });
    try {
      const response = await fetch(`${server.base}/echo`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(await response.json()).toStrictEqual({ parsed: { a: 1 } });
      expect((await post(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rate-limit-encapsulated: the limit applies to the webhook route only', async () => {
    const server = await start(options({ rateLimit: { limitPerMinute: 1 } }), {}, (app) => {
      app.get('/ping', async () => ({ ok: true }));
    });
    try {
      expect((await post(server.url)).status).toBe(200);
      expect((await post(server.url)).status).toBe(429);
      for (let i = 0; i < 3; i++) expect((await fetch(`${server.base}/ping`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("rate limits per client IP as Fastify's trustProxy sees it, on a custom path", async () => {
    const server = await start(options({ path: '/hooks/spark', rateLimit: { limitPerMinute: 1 } }), { trustProxy: '127.0.0.1' });
    try {
      expect((await post(server.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
      expect((await post(server.url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
      expect((await post(server.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it("logs each delivery through Fastify's request logger when no logger is passed", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
    const server = await start(options(), { logger: { level: 'info', stream } });
    try {
      expect((await post(server.url)).status).toBe(200);
      const delivery = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => 'quest_id' in line);
      expect(delivery).toMatchObject({ reqId: expect.any(String), task_count: 3 });
    } finally {
      await server.close();
    }
  });

  it('rate-limit-shared: two servers on one Redis count together', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // Counts live in Redis for a minute: a client address of its own keeps reruns apart.
    const client = { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };
    const first = await start(options({ rateLimit: { limitPerMinute: 1, redis } }), { trustProxy: '127.0.0.1' });
    const second = await start(options({ rateLimit: { limitPerMinute: 1, redis } }), { trustProxy: '127.0.0.1' });
    try {
      expect((await post(first.url, client)).status).toBe(200);
      expect((await post(second.url, client)).status).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
      await redis.quit();
    }
  });

  it('rate-limit-store-down: an unreachable Redis answers 500 SYNC_FAILED as JSON, so the sender retries', async () => {
    const redis = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const server = await start(options({ logger: silentLogger, rateLimit: { redis } }));
    try {
      const response = await post(server.url);
      expect(response.status).toBe(500);
      expect(await response.json()).toStrictEqual({ error: 'Course sync failed', code: 'SYNC_FAILED' });
    } finally {
      await server.close();
      redis.disconnect();
    }
  });
});
