import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository, silentLogger, type Logger } from '@coursesync/core';
import { TEST_SECRET, buildCoursePayload, describeHttpConformance, randomId, signedRequest } from '@coursesync/core/testing';
import { courseSyncRouter, keepRawBody, type ExpressCourseSyncOptions } from './index';

const WEBHOOK_PATH = '/spark/webhook/course';

async function listen(app: Express, path = WEBHOOK_PATH) {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describeHttpConformance('express', ({ rateLimitPerMinute, ...options }) => {
  const rateLimit = rateLimitPerMinute === false ? false : { limitPerMinute: rateLimitPerMinute };
  return listen(express().use(courseSyncRouter({ ...options, rateLimit })));
});

describe('express adapter', () => {
  const recording = () => {
    const lines: string[] = [];
    const log = (fields: object, message?: string) => lines.push(`${message ?? ''} ${JSON.stringify(fields)}`);
    return { lines, logger: { debug: log, info: log, warn: log, error: log } satisfies Logger };
  };
  const options = (extra: Partial<ExpressCourseSyncOptions> = {}): ExpressCourseSyncOptions => ({
    secret: TEST_SECRET,
    repository: createMemoryRepository(),
    logger: silentLogger,
    ...extra,
  });
  const post = (url: string, payload = buildCoursePayload({ spark_course_id: randomId('course') }), extra = {}) => {
    const { body, headers } = signedRequest(payload);
    return fetch(url, { method: 'POST', body, headers: { ...headers, ...extra } });
  };

  it('raw-body-consumed: after a global express.json() without keepRawBody, answers 500 RAW_BODY_UNAVAILABLE and logs the fix', async () => {
    const { lines, logger } = recording();
    const server = await listen(express().use(express.json()).use(courseSyncRouter(options({ logger }))));
    try {
      const response = await post(server.url);
      expect(response.status).toBe(500);
      expect(await response.json()).toStrictEqual({ error: 'Raw request body unavailable', code: 'RAW_BODY_UNAVAILABLE' });
      expect(lines.join('\n')).toContain('keepRawBody');
    } finally {
      await server.close();
    }
  });

  it('a global express.json({ verify: keepRawBody }) keeps the bytes: the signature verifies', async () => {
    const app = express().use(express.json({ verify: keepRawBody })).use(courseSyncRouter(options()));
    const server = await listen(app);
    try {
      expect((await post(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('body-limit-without-reading: a Content-Length over the limit gets 413 before any body byte is sent, and a stalled upload is then cut', async () => {
    const server = await listen(express().use(courseSyncRouter(options({ maxBodyBytes: 1024 }))));
    try {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      // Headers only: the 10 MiB body never follows, so an answer proves nothing waited for it.
      socket.write(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.toLowerCase()).toContain('connection: close');
      expect(answer.endsWith('{"error":"Payload too large","code":"PAYLOAD_TOO_LARGE"}')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('content-encoding-not-decoded: the signature covers the bytes as sent, as on Fastify', async () => {
    const server = await listen(express().use(courseSyncRouter(options())));
    try {
      const { body, headers } = signedRequest(buildCoursePayload({ spark_course_id: randomId('course') }));
      const response = await fetch(server.url, { method: 'POST', body, headers: { ...headers, 'content-encoding': 'gzip' } });
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("mounted before express.json(), the host's own JSON routes still get parsed bodies", async () => {
    const app = express().use(courseSyncRouter(options())).use(express.json());
    app.post('/echo', (req, res) => {
      res.json({ parsed: req.body });
    });
    const server = await listen(app, '/echo');
    try {
      const response = await fetch(server.url, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(await response.json()).toStrictEqual({ parsed: { a: 1 } });
    } finally {
      await server.close();
    }
  });

  it("rate limits per client IP as Express's trust proxy setting sees it, on a custom path", async () => {
    const app = express().set('trust proxy', 'loopback').use(courseSyncRouter(options({ path: '/hooks/spark', rateLimit: { limitPerMinute: 1 } })));
    const server = await listen(app, '/hooks/spark');
    try {
      expect((await post(server.url, undefined, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
      expect((await post(server.url, undefined, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
      expect((await post(server.url, undefined, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('rate-limit-shared: two routers on one Redis store count together', async () => {
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `coursesync-test:${randomUUID()}:`;
    const store = () => new RedisStore({ prefix, sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as Promise<RedisReply> });
    const first = await listen(express().use(courseSyncRouter(options({ rateLimit: { limitPerMinute: 1, store: store() } }))));
    const second = await listen(express().use(courseSyncRouter(options({ rateLimit: { limitPerMinute: 1, store: store() } }))));
    try {
      expect((await post(first.url)).status).toBe(200);
      expect((await post(second.url)).status).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
      await client.quit();
    }
  });

  it('rate-limit-store-down: a failing store answers 500 SYNC_FAILED as JSON, so the sender retries', async () => {
    const down = () => Promise.reject(new Error('store unreachable'));
    const store = { increment: down, decrement: down, resetKey: down };
    const server = await listen(express().use(courseSyncRouter(options({ rateLimit: { store } }))));
    try {
      const response = await post(server.url);
      expect(response.status).toBe(500);
      expect(await response.json()).toStrictEqual({ error: 'Course sync failed', code: 'SYNC_FAILED' });
    } finally {
      await server.close();
    }
  });
});
