import { describe, expect, it } from 'vitest';
import { earlyErrorResponse } from './early-response';
import type { Logger } from './logger';

function recording() {
  const calls: { level: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>) => void calls.push({ level, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { calls, logger };
}

describe('earlyErrorResponse', () => {
  it.each([
    [429, 429, { error: 'Too many requests', code: 'RATE_LIMITED' }],
    [413, 413, { error: 'Payload too large', code: 'PAYLOAD_TOO_LARGE' }],
    [400, 400, { error: 'Invalid JSON body', code: 'INVALID_JSON' }],
    [415, 400, { error: 'Invalid JSON body', code: 'INVALID_JSON' }],
    [503, 500, { error: 'Course sync failed', code: 'SYNC_FAILED' }],
    [200, 500, { error: 'Course sync failed', code: 'SYNC_FAILED' }],
  ])('maps a framework status %i to SPEC 3.2 status %i and body', (from, status, body) => {
    const response = earlyErrorResponse(from, { logger: recording().logger });
    expect({ status: response.status, body: JSON.parse(response.body) }).toStrictEqual({ status, body });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('logs a 4xx as a rejected delivery at warn, without the framework error', () => {
    const { calls, logger } = recording();
    earlyErrorResponse(413, { logger, ip: '203.0.113.9', err: new Error('request entity too large') });
    expect(calls).toStrictEqual([
      { level: 'warn', fields: { event: 'course_sync', outcome: 'rejected', status: 413, code: 'PAYLOAD_TOO_LARGE', ip: '203.0.113.9' } },
    ]);
  });

  it('logs the cause of a 500 at error, and never returns it', () => {
    const { calls, logger } = recording();
    const err = new Error('redis: connection refused');
    const response = earlyErrorResponse(500, { logger, err });
    expect(calls).toMatchObject([{ level: 'error', fields: { outcome: 'failed', code: 'SYNC_FAILED', err } }]);
    expect(response.body).not.toContain('redis');
  });

  it('a throwing logger still gets the sender its answer', () => {
    const explode = () => {
      throw new Error('log sink down');
    };
    const logger: Logger = { debug: explode, info: explode, warn: explode, error: explode };
    expect(earlyErrorResponse(429, { logger }).status).toBe(429);
  });
});
