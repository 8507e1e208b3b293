import { expect, it } from 'vitest';
import type { CourseSyncRepository } from '../repository';
import { biology101, randomId } from './builders';
import { signedRequest } from './signing';
import { type HttpContext, expectJson, freshCourse, success } from './http-conformance-context';

const failingRepository: CourseSyncRepository = {
  applyCourseSync: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 (test)')),
  findCourse: () => Promise.resolve(undefined),
};

/** SPEC 3.2 rows 9 and 10, and the signed bodies that must sync however they are sent. */
export function describeDeliveries(context: HttpContext): void {
  const { post, withServer } = context;

  it("row 9: 200 with SPEC 3.3's body for the guide's Biology 101", async () => {
    const { body, headers } = signedRequest(biology101);
    await expectJson(await post(body, headers), 200, { ...success('Biology 101', 3), created: true, tasks_created: 3 });
  });

  it('row 9: a second delivery of the same course answers the same quest_id', async () => {
    const payload = freshCourse();
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
      const before = context.errors.length;
      const { body, headers } = signedRequest(freshCourse());
      await expectJson(await post(body, headers, url), 500, { error: 'Course sync failed', code: 'SYNC_FAILED' });
      expect(context.errors.length).toBeGreaterThan(before);
    });
  });

  it('content-type-not-enforced: a signed body without Content-Type, as curl -d, text/plain or malformed, syncs', async () => {
    const contentTypes = [undefined, 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8', 'json', ''];
    for (const contentType of contentTypes) {
      const { body, headers } = signedRequest(freshCourse());
      const sent: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
      // A Uint8Array body makes fetch send no Content-Type at all.
      const response = await post(new TextEncoder().encode(body), { ...sent, 'x-spark-signature': headers['x-spark-signature'] });
      expect({ contentType, status: response.status }).toStrictEqual({ contentType, status: 200 });
    }
  });

  it('signature-over-raw-bytes: odd whitespace, key order and non-ASCII text verify as sent', async () => {
    const text = `{\r\n\t"course_title" :  "Biologie für Anfänger 🌱",\n "spark_org_id":24, "spark_course_id": "${randomId('course')}" }  `;
    const { body, headers } = signedRequest(text);
    await expectJson(await post(body, headers), 200, { ...success('Biologie für Anfänger 🌱', 0), created: true });
  });

  it('accepts the sha256= prefix and upper-case hex', async () => {
    const { body, headers } = signedRequest(freshCourse());
    const signature = `sha256=${headers['x-spark-signature'].toUpperCase()}`;
    expect((await post(body, { ...headers, 'x-spark-signature': signature })).status).toBe(200);
  });
}
