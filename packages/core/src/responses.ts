import { type CourseSyncErrorCode, type PayloadIssue, statusForCode } from './errors';
import type { WebhookResponse } from './handler';

/** The default webhook path (the guide's). Adapters accept another. */
export const DEFAULT_WEBHOOK_PATH = '/spark/webhook/course';
/** Default body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Default rate limit per client IP and minute (the guide's). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 50;
/** Default cap on assignments per payload. */
export const DEFAULT_MAX_ASSIGNMENTS = 2_000;

/** The public `error` text of each response code; those of SPEC 3.2 marked "seed" are the guide's words. */
export const ERROR_MESSAGES: Readonly<Record<CourseSyncErrorCode, string>> = {
  RATE_LIMITED: 'Too many requests',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  MISSING_SIGNATURE: 'Missing signature',
  INVALID_SIGNATURE: 'Invalid signature',
  INVALID_JSON: 'Invalid JSON body',
  INVALID_PAYLOAD: 'Invalid payload',
  MISSING_FIELDS: 'Missing spark_course_id or course_title',
  SYNC_FAILED: 'Course sync failed',
  RAW_BODY_UNAVAILABLE: 'Raw request body unavailable',
  CONFIGURATION_ERROR: 'Server misconfigured',
};

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * The JSON error response for `code`: `{"error": ..., "code": ...}`, plus `details` when given.
 * Adapters use it for the answers they produce themselves (429, 413). `message` replaces the usual `error`
 * text, for the one answer whose text differs from its code's ("Request body must be a JSON object").
 *
 * @example
 * ```ts
 * const { status, headers, body } = errorResponse('RATE_LIMITED', { 'retry-after': '60' })
 * reply.code(status).headers(headers).send(body)
 * ```
 */
export function errorResponse(
  code: CourseSyncErrorCode,
  extraHeaders: Readonly<Record<string, string>> = {},
  details?: readonly PayloadIssue[],
  message: string = ERROR_MESSAGES[code],
): WebhookResponse {
  const body = details ? { error: message, code, details } : { error: message, code };
  return {
    status: statusForCode(code),
    headers: { 'content-type': JSON_CONTENT_TYPE, ...extraHeaders },
    body: JSON.stringify(body),
  };
}
