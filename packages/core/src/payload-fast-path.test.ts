import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseValidCoursePayload } from './payload-fast-path';
import { createSparkCoursePayloadSchema } from './payload-schema';
import { biology101 } from './testing/builders';

const MAX_ASSIGNMENTS = 4;
const schema = createSparkCoursePayloadSchema({ maxAssignments: MAX_ASSIGNMENTS });

const edgyText = fc.constantFrom('', ' ', '\t\n', '\u00a0', '\u3000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d\ude00', ' x ', 'Biology 101');
const text = fc.oneof(edgyText, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
const long = (length: number) => fc.constantFrom('x'.repeat(length - 1), 'x'.repeat(length), 'x'.repeat(length + 1), `${' '.repeat(length - 1)}\u0000`);
const notString = fc.constantFrom(null, true, 0, 1.5, [], {}, ['a']);

const id = fc.oneof(
  text,
  long(255),
  fc.integer(),
  fc.constantFrom(-0, 2 ** 53 - 1, 2 ** 53, -(2 ** 53) + 1, -(2 ** 53), 1e21, 24, 0.5),
  fc.nat({ max: 3 }).map((n) => `dup_${n}`),
  notString,
);
const title = fc.oneof(text, long(1000), notString);
const description = fc.oneof(fc.constant(null), text, notString);
const courseDescription = fc.oneof(fc.constant(null), text, long(100_000), notString);

const dateOnly = fc.constantFrom('2025-02-15', '2025-02-30', '2024-02-29', '2025-02-29', '0001-01-01', '9999-12-31', '0000-01-01', '2025-2-15', '2025-02-15 ');
const time = fc.constantFrom('23:59:59', '00:00:00', '23:59:60', '24:00:00', '12:30', '12:30:00.1', '12:30:00.123456789');
const offset = fc.constantFrom('Z', 'z', '+00:00', '+14:00', '-14:00', '+23:59', '-00:00', '+0100', '', '+24:00');
const separator = fc.constantFrom('T', 't', ' ');
const dateTime = fc.tuple(dateOnly, separator, time, offset).map(([date, sep, clock, zone]) => `${date}${sep}${clock}${zone}`);
const dueDate = fc.oneof(
  dateOnly,
  dateTime,
  fc.constantFrom('0001-01-01T00:00:00+14:00', '0001-01-01T00:00:00-14:00', '9999-12-31T23:59:59-14:00', '9999-12-31T23:59:59+14:00', '9999-12-31T23:59:59.999Z'),
  fc.constant(null),
  text,
  fc.constantFrom(0, 1739663999000, true),
);

const unknownFields = fc.dictionary(fc.constantFrom('extra', 'spark_extra', '__proto__', 'constructor', 'dueDate'), fc.jsonValue(), { maxKeys: 2 });
const assignment = fc.tuple(
  fc.record({ spark_assignment_id: id, title, description, due_date: dueDate }, { requiredKeys: [] }),
  unknownFields,
).map(([known, extra]) => ({ ...extra, ...known }));
const assignments = fc.oneof(
  fc.constant(null),
  fc.array(fc.oneof({ weight: 8, arbitrary: assignment }, { weight: 1, arbitrary: fc.constantFrom(null, 'a', 1, [], [{}]) }), { maxLength: MAX_ASSIGNMENTS + 1 }),
  fc.constantFrom('[]', {}, 1),
);
const course = fc.tuple(
  fc.record(
    { spark_org_id: id, spark_course_id: id, course_title: title, course_description: courseDescription, assignments },
    { requiredKeys: [] },
  ),
  unknownFields,
).map(([known, extra]) => ({ ...extra, ...known }));

// Mostly valid pieces, so that a good share of the generated payloads pass and both outputs get compared.
const validId = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /\S/.test(s) && !s.includes('\u0000')), fc.integer());
const validAssignment = fc.record(
  {
    spark_assignment_id: fc.oneof(validId, id),
    title: fc.oneof(fc.constant('Lab report'), title),
    description: fc.oneof(fc.constant('Read chapter 3'), description),
    due_date: fc.oneof(fc.constantFrom('2025-02-15', '2025-02-15T23:59:59Z', '2025-02-15T23:59:59.123456+05:30'), dueDate),
  },
  { requiredKeys: ['spark_assignment_id', 'title'] },
);
const nearValidCourse = fc.record(
  {
    spark_org_id: fc.oneof(validId, id),
    spark_course_id: fc.oneof(validId, id),
    course_title: fc.oneof(fc.constant('Biology 101'), title),
    course_description: fc.oneof(fc.constant('Cells'), courseDescription),
    assignments: fc.oneof(fc.array(validAssignment, { maxLength: MAX_ASSIGNMENTS + 1 }), assignments),
  },
  { requiredKeys: ['spark_org_id', 'spark_course_id', 'course_title'] },
);

/** What the handler hands both paths: the object JSON.parse makes of the body. */
const overTheWire = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function expectSameAnswer(json: Record<string, unknown>): void {
  const fast = parseValidCoursePayload(json, MAX_ASSIGNMENTS);
  const result = schema.safeParse(json);
  if (fast === undefined) {
    // Declining is always safe (zod answers); but it must not decline a payload the schema accepts.
    expect(result.success, 'the fast path declined a valid payload').toBe(false);
    return;
  }
  expect(result.success, 'the fast path accepted a payload the schema refuses').toBe(true);
  // Deep and strict: Date values, and an absent field stays absent rather than `undefined`.
  expect(fast).toStrictEqual(result.data);
}

describe('parseValidCoursePayload', () => {
  it('fast-path-disagrees-with-schema: near-valid payloads get the same answer as from zod', () => {
    fc.assert(fc.property(nearValidCourse.map(overTheWire), expectSameAnswer), { numRuns: 3000 });
  });

  it('fast-path-disagrees-with-schema: arbitrary payloads get the same answer as from zod', () => {
    fc.assert(fc.property(course.map(overTheWire), expectSameAnswer), { numRuns: 3000 });
  });

  it('fast-path-disagrees-with-schema: duplicates, the assignment cap and the guide course', () => {
    const guide = overTheWire(biology101);
    expectSameAnswer(guide);
    expect(parseValidCoursePayload(guide, MAX_ASSIGNMENTS)).toBeDefined();
    const one = { spark_assignment_id: 'a', title: 'A' };
    expectSameAnswer(overTheWire({ ...guide, assignments: [one, { ...one, title: 'B' }] }));
    expectSameAnswer(overTheWire({ ...guide, assignments: [{ ...one, spark_assignment_id: 7 }, { ...one, spark_assignment_id: '7' }] }));
    expectSameAnswer(overTheWire({ ...guide, assignments: Array.from({ length: MAX_ASSIGNMENTS + 1 }, (_, n) => ({ ...one, spark_assignment_id: n })) }));
    expectSameAnswer(overTheWire({ ...guide, assignments: Array.from({ length: MAX_ASSIGNMENTS }, (_, n) => ({ ...one, spark_assignment_id: n })) }));
  });
});
