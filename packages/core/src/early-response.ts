import type { CourseSyncErrorCode } from './errors';
import type { WebhookResponse } from './handler';
import type { Logger } from './logger';
import { errorResponse } from './responses';
import { stderrLogger } from './stderr-logger';

/** Who stopped the request early, for its log line. */
export interface EarlyResponseContext {
  /** Default: warnings and errors to stderr, like the handler's. */
  readonly logger?: Logger;
  readonly ip?: string;
  /** The framework's error, logged (never returned) when it means a 500. */
  readonly err?: unknown;
}

/**
 * The SPEC 3.2 answer for a request an adapter stopped before the handler ran, from the HTTP status its
 * framework or rate limiter gave: 429 `RATE_LIMITED`, 413 `PAYLOAD_TOO_LARGE`, any other 4xx (an aborted or
 * undecodable body) 400 `INVALID_JSON`, anything else 500 `SYNC_FAILED`. Logs one line, as a delivery would.
 *
 * @example
 * ```ts
 * const { status, headers, body } = earlyErrorResponse(error.statusCode ?? 500, { logger: request.log, ip: request.ip, err: error })
 * reply.code(status).headers(headers).send(body)
 * ```
 */
export function earlyErrorResponse(status: number, context: EarlyResponseContext = {}): WebhookResponse {
  const { logger = stderrLogger, ip, err } = context;
  const code = codeForStatus(status);
  const response = errorResponse(code);
  const failed = response.status >= 500;
  const fields = { event: 'course_sync', outcome: failed ? 'failed' : 'rejected', status: response.status, code, ip, ...(failed && { err }) };
  try {
    // Called as methods: pino's need their `this`.
    if (failed) logger.error(fields, 'course sync failed');
    else logger.warn(fields, 'course sync rejected');
  } catch {
    // A throwing logger must not cost the sender its answer.
  }
  return response;
}

function codeForStatus(status: number): CourseSyncErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return status >= 400 && status < 500 ? 'INVALID_JSON' : 'SYNC_FAILED';
}
