import fc from 'fast-check';
import type { WirePayload } from './model';
import { MAX_GENERATED_ASSIGNMENTS } from './wire-arbitraries';

// Generators of INVALID deliveries: each breaks one rule of SPEC 4 in an otherwise valid payload (so the
// refusal cannot come from something else), or is not a JSON object at all. Every one must get a 400.

/** A way to break a valid payload: `apply` returns the body to sign and send. */
export interface Breaker {
  readonly label: string;
  apply(base: WirePayload): string | Uint8Array;
}

type Json = Record<string, unknown>;
const clone = (base: WirePayload): Json => structuredClone(base) as unknown as Json;
const assignmentsOf = (payload: Json): Json[] => {
  const list = Array.isArray(payload.assignments) ? (payload.assignments as Json[]) : [];
  if (list.length === 0) list.push({ spark_assignment_id: 'only', title: 'Only assignment' });
  payload.assignments = list;
  return list;
};

/** Sets `field` of the course (`course`) or of one assignment (`assignment`) to `value`, or deletes it. */
const setField = (where: 'course' | 'assignment', field: string, value: unknown, pick: number): Breaker => ({
  label: `${where}.${field} = ${value === undefined ? '<deleted>' : JSON.stringify(value)?.slice(0, 40)}`,
  apply(base) {
    const payload = clone(base);
    const target = where === 'course' ? payload : (assignmentsOf(payload)[pick % assignmentsOf(payload).length] as Json);
    if (value === undefined) delete target[field];
    else target[field] = value;
    return JSON.stringify(payload);
  },
});

const wrongTypes = [1.5, true, [], {}, ['x'], { id: 1 }];
const badIds = ['', '   ', 'x'.repeat(256), 2 ** 53, 1e21, -0.5, 'nul\u0000id', '\ud800', null, ...wrongTypes];
const badTitles = ['', ' ', '\t\n ', '\u3000', 'x'.repeat(1001), 'nul\u0000', 'lone \udfff', 42, null, ...wrongTypes];
const badTexts = ['nul\u0000', '\ud83d', 42, true, [], {}];
const badDates = ['2025-02-30', '2025-13-01', '2025-02-15T25:00:00Z', '2025-02-15T23:59:59', '2025-02-15 23:59:59Z', 'tomorrow', '', '0000-01-01', '2025-2-15', 20250215, true, {}];

const courseBreakers = fc.oneof(
  fc.tuple(fc.constantFrom('spark_org_id', 'spark_course_id'), fc.constantFrom(...badIds, undefined)).map(([f, v]) => setField('course', f, v, 0)),
  fc.tuple(fc.constantFrom('course_title'), fc.constantFrom(...badTitles, undefined)).map(([f, v]) => setField('course', f, v, 0)),
  fc.constantFrom(...badTexts, 'x'.repeat(100_001)).map((v) => setField('course', 'course_description', v, 0)),
  fc.constantFrom('an array', 7, true, { 0: { spark_assignment_id: 'a', title: 't' } }).map((v) => setField('course', 'assignments', v, 0)),
);

const assignmentBreakers = fc.nat().chain((pick) =>
  fc.oneof(
    fc.constantFrom(...badIds, undefined).map((v) => setField('assignment', 'spark_assignment_id', v, pick)),
    fc.constantFrom(...badTitles, undefined).map((v) => setField('assignment', 'title', v, pick)),
    fc.constantFrom(...badTexts).map((v) => setField('assignment', 'description', v, pick)),
    fc.constantFrom(...badDates).map((v) => setField('assignment', 'due_date', v, pick)),
  ),
);

const listBreakers = fc.oneof(
  fc.constantFrom<Breaker>(
    {
      label: 'duplicate assignment id (same id twice, once as an integer and once as its string when numeric)',
      apply(base) {
        const payload = clone(base);
        const list = assignmentsOf(payload);
        const first = list[0] as Json;
        const id = first.spark_assignment_id;
        list.push({ ...first, spark_assignment_id: typeof id === 'number' ? String(id) : id, title: 'Duplicate' });
        return JSON.stringify(payload);
      },
    },
    {
      label: 'too many assignments',
      apply(base) {
        const payload = clone(base);
        payload.assignments = Array.from({ length: MAX_GENERATED_ASSIGNMENTS + 2 }, (_, i) => ({ spark_assignment_id: `many_${i}`, title: `T${i}` }));
        return JSON.stringify(payload);
      },
    },
    {
      label: 'an assignment that is not an object',
      apply(base) {
        const payload = clone(base);
        assignmentsOf(payload).push('not an object' as unknown as Json);
        return JSON.stringify(payload);
      },
    },
  ),
);

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));

const bodyBreakers = fc.oneof(
  fc.constantFrom<Breaker>(
    { label: 'invalid UTF-8 byte 0xff inside a string', apply: (b) => { const t = JSON.stringify(b); return concat(bytes(t.slice(0, 2)), Uint8Array.of(0xff), bytes(t.slice(2))); } },
    { label: 'truncated multi-byte UTF-8 sequence', apply: (b) => { const t = JSON.stringify({ ...b, course_title: 'é' }); const raw = bytes(t); const at = raw.indexOf(0xc3); return concat(raw.slice(0, at + 1), raw.slice(at + 2)); } },
    { label: 'overlong UTF-8 encoding of "{"', apply: (b) => concat(Uint8Array.of(0xc0, 0xbb), bytes(JSON.stringify(b).slice(1))) },
    { label: 'UTF-16 encoded body', apply: (b) => new Uint8Array(Buffer.from(JSON.stringify(b), 'utf16le')) },
    { label: 'truncated JSON', apply: (b) => JSON.stringify(b).slice(0, -1) },
    { label: 'trailing garbage', apply: (b) => `${JSON.stringify(b)} x` },
    { label: 'empty body', apply: () => '' },
    { label: 'JSON with a comment', apply: (b) => `/* hi */${JSON.stringify(b)}` },
  ),
  fc.jsonValue({ maxDepth: 2 })
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((value): Breaker => ({ label: `non-object ${JSON.stringify(value)?.slice(0, 40)}`, apply: () => JSON.stringify(value) })),
);

/** Any way of breaking a payload, each family about equally often. */
export const breakerArb: fc.Arbitrary<Breaker> = fc.oneof(courseBreakers, assignmentBreakers, listBreakers, bodyBreakers);
