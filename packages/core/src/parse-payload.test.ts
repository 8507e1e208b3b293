import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_ISSUES, parseCoursePayload } from './parse-payload';

const base = { spark_org_id: '24', spark_course_id: 'course_bio101', course_title: 'Biology 101' };
const withAssignments = (...assignments: unknown[]) => ({ ...base, assignments });
const assignment = (overrides: Record<string, unknown> = {}) => ({ spark_assignment_id: 'a1', title: 'Lab', ...overrides });

/** The normalised payload, or a failure naming what was refused. */
function parse(body: unknown, options?: { maxAssignments?: number }) {
  const result = parseCoursePayload(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body), options);
  if (result.ok) return result.payload;
  throw new Error(`unexpected ${result.error.code}: ${JSON.stringify(result.error.details)}`);
}

/** The `{ code, error, details }` a refused body answers with. */
function refusal(body: unknown, options?: { maxAssignments?: number }) {
  const result = parseCoursePayload(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body), options);
  if (result.ok) throw new Error('expected a refusal');
  return { code: result.error.code, error: result.error.message, details: result.error.details };
}

const issues = (body: unknown) => refusal(body).details;

describe('parseCoursePayload: the body (rows 5 and 6)', () => {
  it('refuses bytes that are not UTF-8, text that is not JSON, and an empty body as INVALID_JSON', () => {
    const latin1 = Uint8Array.from([...'{"course_title":"caf'].map((c) => c.charCodeAt(0)).concat(0xe9, 0x22, 0x7d));
    for (const body of [latin1, '{"spark_org_id": ', "{'a': 1}", '', new Uint8Array(0), 'NaN']) {
      expect(refusal(body)).toEqual({ code: 'INVALID_JSON', error: 'Invalid JSON body', details: undefined });
    }
  });

  it('refuses JSON that is not an object with the row 6 text', () => {
    for (const body of ['[]', '[{}]', 'null', '42', '"text"', 'true']) {
      expect(refusal(body)).toEqual({ code: 'INVALID_PAYLOAD', error: 'Request body must be a JSON object', details: undefined });
    }
  });

  it('accepts UTF-8 bytes with a byte order mark and non-ASCII text', () => {
    const bytes = new TextEncoder().encode(`\ufeff${JSON.stringify({ ...base, course_title: 'Biologie \u00e9l\u00e9mentaire \ud83e\uddec' })}`);
    expect(parse(bytes).title).toBe('Biologie \u00e9l\u00e9mentaire \ud83e\uddec');
  });
});

describe('parseCoursePayload: missing fields (row 7)', () => {
  it('answers the seed text when spark_course_id or course_title is absent, null or empty', () => {
    const seed = { code: 'MISSING_FIELDS', error: 'Missing spark_course_id or course_title', details: undefined };
    for (const value of [undefined, null, '']) {
      expect(refusal({ ...base, spark_course_id: value })).toEqual(seed);
      expect(refusal({ ...base, course_title: value })).toEqual(seed);
    }
  });

  it('checks row 7 before the other rules', () => {
    expect(refusal({ spark_course_id: 'c', spark_org_id: [], assignments: 5 }).code).toBe('MISSING_FIELDS');
  });
});

describe('parseCoursePayload: the rules of SPEC 4 (row 8)', () => {
  it('normalises the guide payload to camelCase; absent fields stay absent, null stays null', () => {
    expect(parse(withAssignments(assignment({ description: null, due_date: null }), assignment({ spark_assignment_id: 'a2' })))).toStrictEqual({
      orgId: '24',
      courseId: 'course_bio101',
      title: 'Biology 101',
      assignments: [
        { assignmentId: 'a1', title: 'Lab', description: null, dueDate: null },
        { assignmentId: 'a2', title: 'Lab' },
      ],
    });
    expect(parse({ ...base, course_description: null }).description).toBeNull();
    expect(parse({ ...base, course_description: '' }).description).toBe('');
    expect(parse({ ...base, assignments: null }).assignments).toEqual([]);
  });

  it('ignores unknown fields at every level', () => {
    const payload = parse({ ...base, teacher: { name: 'x' }, assignments: [assignment({ points: 10, rubric: [1] })] });
    expect(payload).toStrictEqual({ orgId: '24', courseId: 'course_bio101', title: 'Biology 101', assignments: [{ assignmentId: 'a1', title: 'Lab' }] });
  });

  it('php-integer-ids: accepts integer ids as their decimal strings', () => {
    const payload = parse({ ...base, spark_org_id: 24, spark_course_id: 9007199254740991, assignments: [assignment({ spark_assignment_id: -7 })] });
    expect([payload.orgId, payload.courseId, payload.assignments[0]?.assignmentId]).toEqual(['24', '9007199254740991', '-7']);
  });

  it('unsafe-integer-id: refuses integers that JSON parsing already rounded, and other non-string ids', () => {
    expect(issues(`{"spark_org_id": 9007199254740993, "spark_course_id": "c", "course_title": "t"}`)).toEqual([
      { path: 'spark_org_id', message: 'must be a safe integer (at most 9007199254740991); send larger ids as strings' },
    ]);
    for (const id of [1.5, true, {}, [1]]) {
      expect(issues({ ...base, spark_org_id: id })).toEqual([{ path: 'spark_org_id', message: 'must be a string or an integer' }]);
    }
    expect(issues({ ...base, spark_course_id: false })).toEqual([{ path: 'spark_course_id', message: 'must be a string or an integer' }]);
  });

  it('limits ids to 1 to 255 characters, not blank', () => {
    expect(parse({ ...base, spark_org_id: 'x'.repeat(255) }).orgId).toHaveLength(255);
    expect(issues({ ...base, spark_org_id: 'x'.repeat(256) })).toEqual([{ path: 'spark_org_id', message: 'must be at most 255 characters' }]);
    expect(issues({ ...base, spark_org_id: '' })).toEqual([{ path: 'spark_org_id', message: 'must not be empty' }]);
    expect(issues({ ...base, spark_course_id: '  ' })).toEqual([{ path: 'spark_course_id', message: 'must not be blank' }]);
    expect(issues({ ...base, spark_org_id: undefined })).toEqual([{ path: 'spark_org_id', message: 'is required' }]);
  });

  it('refuses a blank or too long course title and a too long description', () => {
    expect(issues({ ...base, course_title: ' \t\n' })).toEqual([{ path: 'course_title', message: 'must not be blank' }]);
    expect(parse({ ...base, course_title: 't'.repeat(1000) }).title).toHaveLength(1000);
    expect(issues({ ...base, course_title: 't'.repeat(1001) })).toEqual([{ path: 'course_title', message: 'must be at most 1000 characters' }]);
    expect(issues({ ...base, course_title: 7 })).toEqual([{ path: 'course_title', message: 'must be a string' }]);
    expect(parse({ ...base, course_description: 'd'.repeat(100_000) }).description).toHaveLength(100_000);
    expect(issues({ ...base, course_description: 'd'.repeat(100_001) })).toEqual([
      { path: 'course_description', message: 'must be at most 100000 characters' },
    ]);
  });

  it('checks every assignment field and names its path', () => {
    expect(issues({ ...base, assignments: {} })).toEqual([{ path: 'assignments', message: 'must be an array' }]);
    expect(issues(withAssignments(assignment(), 'x', null))).toEqual([
      { path: 'assignments.1', message: 'must be an object' },
      { path: 'assignments.2', message: 'must be an object' },
    ]);
    expect(issues(withAssignments(assignment(), { spark_assignment_id: 'a2', title: ' ', description: 4 }))).toEqual([
      { path: 'assignments.1.title', message: 'must not be blank' },
      { path: 'assignments.1.description', message: 'must be a string' },
    ]);
    expect(issues(withAssignments({ title: 'x'.repeat(1001) }))).toEqual([
      { path: 'assignments.0.spark_assignment_id', message: 'is required' },
      { path: 'assignments.0.title', message: 'must be at most 1000 characters' },
    ]);
  });

  it('reports every issue, not just the first, capped for hostile payloads', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ spark_assignment_id: `a${i}` }));
    expect(refusal({ ...base, course_title: ' ', assignments: many }).details).toHaveLength(MAX_PAYLOAD_ISSUES);
    expect(issues({ ...base, spark_org_id: null, course_title: ' ', assignments: [{}] })).toHaveLength(4);
  });

  it('caps the number of assignments (configurable)', () => {
    const three = [1, 2, 3].map((n) => assignment({ spark_assignment_id: n }));
    expect(parse(withAssignments(...three), { maxAssignments: 3 }).assignments).toHaveLength(3);
    expect(refusal(withAssignments(...three), { maxAssignments: 2 }).details).toEqual([{ path: 'assignments', message: 'must have at most 2 items' }]);
    const tooMany = Array.from({ length: 2001 }, (_, i) => ({ spark_assignment_id: i, title: 't' }));
    expect(issues(withAssignments(...tooMany))).toEqual([{ path: 'assignments', message: 'must have at most 2000 items' }]);
  });

  it('duplicate-assignment-tasks: refuses a repeated assignment id, naming the first index', () => {
    const payload = withAssignments(assignment({ spark_assignment_id: 5 }), assignment({ spark_assignment_id: 'b' }), assignment({ spark_assignment_id: '5', title: '' }));
    expect(issues(payload)).toEqual([
      { path: 'assignments.2.title', message: 'must not be blank' },
      { path: 'assignments.2.spark_assignment_id', message: 'duplicates assignments.0.spark_assignment_id' },
    ]);
  });
});

describe('parseCoursePayload: due dates', () => {
  const dueDate = (value: unknown) => parse(withAssignments(assignment({ due_date: value }))).assignments[0]?.dueDate;
  const dateIssue = (value: unknown) => issues(withAssignments(assignment({ due_date: value })));
  const FORMAT = 'must be an RFC 3339 date-time with an offset (2025-02-15T23:59:59Z) or a date (2025-02-15)';

  it('reads RFC 3339 date-times with an offset, to the millisecond', () => {
    expect(dueDate('2025-02-15T23:59:59Z')).toEqual(new Date(Date.UTC(2025, 1, 15, 23, 59, 59)));
    expect(dueDate('2025-02-15T23:59:59+02:00')).toEqual(new Date(Date.UTC(2025, 1, 15, 21, 59, 59)));
    expect(dueDate('2025-02-15T23:59:59.123456-05:30')?.toISOString()).toBe('2025-02-16T05:29:59.123Z');
    expect(dueDate('9999-12-31T23:59:59Z')?.getUTCFullYear()).toBe(9999);
  });

  it('date-only-due-date: takes a date as 00:00 UTC of that day', () => {
    expect(dueDate('2025-02-15')?.toISOString()).toBe('2025-02-15T00:00:00.000Z');
    expect(dueDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(dueDate('0001-01-01')?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it('refuses impossible calendar dates, missing offsets and other formats', () => {
    for (const value of ['2025-02-30', '2025-02-29', '2025-13-01', '2025-04-31T10:00:00Z', '2025-02-15T24:00:00Z', '2025-02-15T23:59:59', '2025-02-15T23:59Z', '2025-2-15', '15/02/2025', 'tomorrow', '']) {
      expect(dateIssue(value), value).toEqual([{ path: 'assignments.0.due_date', message: FORMAT }]);
    }
    expect(dateIssue(1739663999)).toEqual([{ path: 'assignments.0.due_date', message: 'must be a string' }]);
    const RANGE = 'must fall between 0001-01-01 and 9999-12-31 in UTC';
    // An offset can move a valid-looking local time out of the storable years (Postgres would answer 500).
    for (const value of ['0000-01-01', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00']) {
      expect(dateIssue(value), value).toEqual([{ path: 'assignments.0.due_date', message: RANGE }]);
    }
    expect(dueDate('9999-12-31T23:59:59.999Z')?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });
});

describe('parseCoursePayload: text Postgres cannot store', () => {
  it('nul-character-500: refuses U+0000 in any string', () => {
    expect(issues(`{"spark_org_id":"a\\u0000","spark_course_id":"c","course_title":"t\\u0000","assignments":[{"spark_assignment_id":"x","title":"t","description":"\\u0000"}]}`)).toEqual([
      { path: 'spark_org_id', message: 'must not contain the NUL character (U+0000)' },
      { path: 'course_title', message: 'must not contain the NUL character (U+0000)' },
      { path: 'assignments.0.description', message: 'must not contain the NUL character (U+0000)' },
    ]);
  });

  it('lone-surrogate-500: refuses a lone surrogate from a JSON escape, keeps real emoji', () => {
    expect(issues(`{"spark_org_id":"o","spark_course_id":"c","course_title":"t\\ud800","course_description":"\\udc00x"}`)).toEqual([
      { path: 'course_title', message: 'must be well-formed Unicode (no lone surrogate)' },
      { path: 'course_description', message: 'must be well-formed Unicode (no lone surrogate)' },
    ]);
    expect(parse(`{"spark_org_id":"o","spark_course_id":"c","course_title":"\\ud83e\\uddec"}`).title).toBe('\ud83e\uddec');
  });
});
