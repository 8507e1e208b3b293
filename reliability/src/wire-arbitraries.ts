import fc from 'fast-check';
import type { WireAssignment, WireId } from './model';

// Generators of VALID wire values (SPEC 4), biased towards the edges: unicode, long strings, integer ids,
// date-times with offsets, date-only values, "" and null that clear.

/** Most assignments one generated payload carries; the handler under test is configured one above it. */
export const MAX_GENERATED_ASSIGNMENTS = 8;

const hasNonSpace = (s: string): boolean => /\S/.test(s);
const storable = (s: string): boolean => !s.includes('\u0000');

/** Any well-formed text without NUL (which SPEC 4 refuses), sometimes long. */
const anyText = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("O'Brien; drop table quests; --", '\\"quoted\\"', '$1 $2 ::text', 'line\nbreak\ttab', '\u202eRTL\u202c') },
).filter(storable);

/** A title: not blank, at most 1,000 UTF-16 code units (the edge included). */
export const titleArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: anyText.filter(hasNonSpace) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(1000), '🧬'.repeat(500), ` ${'é'.repeat(998)} `) },
);

/** An optional description: absent is expressed by the caller's record; here null, "" or text. */
export const descriptionArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom(null, '', '   ') },
  { weight: 1, arbitrary: fc.constant('d'.repeat(5_000)) },
);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An RFC 3339 date-time with offset, or a date; every one of them names an instant JavaScript can read. */
export const dueDateArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        // The whole calendar SPEC 4 allows, a day in from each end so that any offset keeps both the written
        // date and the instant within years 0001-9999 (the edges themselves: due-date-calendar-edges.test.ts).
        at: fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T23:59:59.999Z'), noInvalidDate: true }),
        offsetQuarters: fc.integer({ min: -14 * 4, max: 14 * 4 }),
        style: fc.constantFrom('z', 'offset', 'micro', 'date'),
      })
      .map(({ at, offsetQuarters, style }) => {
        if (style === 'date') return at.toISOString().slice(0, 10);
        if (style === 'z') return at.toISOString();
        const minutes = offsetQuarters * 15;
        const local = new Date(at.getTime() + minutes * 60_000);
        const sign = minutes < 0 ? '-' : '+';
        const offset = `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
        const fraction = style === 'micro' ? `.${pad(local.getUTCMilliseconds(), 3)}987` : '';
        return `${local.toISOString().slice(0, 19)}${fraction}${offset}`;
      }),
  },
  // The edges of the calendar SPEC 4 allows, written with the offsets that push them furthest.
  { weight: 1, arbitrary: fc.constantFrom('2024-02-29', '2025-02-15T23:59:59Z', '1970-01-01T00:00:00Z', '0001-01-01', '9999-12-31T23:59:59.999Z', '0099-12-31T23:59:59-12:00') },
);

/** Assignment ids of one course: strings (unicode, spaces, the 255-character edge) and integers. */
export const ASSIGNMENT_ID_POOL: readonly WireId[] = [
  'a1', 'a2', 'a3', 'assign_bio_001', 'ünïcødé', ' spaced id ', '🧪 lab', 'x'.repeat(255), 7, 0, -12, Number.MAX_SAFE_INTEGER,
];

/** An integer id may travel as a number or as its decimal string: both mean the same assignment. */
export const renderId = (id: WireId, asString: boolean): WireId => (typeof id === 'number' && asString ? String(id) : id);

/** Fields of one assignment other than its id. */
export const assignmentFieldsArb = fc.record(
  { title: titleArb, description: descriptionArb, due_date: dueDateArb },
  { requiredKeys: ['title'] },
);

/** A valid assignment list: distinct ids from the pool, in any order. */
export const assignmentsArb: fc.Arbitrary<WireAssignment[]> = fc
  .uniqueArray(fc.nat({ max: ASSIGNMENT_ID_POOL.length - 1 }), { maxLength: MAX_GENERATED_ASSIGNMENTS })
  .chain((indexes) =>
    fc.tuple(...indexes.map((index) => fc.tuple(fc.constant(index), fc.boolean(), assignmentFieldsArb))).map((items) =>
      items.map(([index, asString, fields]) => ({ spark_assignment_id: renderId(ASSIGNMENT_ID_POOL[index] as WireId, asString), ...fields })),
    ),
  );
