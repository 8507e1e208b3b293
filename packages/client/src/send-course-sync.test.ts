import { verifySignature } from '@coursesync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type RetryEvent, sendCourseSync } from './send-course-sync';
import { isSendError } from './send-error';
import { closedUrl, type ScriptedReply, type ScriptedServer, startScriptedServer } from './test-support/scripted-server';

const secret = 'test-secret';
const payload = { spark_org_id: '24', spark_course_id: 'course_1', course_title: 'Biology 101 — “quoted”' };
const ok: ScriptedReply = { status: 200, body: '{"success":true,"task_count":3}' };
// Tiny delays keep the suite fast; the Retry-After test shows the wait comes from the header, not the backoff.
const fast = { secret, payload, minDelayMs: 1, maxDelayMs: 50 };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...script: ScriptedReply[]): Promise<ScriptedServer> {
  server = await startScriptedServer(script);
  return server;
}

describe('sendCourseSync', () => {
  it('succeeds on the first attempt and the server verifies the exact bytes it received', async () => {
    const { url, requests } = await serve(ok);
    const result = await sendCourseSync({ ...fast, url });
    expect(result).toEqual({ ok: true, status: 200, body: { success: true, task_count: 3 }, attempts: 1 });
    const [request] = requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body.toString('utf8')).toBe(JSON.stringify(payload));
    expect(verifySignature(request!.body, request!.headers['x-spark-signature'], secret)).toBe(true);
  });

  it('signature-over-raw-bytes: a string payload is sent and signed as it is, whitespace and all', async () => {
    const { url, requests } = await serve(ok);
    const text = '{ "spark_org_id": 24,\n  "spark_course_id": "c1", "course_title": "T" }\n';
    await sendCourseSync({ ...fast, url, payload: text });
    expect(requests[0]?.body.toString('utf8')).toBe(text);
    expect(verifySignature(requests[0]!.body, requests[0]!.headers['x-spark-signature'], secret)).toBe(true);
  });

  it('retries 500 then 503 and succeeds on the third attempt, reporting each retry', async () => {
    const { url, requests } = await serve({ status: 500 }, { status: 503 }, ok);
    const retries: RetryEvent[] = [];
    const result = await sendCourseSync({ ...fast, url, onRetry: (event) => retries.push(event) });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 3 });
    expect(requests).toHaveLength(3);
    expect(retries.map((event) => [event.attempt, event.error.status])).toEqual([
      [1, 500],
      [2, 503],
    ]);
    // Every attempt carries the same signed bytes.
    expect(new Set(requests.map((request) => request.body.toString('hex'))).size).toBe(1);
  });

  it('waits as long as Retry-After asks after a 429', async () => {
    const { url, requests } = await serve({ status: 429, headers: { 'retry-after': '1' } }, ok);
    const result = await sendCourseSync({ ...fast, url, maxDelayMs: 5_000 });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    const [first, second] = requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 400 and returns it as REJECTED with the answer', async () => {
    const body = '{"error":"Invalid payload","code":"INVALID_PAYLOAD"}';
    const { url, requests } = await serve({ status: 400, body }, ok);
    const result = await sendCourseSync({ ...fast, url });
    expect(requests).toHaveLength(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(isSendError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ code: 'REJECTED', status: 400, attempts: 1, body: JSON.parse(body) });
  });

  it('bounds the attempts by retries and returns the last answer as RETRIES_EXHAUSTED', async () => {
    const { url, requests } = await serve({ status: 503, body: 'down for maintenance' });
    const result = await sendCourseSync({ ...fast, url, retries: 2 });
    expect(requests).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, attempts: 3, error: { code: 'RETRIES_EXHAUSTED', status: 503, body: 'down for maintenance' } });
  });

  it('times out a hung server on every attempt, retries, and ends with TIMEOUT', async () => {
    const { url, requests } = await serve('hang');
    const result = await sendCourseSync({ ...fast, url, retries: 1, timeoutMs: 150 });
    expect(requests).toHaveLength(2);
    expect(result).toMatchObject({ ok: false, attempts: 2, error: { code: 'TIMEOUT' } });
  });

  it('retries a refused connection and ends with NETWORK', async () => {
    const retries: RetryEvent[] = [];
    const result = await sendCourseSync({ ...fast, url: await closedUrl(), retries: 2, onRetry: (event) => retries.push(event) });
    expect(result).toMatchObject({ ok: false, attempts: 3, error: { code: 'NETWORK' } });
    expect(retries).toHaveLength(2);
  });

  it("stops waiting and sends nothing more once the caller's signal fires", async () => {
    const { url, requests } = await serve({ status: 503, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const result = await sendCourseSync({ ...fast, url, maxDelayMs: 60_000, signal: controller.signal, onRetry: () => controller.abort() });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, attempts: 1, error: { code: 'ABORTED' } });
  });

  it('throws a ConfigurationError for unusable options instead of sending', async () => {
    await expect(sendCourseSync({ url: 'http://127.0.0.1:1/', secret: '', payload })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
    await expect(sendCourseSync({ url: 'ftp://example.com/', secret, payload })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
    await expect(sendCourseSync({ url: 'http://127.0.0.1:1/', secret, payload, retries: -1 })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
    });
  });
});
