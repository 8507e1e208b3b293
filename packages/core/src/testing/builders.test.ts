import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sparkCoursePayloadSchema } from '../payload-schema';
import { verifySignature } from '../signature';
import { biology101, buildAssignments, buildCoursePayload, toCoursePayload } from './builders';
import { signedRequest, TEST_SECRET } from './signing';

describe('payload builders', () => {
  it('biology101 carries the guide example verbatim plus a third assignment', () => {
    expect(biology101).toMatchObject({ spark_org_id: '24', spark_course_id: 'course_bio101', course_title: 'Biology 101' });
    expect(biology101.assignments?.slice(0, 2)).toEqual([
      {
        spark_assignment_id: 'assign_bio_001',
        title: 'Cell Structure Lab Report',
        description: 'Document your observations of cell structures under microscope',
        due_date: '2025-02-15T23:59:59Z',
      },
      { spark_assignment_id: 'assign_bio_002', title: 'Photosynthesis Essay', description: 'Explain the process of photosynthesis in detail' },
    ]);
    expect(biology101.assignments?.map((a) => a.spark_assignment_id)).toEqual(['assign_bio_001', 'assign_bio_002', 'assign_bio_003']);
    expect(sparkCoursePayloadSchema.safeParse(biology101).success).toBe(true);
  });

  it('shared-fixture-untouched: buildCoursePayload returns an unshared copy with overrides', () => {
    const built = buildCoursePayload({ course_title: 'Chemistry' });
    built.assignments![0]!.title = 'Mutated';
    expect(built.course_title).toBe('Chemistry');
    expect(biology101.assignments![0]!.title).toBe('Cell Structure Lab Report');
    expect(() => {
      (biology101 as { course_title: string }).course_title = 'Mutated';
    }).toThrow(TypeError);
  });

  it('buildAssignments numbers ids from 001 under the prefix', () => {
    expect(buildAssignments(2, 'lab').map((a) => a.spark_assignment_id)).toEqual(['lab_001', 'lab_002']);
    expect(buildAssignments(0)).toEqual([]);
  });

  it('converter-matches-parser: toCoursePayload gives what the schema gives for valid payloads', () => {
    const payloads = [
      biology101,
      { spark_org_id: 24, spark_course_id: 7, course_title: 'Ids as integers', course_description: null, assignments: null },
      {
        spark_org_id: 'o',
        spark_course_id: 'c',
        course_title: 'T',
        assignments: [{ spark_assignment_id: 3, title: 'A', description: null, due_date: null }, { spark_assignment_id: 'b', title: 'B', due_date: '2025-02-15' }],
      },
    ];
    for (const payload of payloads) expect(toCoursePayload(payload)).toStrictEqual(sparkCoursePayloadSchema.parse(payload));
  });
});

describe('signedRequest', () => {
  it('signature-over-raw-bytes: signs exactly the body it returns', () => {
    const { body, headers } = signedRequest(biology101, TEST_SECRET);
    expect(body).toBe(JSON.stringify(biology101));
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-spark-signature': createHmac('sha256', TEST_SECRET).update(body).digest('hex'),
    });
    expect(verifySignature(body, headers['x-spark-signature'], TEST_SECRET)).toBe(true);
  });

  it('keeps a string body byte for byte', () => {
    const text = '{ "spark_org_id": "24",\n "course_title": "Café" }';
    const { body, headers } = signedRequest(text, 'other-secret');
    expect(body).toBe(text);
    expect(headers['x-spark-signature']).toBe(createHmac('sha256', 'other-secret').update(Buffer.from(text, 'utf8')).digest('hex'));
  });
});
