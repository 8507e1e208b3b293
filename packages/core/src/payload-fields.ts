import { z } from 'zod';

// The field schemas of the course payload (SPEC 4), each with a message that says what to send instead.

export type Ctx = z.core.$RefinementCtx<unknown>;

export const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

// `String.prototype.isWellFormed` is ES2024; Node 20 has it, the ES2023 lib typings do not.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Why a string cannot be stored, or `undefined` when it can. */
export function textProblem(s: string): string | undefined {
  // Postgres `text` cannot store U+0000: without this check the insert would fail as a 500.
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  // A JSON escape such as "\ud800" decodes to a lone surrogate, which has no UTF-8 encoding to store.
  if (!isWellFormed(s)) return 'must be well-formed Unicode (no lone surrogate)';
  return undefined;
}

/** Whether `s` has a character other than white space (JavaScript's `\S`: Unicode spaces count as blank). */
export function isNotBlank(s: string): boolean {
  // Printable ASCII is never white space: most strings are settled by their first character.
  const first = s.charCodeAt(0);
  return (first > 0x20 && first < 0x7f) || /\S/.test(s);
}

export function report(ctx: Ctx, message: string): void {
  ctx.addIssue({ code: 'custom', message, input: ctx.value });
}

export const text = (max?: number) => {
  const base = z.string({ error: typeError('a string') });
  return (max === undefined ? base : base.max(max, `must be at most ${max} characters`)).superRefine((s, ctx) => {
    const problem = textProblem(s);
    if (problem) report(ctx as Ctx, problem);
  });
};

export const title = text(1000).refine(isNotBlank, 'must not be blank');

/**
 * An id: a string of 1 to 255 characters, or an integer (PHP senders emit those) normalised to its decimal
 * string. Invalid ids are reported here and leave no string behind, so the duplicate check skips them.
 */
export const id = z
  .union([z.string(), z.number()], { error: typeError('a string or an integer') })
  .transform((value, ctx): string => {
    const problem = idProblem(value);
    if (problem === undefined) return typeof value === 'number' ? String(value) : value;
    ctx.issues.push({ code: 'custom', message: problem, input: value });
    return z.NEVER;
  });

/** Why an id (already a string or a number) is refused, or `undefined` when it is fine. */
export function idProblem(value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'must be a string or an integer';
    // Beyond 2^53 - 1, JSON parsing has already rounded the number to another id.
    if (!Number.isSafeInteger(value)) return 'must be a safe integer (at most 9007199254740991); send larger ids as strings';
    return undefined;
  }
  if (value.length === 0) return 'must not be empty';
  if (!isNotBlank(value)) return 'must not be blank';
  if (value.length > 255) return 'must be at most 255 characters';
  return textProblem(value);
}

const DATE_MESSAGE = 'must be an RFC 3339 date-time with an offset (2025-02-15T23:59:59Z) or a date (2025-02-15)';
// Zod's own patterns: they refuse impossible calendar dates (2025-02-30) and date-times without an offset.
const DATE = z.regexes.date;
const DATE_TIME = z.regexes.datetime({ offset: true });
// The instants Postgres can store and `Date#toISOString` writes as a plain 4-digit year: an offset can push
// '0001-01-01T00:00:00+14:00' into year 0 and '9999-12-31T23:59:59-14:00' into year 10000.
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** Why a due date string is refused, or `undefined` when it is fine. */
export function dueDateProblem(s: string): string | undefined {
  if (!(s.length === 10 ? DATE : DATE_TIME).test(s)) return DATE_MESSAGE;
  const time = Date.parse(s);
  if (!(time >= EARLIEST && time <= LATEST)) return 'must fall between 0001-01-01 and 9999-12-31 in UTC';
  return undefined;
}

/**
 * Picking the pattern by length instead of `z.union([z.iso.datetime(), z.iso.date()])` keeps a 2,000
 * assignment payload fast: a failed union branch costs more than the whole match.
 */
export const dueDate = z
  .string({ error: typeError('a string') })
  .superRefine((s, ctx) => {
    const problem = dueDateProblem(s);
    if (problem) report(ctx as Ctx, problem);
  })
  // `Date` reads a date-only string as 00:00 UTC and truncates digits beyond milliseconds.
  .transform((s) => new Date(s));
