import { type DeliveryLogFields, writeDeliveryLog } from './delivery-log';
import { type CourseSyncErrorCode, isCourseSyncError, type PayloadIssue } from './errors';
import { resolveHandlerOptions, type ResolvedHandlerOptions } from './handler-options';
import type { Logger } from './logger';
import { parseCoursePayload } from './parse-payload';
import type { CourseSyncRepository, CourseSyncResult } from './repository';
import { errorResponse, JSON_CONTENT_TYPE } from './responses';
import { SIGNATURE_HEADER, verifyWithSecrets } from './signature';
import { syncCourse, type SyncCourseOptions } from './sync-course';

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions extends SyncCourseOptions {
  /** The shared secret, or several during a rotation (any one matching passes). Required, not empty. */
  readonly secret: string | readonly string[];
  readonly repository: CourseSyncRepository;
  /** Largest accepted body in bytes. Default 1 MiB (1_048_576). */
  readonly maxBodyBytes?: number;
  /** Most assignments one payload may carry. Default 2,000. */
  readonly maxAssignments?: number;
  /** Where the one-line-per-delivery log and failure causes go. Default: warnings and errors to stderr. */
  readonly logger?: Logger;
  /**
   * What the log line for `RAW_BODY_UNAVAILABLE` tells the operator to do; adapters pass their framework's
   * fix (for example "mount the router before express.json()").
   */
  readonly rawBodyHint?: string;
}

/** What an adapter hands the handler: header names lower-case (Node's `IncomingMessage.headers` shape). */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The request body exactly as received. `undefined` (or a parsed object) means the host app consumed the
   * body without keeping the bytes: the handler answers 500 `RAW_BODY_UNAVAILABLE`.
   */
  readonly rawBody: Uint8Array | string | undefined | unknown;
  /** The client address, for the log line only. */
  readonly ip?: string;
  /** This delivery's logger, such as Fastify's `request.log`; default the handler's `logger`. */
  readonly logger?: Logger;
}

/** What the adapter writes back: `body` is the exact JSON text to send. */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Handles one delivery; never rejects for an expected failure. */
export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

/**
 * Creates the framework-agnostic webhook handler (SPEC 3.2 rows 2 to 10): body size backstop, signature over
 * the raw bytes, payload validation, then `syncCourse`. Every outcome is a response (JSON, exact text), and
 * one log line per delivery goes to `options.logger`. Rate limiting (row 1) is the adapters' job.
 *
 * Throws a `ConfigurationError` at creation for a missing or empty secret, a missing repository or a bad
 * option, so that a broken setup fails at startup rather than answering 500 to every delivery.
 *
 * @example
 * ```ts
 * const handle = createWebhookHandler({ secret: process.env.SPARK_WEBHOOK_SECRET!.split(','), repository })
 * const { status, headers, body } = await handle({ headers: req.headers, rawBody, ip: req.socket.remoteAddress })
 * res.writeHead(status, headers).end(body)
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const config = resolveHandlerOptions(options);
  return async (request) => {
    const startedAt = performance.now();
    const fields: DeliveryLogFields = { event: 'course_sync', ip: request?.ip };
    let response: WebhookResponse;
    try {
      response = await handle(config, request, fields);
    } catch (error) {
      // Only a bug in this library gets here; answer like any other unexpected failure (row 10).
      fields.err = error;
      fields.code = 'SYNC_FAILED';
      response = errorResponse('SYNC_FAILED');
    }
    writeDeliveryLog(request?.logger ?? config.logger, fields, response.status, startedAt);
    return response;
  };
}

async function handle(config: ResolvedHandlerOptions, request: WebhookRequest, fields: DeliveryLogFields): Promise<WebhookResponse> {
  const { rawBody } = request;
  const raw = typeof rawBody === 'string' || rawBody instanceof Uint8Array ? rawBody : undefined;
  if (raw !== undefined) {
    fields.bytes = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
    // Adapters stop reading at the limit while streaming; this is the backstop for those that buffer.
    if (fields.bytes > config.maxBodyBytes) return reject(fields, 'PAYLOAD_TOO_LARGE');
  }
  const signature = request.headers?.[SIGNATURE_HEADER];
  if (isAbsent(signature)) return reject(fields, 'MISSING_SIGNATURE');
  if (raw === undefined) {
    // A JSON body parser consumed the body and kept no bytes: a setup error that no resend can fix alone.
    fields.hint = config.rawBodyHint;
    return reject(fields, 'RAW_BODY_UNAVAILABLE');
  }
  if (!verifyWithSecrets(raw, signature, config.keys)) return reject(fields, 'INVALID_SIGNATURE');

  const parsed = parseCoursePayload(raw, { maxAssignments: config.maxAssignments });
  if (!parsed.ok) {
    const { code, details, message } = parsed.error;
    fields.details = details;
    return reject(fields, code, details, message);
  }
  const { payload } = parsed;
  fields.org_id = payload.orgId;
  fields.course_id = payload.courseId;
  fields.assignments = payload.assignments.length;
  let result: CourseSyncResult;
  try {
    result = await syncCourse(config.repository, payload, config.syncOptions);
  } catch (error) {
    fields.err = error;
    // A payload problem is never a 5xx (SPEC 3.2): a resend would fail the same way.
    if (isCourseSyncError(error) && error.code === 'INVALID_PAYLOAD') return reject(fields, 'INVALID_PAYLOAD', error.details);
    return reject(fields, 'SYNC_FAILED');
  }
  fields.quest_id = result.questId;
  fields.created = result.created;
  fields.task_count = result.taskCount;
  fields.tasks_created = result.tasksCreated;
  fields.tasks_updated = result.tasksUpdated;
  fields.tasks_unchanged = result.tasksUnchanged;
  return successResponse(result, payload.title);
}

/** The error answer for `code`, noted in the delivery's log fields. */
function reject(fields: DeliveryLogFields, code: CourseSyncErrorCode, details?: readonly PayloadIssue[], message?: string): WebhookResponse {
  fields.code = code;
  return errorResponse(code, {}, details, message);
}

function isAbsent(signature: unknown): boolean {
  if (Array.isArray(signature)) return signature.length === 0 || (signature.length === 1 && !signature[0]);
  return signature === undefined || signature === null || signature === '';
}

/** SPEC 3.3, keys in this order. */
function successResponse(result: CourseSyncResult, title: string): WebhookResponse {
  const body = {
    success: true,
    quest_id: result.questId,
    task_count: result.taskCount,
    message: `Quest '${title}' synced successfully`,
    created: result.created,
    tasks_created: result.tasksCreated,
    tasks_updated: result.tasksUpdated,
    tasks_unchanged: result.tasksUnchanged,
  };
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}
