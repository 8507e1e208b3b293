import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookHandlerOptions } from '../handler';
import type { Logger } from '../logger';
import { createMemoryRepository } from '../memory-repository';
import type { CourseSyncRepository } from '../repository';
import { biology101, buildCoursePayload, randomId } from './builders';
import { TEST_SECRET, signedRequest } from './signing';

/** What the suite asks an adapter's server for: the handler's options plus the rate limit. */
export interface HttpServerOptions extends WebhookHandlerOptions {
  /** Requests per minute and client IP; `false` turns the limiter off. The suite passes a number. */
  readonly rateLimitPerMinute?: number | false;
}

/** A listening server: `url` is the webhook's full URL (`http://127.0.0.1:<port>/spark/webhook/course`). */
export interface StartedHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16_384;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const failingRepository: CourseSyncRepository = {
  applyCourseSync: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 (test)')),
  findCourse: () => Promise.resolve(undefined),
};

/**
 * The one HTTP suite every adapter runs (SPEC 3.2, row by row, with exact statuses and bodies) against a real
 * server listening on 127.0.0.1, through `fetch`.
 *
 * @example
 * ```ts
 * describeHttpConformance('express', async (options) => {
 *   const app = express().use(courseSyncRouter({ ...options, rateLimit: { limitPerMinute: options.rateLimitPerMinute } }))
 *   return listen(app) // { url, close }
 * })
 * ```
 */
export function describeHttpConformance(
  name: string,
  start: (options: HttpServerOptions) => Promise<StartedHttpServer>,
): void {
  describe(`${name}: HTTP conformance (SPEC 3.2)`, () => {
    const errors: unknown[] = [];
    const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (fields) => errors.push(fields) };
    const base = { secret: TEST_SECRET, logger, maxBodyBytes: MAX_BODY_BYTES, rateLimitPerMinute: 1_000 } as const;
    let server: StartedHttpServer;
    beforeAll(async () => {
      server = await start({ ...base, repository: createMemoryRepository() });
    });
    afterAll(() => server?.close());

    const post = (body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}, url = server.url) =>
      fetch(url, { method: 'POST', body, headers, ...(body instanceof ReadableStream && { duplex: 'half' }) });
    const fresh = (overrides = {}) => buildCoursePayload({ spark_course_id: randomId('course'), ...overrides });
    async function withServer(options: Partial<HttpServerOptions>, use: (url: string) => Promise<void>) {
      const dedicated = await start({ ...base, repository: createMemoryRepository(), ...options });
      try {
        await use(dedicated.url);
      } finally {
        await dedicated.close();
      }
    }

    it('row 1: 429 with Retry-After after the limit, before the body is even looked at', async () => {
      await withServer({ rateLimitPerMinute: 3 }, async (url) => {
        for (let i = 0; i < 3; i++) expect((await post('{}', {}, url)).status).toBe(401);
        const { body, headers } = signedRequest(fresh());
        const limited = await post(body, headers, url);
        await expectJson(limited, 429, { error: 'Too many requests', code: 'RATE_LIMITED' });
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      });
    });

    it('row 2: 413 when Content-Length is over the limit, even unsigned', async () => {
      await expectJson(await post('x'.repeat(MAX_BODY_BYTES + 1)), 413, TOO_LARGE);
    });

    it('row 2: 413 for a chunked body over the limit without Content-Length', async () => {
      const { headers } = signedRequest('{}');
      await expectJson(await post(chunkedBody(3 * MAX_BODY_BYTES), headers), 413, TOO_LARGE);
    });

    it('row 2: a body of exactly the limit is accepted', async () => {
      const payload = fresh({ course_description: '' });
      const padding = MAX_BODY_BYTES - Buffer.byteLength(JSON.stringify(payload));
      const { body, headers } = signedRequest({ ...payload, course_description: 'x'.repeat(padding) });
      expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
      expect((await post(body, headers)).status).toBe(200);
    });

    it('row 3: 401 when X-Spark-Signature is absent or empty', async () => {
      const { body } = signedRequest(fresh());
      const missing = { error: 'Missing signature', code: 'MISSING_SIGNATURE' };
      await expectJson(await post(body, { 'content-type': 'application/json' }), 401, missing);
      await expectJson(await post(body, { 'content-type': 'application/json', 'x-spark-signature': '' }), 401, missing);
    });

    it('row 4: 401 when the signature is malformed or does not match', async () => {
      const { body, headers } = signedRequest(fresh());
      const invalid = { error: 'Invalid signature', code: 'INVALID_SIGNATURE' };
      const otherBody = signedRequest(`${body} `).headers['x-spark-signature'];
      for (const signature of [otherBody, 'not-a-signature', `sha256=${otherBody}`, headers['x-spark-signature'].slice(1)]) {
        await expectJson(await post(body, { ...headers, 'x-spark-signature': signature }), 401, invalid);
      }
    });

    it('row 5: 400 INVALID_JSON for a signed body that is not JSON, including an empty one', async () => {
      const invalidJson = { error: 'Invalid JSON body', code: 'INVALID_JSON' };
      for (const text of ['{"spark_course_id": ', '']) {
        const { body, headers } = signedRequest(text);
        await expectJson(await post(body, headers), 400, invalidJson);
      }
    });

    it('an empty body with a Content-Type but no signature is a 401, not a framework error', async () => {
      const missing = { error: 'Missing signature', code: 'MISSING_SIGNATURE' };
      await expectJson(await post('', { 'content-type': 'application/json' }), 401, missing);
    });

    it('row 6: 400 when the JSON is not an object', async () => {
      const notObject = { error: 'Request body must be a JSON object', code: 'INVALID_PAYLOAD' };
      for (const text of ['[1,2]', '"course"', 'null']) {
        const { body, headers } = signedRequest(text);
        await expectJson(await post(body, headers), 400, notObject);
      }
    });

    it('row 7: 400 MISSING_FIELDS without course_title or spark_course_id', async () => {
      const missingFields = { error: 'Missing spark_course_id or course_title', code: 'MISSING_FIELDS' };
      const { course_title: _title, ...noTitle } = fresh();
      for (const payload of [noTitle, fresh({ spark_course_id: '' })]) {
        const { body, headers } = signedRequest(payload);
        await expectJson(await post(body, headers), 400, missingFields);
      }
    });

    it('row 8: 400 INVALID_PAYLOAD names the path of the violation', async () => {
      const payload = fresh();
      const { body, headers } = signedRequest({ ...payload, assignments: [payload.assignments![0], { spark_assignment_id: 'a2', title: '' }] });
      const details = [{ path: 'assignments.1.title', message: expect.any(String) }];
      await expectJson(await post(body, headers), 400, { error: 'Invalid payload', code: 'INVALID_PAYLOAD', details });
    });

    it("row 9: 200 with SPEC 3.3's body for the guide's Biology 101", async () => {
      const { body, headers } = signedRequest(biology101);
      await expectJson(await post(body, headers), 200, {
        ...success('Biology 101', 3),
        created: true,
        tasks_created: 3,
      });
    });

    it('row 9: a second delivery of the same course answers the same quest_id', async () => {
      const payload = fresh();
      const first = signedRequest(payload);
      const { quest_id: questId } = (await (await post(first.body, first.headers)).json()) as { quest_id: string };
      const assignments = [...payload.assignments!, { spark_assignment_id: 'assign_bio_004', title: 'Genetics Quiz' }];
      const second = signedRequest({ ...payload, course_title: 'Biology 102', assignments });
      await expectJson(await post(second.body, second.headers), 200, {
        ...success('Biology 102', 4),
        quest_id: questId,
        tasks_created: 1,
        tasks_unchanged: 3,
      });
    });

    it('row 10: 500 SYNC_FAILED when the repository fails; the cause is logged, never returned', async () => {
      await withServer({ repository: failingRepository }, async (url) => {
        const before = errors.length;
        const { body, headers } = signedRequest(fresh());
        await expectJson(await post(body, headers, url), 500, { error: 'Course sync failed', code: 'SYNC_FAILED' });
        expect(errors.length).toBeGreaterThan(before);
      });
    });

    it('content-type-not-enforced: a signed body without Content-Type, as curl -d, text/plain or malformed, syncs', async () => {
      const contentTypes = [undefined, 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8', 'json', ''];
      for (const contentType of contentTypes) {
        const { body, headers } = signedRequest(fresh());
        const sent: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
        // A Uint8Array body makes fetch send no Content-Type at all.
        const response = await post(new TextEncoder().encode(body), { ...sent, 'x-spark-signature': headers['x-spark-signature'] });
        expect({ contentType, status: response.status }).toStrictEqual({ contentType, status: 200 });
      }
    });

    it('signature-over-raw-bytes: odd whitespace, key order and non-ASCII text verify as sent', async () => {
      const id = randomId('course');
      const text = `{\r\n\t"course_title" :  "Biologie für Anfänger 🌱",\n "spark_org_id":24, "spark_course_id": "${id}" }  `;
      const { body, headers } = signedRequest(text);
      await expectJson(await post(body, headers), 200, { ...success('Biologie für Anfänger 🌱', 0), created: true });
    });

    it('accepts the sha256= prefix and upper-case hex', async () => {
      const { body, headers } = signedRequest(fresh());
      const signature = `sha256=${headers['x-spark-signature'].toUpperCase()}`;
      expect((await post(body, { ...headers, 'x-spark-signature': signature })).status).toBe(200);
    });
  });
}

const TOO_LARGE = { error: 'Payload too large', code: 'PAYLOAD_TOO_LARGE' };

function success(title: string, taskCount: number) {
  return {
    success: true,
    quest_id: expect.stringMatching(UUID),
    task_count: taskCount,
    message: `Quest '${title}' synced successfully`,
    created: false,
    tasks_created: 0,
    tasks_updated: 0,
    tasks_unchanged: 0,
  };
}

async function expectJson(response: Response, status: number, body: unknown): Promise<void> {
  const text = await response.text();
  expect({ status: response.status, body: parseJson(text) }).toStrictEqual({ status, body });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return `not JSON: ${text}`;
  }
}

function chunkedBody(totalBytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}
