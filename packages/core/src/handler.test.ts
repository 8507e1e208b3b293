import { describe, expect, it } from 'vitest';
import { createWebhookHandler, type WebhookHandlerOptions, type WebhookRequest } from './handler';
import type { Logger } from './logger';
import { createMemoryRepository } from './memory-repository';
import { PayloadError } from './errors';
import type { CourseSyncRepository, CourseSyncWrite } from './repository';
import { signBody } from './signature';

const SECRET = 'handler-test-secret';
const BIOLOGY = {
  spark_org_id: '24',
  spark_course_id: 'course_bio101',
  course_title: 'Biology 101',
  course_description: 'Introduction to cellular biology and life sciences',
  assignments: [
    { spark_assignment_id: 'assign_bio_001', title: 'Cell Structure Lab Report', due_date: '2025-02-15T23:59:59Z' },
    { spark_assignment_id: 'assign_bio_002', title: 'Photosynthesis Essay' },
    { spark_assignment_id: 'assign_bio_003', title: 'Mitosis Quiz', due_date: '2025-03-01' },
  ],
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A repository that records what it is asked to write and answers a fixed result. */
function fakeRepository(): CourseSyncRepository & { writes: CourseSyncWrite[] } {
  const writes: CourseSyncWrite[] = [];
  return {
    writes,
    async applyCourseSync(write) {
      writes.push(write);
      const n = write.tasks.length;
      return { questId: 'quest-1', created: true, taskCount: n + 1, tasksCreated: n, tasksUpdated: 0, tasksUnchanged: 0 };
    },
    async findCourse() {
      return undefined;
    },
  };
}

function setup(options: Partial<WebhookHandlerOptions> = {}) {
  const lines: { level: keyof Logger; fields: Record<string, unknown>; message?: string }[] = [];
  const logger: Logger = {
    debug: (fields, message) => lines.push({ level: 'debug', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
  };
  const repository = fakeRepository();
  const handle = createWebhookHandler({ secret: SECRET, repository, logger, ...options });
  /** Sends `body` (an object is serialised once) signed with the secret unless headers are given. */
  const deliver = (body: unknown, headers?: WebhookRequest['headers'], extra: Partial<WebhookRequest> = {}) => {
    const rawBody = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    return handle({ headers: headers ?? { 'x-spark-signature': signBody(rawBody, SECRET) }, rawBody, ip: '203.0.113.7', ...extra });
  };
  return { handle, deliver, lines, repository };
}

describe('createWebhookHandler: the order of checks (SPEC 3.2)', () => {
  it('row 9: answers the SPEC 3.3 body, keys in order, and keeps quest_id on a resend', async () => {
    const { deliver } = setup({ repository: createMemoryRepository() });
    const first = await deliver(BIOLOGY);
    const questId = (JSON.parse(first.body) as { quest_id: string }).quest_id;
    expect(questId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first).toEqual({
      status: 200,
      headers: JSON_HEADERS,
      body: `{"success":true,"quest_id":"${questId}","task_count":3,"message":"Quest 'Biology 101' synced successfully","created":true,"tasks_created":3,"tasks_updated":0,"tasks_unchanged":0}`,
    });
    const again = await deliver(BIOLOGY);
    expect(again.body).toBe(
      `{"success":true,"quest_id":"${questId}","task_count":3,"message":"Quest 'Biology 101' synced successfully","created":false,"tasks_created":0,"tasks_updated":0,"tasks_unchanged":3}`,
    );
  });

  it('row 9: passes the sync options through to syncCourse', async () => {
    const { deliver, repository } = setup({ platform: 'canvas', defaultPillar: 'art', defaultXpValue: 50, resolveOrganizationId: (p) => `org-${p.orgId}` });
    expect((await deliver({ ...BIOLOGY, spark_org_id: 24 })).status).toBe(200);
    const [write] = repository.writes;
    expect(write?.key).toEqual({ platform: 'canvas', orgId: '24', courseId: 'course_bio101' });
    expect(write?.taskDefaults).toEqual({ pillar: 'art', xpValue: 50 });
    expect(write?.questDefaults.organizationId).toBe('org-24');
    expect(write?.tasks[0]?.dueDate).toEqual(new Date('2025-02-15T23:59:59Z'));
  });

  it('row 2: a body over maxBodyBytes (counted in bytes) is 413, before the signature is looked at', async () => {
    const { deliver, repository } = setup({ maxBodyBytes: 20 });
    const tooLarge = { status: 413, headers: JSON_HEADERS, body: '{"error":"Payload too large","code":"PAYLOAD_TOO_LARGE"}' };
    expect(await deliver('{"t":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}')).toEqual(tooLarge); // 15 characters, 22 bytes
    expect(await deliver(new Uint8Array(21), {})).toEqual(tooLarge);
    expect((await deliver('{"t":"123456789012"}')).status).toBe(400); // exactly 20 bytes: on to the later rows
    expect(repository.writes).toEqual([]);
  });

  it('row 3: an absent or empty signature header is 401 MISSING_SIGNATURE', async () => {
    const { deliver } = setup();
    for (const headers of [{}, { 'x-spark-signature': '' }, { 'x-spark-signature': [] }]) {
      expect(await deliver(BIOLOGY, headers)).toEqual({ status: 401, headers: JSON_HEADERS, body: '{"error":"Missing signature","code":"MISSING_SIGNATURE"}' });
    }
  });

  it('raw-body-consumed: a parsed body is 500 RAW_BODY_UNAVAILABLE with the fix logged, never a hang', async () => {
    const { handle, lines } = setup({ rawBodyHint: 'mount the router before express.json()' });
    for (const rawBody of [BIOLOGY, undefined, null]) {
      expect(await handle({ headers: { 'x-spark-signature': 'a'.repeat(64) }, rawBody })).toEqual({
        status: 500,
        headers: JSON_HEADERS,
        body: '{"error":"Raw request body unavailable","code":"RAW_BODY_UNAVAILABLE"}',
      });
    }
    expect(lines.map((line) => line.level)).toEqual(['error', 'error', 'error']);
    expect(lines[0]?.message).toContain('mount the router before express.json()');
    expect((await handle({ headers: {}, rawBody: BIOLOGY })).status).toBe(401); // row 3 still comes first
  });

  it('row 4: a wrong or malformed signature is 401 INVALID_SIGNATURE, and nothing is parsed or written', async () => {
    const { deliver, repository } = setup();
    const invalid = { status: 401, headers: JSON_HEADERS, body: '{"error":"Invalid signature","code":"INVALID_SIGNATURE"}' };
    const body = JSON.stringify(BIOLOGY);
    expect(await deliver(body, { 'x-spark-signature': signBody(body, 'another-secret') })).toEqual(invalid);
    expect(await deliver(body, { 'x-spark-signature': signBody(body, SECRET).slice(1) })).toEqual(invalid);
    expect(await deliver(`${body} `, { 'x-spark-signature': signBody(body, SECRET) })).toEqual(invalid);
    expect(await deliver('not json', { 'x-spark-signature': 'f'.repeat(64) })).toEqual(invalid);
    expect(repository.writes).toEqual([]);
  });

  it('row 5: signed bytes that are not UTF-8 JSON are 400 INVALID_JSON', async () => {
    const { deliver } = setup();
    const answer = { status: 400, headers: JSON_HEADERS, body: '{"error":"Invalid JSON body","code":"INVALID_JSON"}' };
    expect(await deliver('{"spark_course_id":')).toEqual(answer);
    expect(await deliver(Uint8Array.from([0x7b, 0xff, 0x7d]))).toEqual(answer);
  });

  it('row 6: signed JSON that is not an object is 400 with its own error text', async () => {
    const { deliver } = setup();
    expect(await deliver('[1,2]')).toEqual({ status: 400, headers: JSON_HEADERS, body: '{"error":"Request body must be a JSON object","code":"INVALID_PAYLOAD"}' });
  });

  it('row 7: a missing course id or title is 400 MISSING_FIELDS with the seed text', async () => {
    const { deliver } = setup();
    expect(await deliver({ ...BIOLOGY, course_title: '' })).toEqual({
      status: 400,
      headers: JSON_HEADERS,
      body: '{"error":"Missing spark_course_id or course_title","code":"MISSING_FIELDS"}',
    });
  });

  it('row 8: any other violation is 400 INVALID_PAYLOAD naming the paths, and nothing is written', async () => {
    const { deliver, repository } = setup();
    const payload = { ...BIOLOGY, assignments: [BIOLOGY.assignments[0], { spark_assignment_id: 'x', title: ' ' }, { ...BIOLOGY.assignments[0], title: 'Again' }] };
    expect(await deliver(payload)).toEqual({
      status: 400,
      headers: JSON_HEADERS,
      body: '{"error":"Invalid payload","code":"INVALID_PAYLOAD","details":[{"path":"assignments.1.title","message":"must not be blank"},{"path":"assignments.2.spark_assignment_id","message":"duplicates assignments.0.spark_assignment_id"}]}',
    });
    expect(repository.writes).toEqual([]);
  });

  it('row 10: a repository failure is 500 SYNC_FAILED; the cause is logged, never returned', async () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const failing: CourseSyncRepository = { applyCourseSync: () => Promise.reject(cause), findCourse: async () => undefined };
    const { deliver, lines } = setup({ repository: failing });
    const response = await deliver(BIOLOGY);
    expect(response).toEqual({ status: 500, headers: JSON_HEADERS, body: '{"error":"Course sync failed","code":"SYNC_FAILED"}' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.fields.err).toBe(cause);
  });

  it('row 10: a repository that throws synchronously is a 500 too, not a rejected promise', async () => {
    const throwing: CourseSyncRepository = { applyCourseSync: () => { throw new TypeError('bug'); }, findCourse: async () => undefined };
    expect((await setup({ repository: throwing }).deliver(BIOLOGY)).status).toBe(500);
  });

  it('payload-error-as-5xx: a payload refused by the repository is a 400, not a retried 500', async () => {
    const details = [{ path: 'assignments.0.title', message: 'too long for the column' }];
    const refusing: CourseSyncRepository = { applyCourseSync: () => Promise.reject(new PayloadError('INVALID_PAYLOAD', 'Shorten the title.', { details })), findCourse: async () => undefined };
    const response = await setup({ repository: refusing }).deliver(BIOLOGY);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'Invalid payload', code: 'INVALID_PAYLOAD', details });
  });

  it('verifies against every secret of a rotation', async () => {
    const { deliver } = setup({ secret: ['new-secret', SECRET] });
    expect((await deliver(BIOLOGY)).status).toBe(200);
  });
});
