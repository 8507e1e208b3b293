import { expect, it } from 'vitest';
import { signedRequest } from './signing';
import { type HttpContext, MAX_BODY_BYTES, chunkedBody, expectJson, freshCourse } from './http-conformance-context';

const TOO_LARGE = { error: 'Payload too large', code: 'PAYLOAD_TOO_LARGE' };
const MISSING_SIGNATURE = { error: 'Missing signature', code: 'MISSING_SIGNATURE' };

/** SPEC 3.2 rows 1 to 8: every request the sender must not retry as it is. */
export function describeRejections(context: HttpContext): void {
  const { post, withServer } = context;

  it('row 1: 429 with Retry-After after the limit, before the body is even looked at', async () => {
    await withServer({ rateLimitPerMinute: 3 }, async (url) => {
      for (let i = 0; i < 3; i++) expect((await post('{}', {}, url)).status).toBe(401);
      const { body, headers } = signedRequest(freshCourse());
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
    const payload = freshCourse({ course_description: '' });
    const padding = MAX_BODY_BYTES - Buffer.byteLength(JSON.stringify(payload));
    const { body, headers } = signedRequest({ ...payload, course_description: 'x'.repeat(padding) });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await post(body, headers)).status).toBe(200);
  });

  it('row 3: 401 when X-Spark-Signature is absent or empty', async () => {
    const { body } = signedRequest(freshCourse());
    await expectJson(await post(body, { 'content-type': 'application/json' }), 401, MISSING_SIGNATURE);
    await expectJson(await post(body, { 'content-type': 'application/json', 'x-spark-signature': '' }), 401, MISSING_SIGNATURE);
  });

  it('row 3: an empty body with a Content-Type and no signature is a 401, not a framework error', async () => {
    await expectJson(await post('', { 'content-type': 'application/json' }), 401, MISSING_SIGNATURE);
  });

  it('row 4: 401 when the signature is malformed or does not match', async () => {
    const { body, headers } = signedRequest(freshCourse());
    const otherBody = signedRequest(`${body} `).headers['x-spark-signature'];
    for (const signature of [otherBody, 'not-a-signature', `sha256=${otherBody}`, headers['x-spark-signature'].slice(1)]) {
      const response = await post(body, { ...headers, 'x-spark-signature': signature });
      await expectJson(response, 401, { error: 'Invalid signature', code: 'INVALID_SIGNATURE' });
    }
  });

  it('row 5: 400 INVALID_JSON for a signed body that is not JSON, including an empty one', async () => {
    for (const text of ['{"spark_course_id": ', '']) {
      const { body, headers } = signedRequest(text);
      await expectJson(await post(body, headers), 400, { error: 'Invalid JSON body', code: 'INVALID_JSON' });
    }
  });

  it('row 6: 400 when the JSON is not an object', async () => {
    for (const text of ['[1,2]', '"course"', 'null']) {
      const { body, headers } = signedRequest(text);
      await expectJson(await post(body, headers), 400, { error: 'Request body must be a JSON object', code: 'INVALID_PAYLOAD' });
    }
  });

  it('row 7: 400 MISSING_FIELDS without course_title or spark_course_id', async () => {
    const { course_title: _title, ...noTitle } = freshCourse();
    for (const payload of [noTitle, freshCourse({ spark_course_id: '' })]) {
      const { body, headers } = signedRequest(payload);
      await expectJson(await post(body, headers), 400, { error: 'Missing spark_course_id or course_title', code: 'MISSING_FIELDS' });
    }
  });

  it('row 8: 400 INVALID_PAYLOAD names the path of the violation', async () => {
    const payload = freshCourse();
    const assignments = [payload.assignments![0]!, { spark_assignment_id: 'a2', title: '' }];
    const { body, headers } = signedRequest({ ...payload, assignments });
    const details = [{ path: 'assignments.1.title', message: expect.any(String) }];
    await expectJson(await post(body, headers), 400, { error: 'Invalid payload', code: 'INVALID_PAYLOAD', details });
  });
}
