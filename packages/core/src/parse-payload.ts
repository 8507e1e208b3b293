import { ConfigurationError, PayloadError, type PayloadIssue } from './errors';
import type { CoursePayload } from './payload';
import { parseValidCoursePayload } from './payload-fast-path';
import { createSparkCoursePayloadSchema, sparkCoursePayloadSchema } from './payload-schema';
import { DEFAULT_MAX_ASSIGNMENTS, ERROR_MESSAGES } from './responses';

/** What {@link parseCoursePayload} returns: the normalised payload, or the 400 to answer. */
export type ParseResult =
  | { readonly ok: true; readonly payload: CoursePayload }
  | { readonly ok: false; readonly error: PayloadError };

/** Options of {@link parseCoursePayload}. */
export interface ParseCoursePayloadOptions {
  /** Most assignments one payload may carry. Default 2,000. */
  readonly maxAssignments?: number;
}

/** At most this many `details` are reported, so that a hostile payload cannot inflate the answer or the log. */
export const MAX_PAYLOAD_ISSUES = 100;

/** The `error` text of a body that is JSON but not an object (SPEC 3.2 row 6). */
export const NOT_AN_OBJECT_MESSAGE = 'Request body must be a JSON object';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const schemas = new Map([[DEFAULT_MAX_ASSIGNMENTS, sparkCoursePayloadSchema]]);

function schemaFor(maxAssignments: number): typeof sparkCoursePayloadSchema {
  let schema = schemas.get(maxAssignments);
  if (!schema) {
    if (!Number.isSafeInteger(maxAssignments) || maxAssignments < 1) {
      throw new ConfigurationError('Set maxAssignments to a positive integer.');
    }
    schema = createSparkCoursePayloadSchema({ maxAssignments });
    schemas.set(maxAssignments, schema);
  }
  return schema;
}

const failure = (error: PayloadError): ParseResult => ({ ok: false, error });
const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * Parses and validates a raw request body (SPEC 3.2 rows 5 to 8, SPEC 4). Never throws for bad input: the
 * result carries a {@link PayloadError} whose `message` is the response's `error` text and whose `code` is
 * `INVALID_JSON`, `INVALID_PAYLOAD` (with `details` for schema violations) or `MISSING_FIELDS`.
 *
 * @example
 * ```ts
 * const result = parseCoursePayload(rawBody)
 * if (!result.ok) return reply.code(400).send({ error: result.error.message, code: result.error.code })
 * await syncCourse(repository, result.payload)
 * ```
 */
export function parseCoursePayload(body: Uint8Array | string, options: ParseCoursePayloadOptions = {}): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : utf8.decode(body));
  } catch {
    // Both bytes that are not UTF-8 and text that is not JSON (including an empty body) land here.
    return failure(new PayloadError('INVALID_JSON', ERROR_MESSAGES.INVALID_JSON));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return failure(new PayloadError('INVALID_PAYLOAD', NOT_AN_OBJECT_MESSAGE));
  }
  const fields = json as { spark_course_id?: unknown; course_title?: unknown };
  if (isMissing(fields.spark_course_id) || isMissing(fields.course_title)) {
    return failure(new PayloadError('MISSING_FIELDS', ERROR_MESSAGES.MISSING_FIELDS));
  }
  const maxAssignments = options.maxAssignments ?? DEFAULT_MAX_ASSIGNMENTS;
  const schema = schemaFor(maxAssignments);
  // A valid payload skips zod (a few times the cost of JSON.parse); anything off gets zod's own answer.
  const payload = parseValidCoursePayload(json as Readonly<Record<string, unknown>>, maxAssignments);
  if (payload !== undefined) return { ok: true, payload };
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, payload: result.data };
  const details: PayloadIssue[] = result.error.issues
    .slice(0, MAX_PAYLOAD_ISSUES)
    .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return failure(new PayloadError('INVALID_PAYLOAD', ERROR_MESSAGES.INVALID_PAYLOAD, { details }));
}
