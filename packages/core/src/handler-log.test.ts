import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookHandler } from './handler';
import type { Logger } from './logger';
import { createMemoryRepository } from './memory-repository';
import type { CourseSyncRepository } from './repository';
import { signBody } from './signature';

const SECRET = 'log-test-secret-5f1c';
const BODY = JSON.stringify({
  spark_org_id: 24,
  spark_course_id: 'course_bio101',
  course_title: 'Biology 101',
  assignments: [{ spark_assignment_id: 'a1', title: 'Secret-free lab' }],
});
const SIGNATURE = signBody(BODY, SECRET);

function capture() {
  const lines: { level: string; fields: Record<string, unknown>; message?: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message?: string) => lines.push({ level, fields, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the delivery log line', () => {
  it('secret-in-logs: one line per delivery, at the level of its status, with neither secret, signature nor body', async () => {
    const { lines, logger } = capture();
    const failing: CourseSyncRepository = {
      applyCourseSync: () => Promise.reject(new Error('database is down')),
      findCourse: async () => undefined,
    };
    const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository(), logger });
    const handleFailing = createWebhookHandler({ secret: SECRET, repository: failing, logger });
    const request = (headers: Record<string, string>, rawBody: unknown = BODY) => ({ headers, rawBody, ip: '198.51.100.4' });

    await handle(request({ 'x-spark-signature': SIGNATURE }));
    await handle(request({ 'x-spark-signature': (SIGNATURE.startsWith('0') ? '1' : '0') + SIGNATURE.slice(1) }));
    await handle(request({ 'x-spark-signature': signBody('[]', SECRET) }, '[]'));
    await handle(request({ 'x-spark-signature': SIGNATURE }, JSON.parse(BODY)));
    await handleFailing(request({ 'x-spark-signature': SIGNATURE }));

    expect(lines.map(({ level, fields }) => [level, fields.status, fields.code])).toEqual([
      ['info', 200, undefined],
      ['warn', 401, 'INVALID_SIGNATURE'],
      ['warn', 400, 'INVALID_PAYLOAD'],
      ['error', 500, 'RAW_BODY_UNAVAILABLE'],
      ['error', 500, 'SYNC_FAILED'],
    ]);
    const text = JSON.stringify(lines, (_key, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack } : value));
    expect(text).not.toContain(SECRET);
    expect(text.toLowerCase()).not.toContain(SIGNATURE.slice(0, 16));
    expect(text).not.toContain('Secret-free lab');
  });

  it('request-logger: a per-delivery logger (Fastify request.log) gets the line instead of the handler logger', async () => {
    const handlerLog = capture();
    const requestLog = capture();
    const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository(), logger: handlerLog.logger });

    const response = await handle({ headers: { 'x-spark-signature': SIGNATURE }, rawBody: BODY, logger: requestLog.logger });

    expect(response.status).toBe(200);
    expect(handlerLog.lines).toEqual([]);
    expect(requestLog.lines.map(({ level, fields }) => [level, fields.status, fields.course_id])).toEqual([['info', 200, 'course_bio101']]);
  });

  it('names the course, the outcome and the counts of a synced delivery', async () => {
    const { lines, logger } = capture();
    const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository(), logger });
    await handle({ headers: { 'x-spark-signature': SIGNATURE }, rawBody: Buffer.from(BODY), ip: '198.51.100.4' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.fields).toMatchObject({
      event: 'course_sync',
      outcome: 'synced',
      status: 200,
      org_id: '24',
      course_id: 'course_bio101',
      created: true,
      task_count: 1,
      tasks_created: 1,
      tasks_updated: 0,
      tasks_unchanged: 0,
      assignments: 1,
      bytes: Buffer.byteLength(BODY),
      ip: '198.51.100.4',
    });
    expect(lines[0]?.fields.quest_id).toEqual(expect.any(String));
    expect(lines[0]?.fields.duration_ms).toEqual(expect.any(Number));
  });

  it('logger-throws-rejects: a logger that throws does not change the answer', async () => {
    const boom = () => {
      throw new Error('log sink down');
    };
    const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository(), logger: { debug: boom, info: boom, warn: boom, error: boom } });
    expect((await handle({ headers: { 'x-spark-signature': SIGNATURE }, rawBody: BODY })).status).toBe(200);
    expect((await handle({ headers: {}, rawBody: BODY })).status).toBe(401);
  });

  it('by default writes warnings and errors as JSON lines on stderr and drops info', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository() });
    await handle({ headers: { 'x-spark-signature': SIGNATURE }, rawBody: BODY });
    expect(written).toEqual([]);
    await handle({ headers: { 'x-spark-signature': 'f'.repeat(64) }, rawBody: BODY });
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({ level: 'warn', msg: 'course sync rejected', status: 401, code: 'INVALID_SIGNATURE' });
    expect(written[0]).not.toContain('f'.repeat(64));
  });
});
