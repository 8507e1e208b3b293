/** Every stable error code this library answers or throws with. */
export type CourseSyncErrorCode =
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'MISSING_SIGNATURE'
  | 'INVALID_SIGNATURE'
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'MISSING_FIELDS'
  | 'SYNC_FAILED'
  | 'RAW_BODY_UNAVAILABLE'
  | 'CONFIGURATION_ERROR';

const STATUS: Readonly<Record<CourseSyncErrorCode, number>> = {
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  MISSING_SIGNATURE: 401,
  INVALID_SIGNATURE: 401,
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  MISSING_FIELDS: 400,
  SYNC_FAILED: 500,
  RAW_BODY_UNAVAILABLE: 500,
  CONFIGURATION_ERROR: 500,
};

/** One schema violation: a dotted path into the payload (`assignments.1.title`) and what is wrong there. */
export interface PayloadIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The base of every error this library creates. Check with {@link isCourseSyncError}, not `instanceof`:
 * `instanceof` fails when both the ESM and the CJS build of the package are loaded.
 *
 * @example
 * ```ts
 * if (isCourseSyncError(error) && error.code === 'INVALID_PAYLOAD') console.log(error.details)
 * ```
 */
export class CourseSyncError extends Error {
  override readonly name: string = 'CourseSyncError';
  readonly code: CourseSyncErrorCode;
  /** The HTTP status this error answers with. */
  readonly status: number;
  /** Per-field problems, for `INVALID_PAYLOAD`. */
  readonly details?: readonly PayloadIssue[];

  constructor(code: CourseSyncErrorCode, message: string, options?: { cause?: unknown; details?: readonly PayloadIssue[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    if (options?.details) this.details = options.details;
  }
}

/** A mistake in how the library was set up (no secret, a bad option); thrown when a handler is created. */
export class ConfigurationError extends CourseSyncError {
  override readonly name = 'ConfigurationError';
  constructor(message: string) {
    super('CONFIGURATION_ERROR', message);
  }
}

/** The request body is not an acceptable course payload (status 400). */
export class PayloadError extends CourseSyncError {
  override readonly name = 'PayloadError';
}

/** The `X-Spark-Signature` header is missing, malformed or does not match (status 401). */
export class SignatureError extends CourseSyncError {
  override readonly name = 'SignatureError';
}

/** The sync itself failed (database down, a bug); the sender should retry (status 500). */
export class SyncError extends CourseSyncError {
  override readonly name = 'SyncError';
  constructor(cause: unknown) {
    super('SYNC_FAILED', 'Course sync failed', { cause });
  }
}

/**
 * Whether `value` is an error created by this library, checked by its `code` so that it works across
 * duplicated copies of the package.
 */
export function isCourseSyncError(value: unknown): value is CourseSyncError {
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return value instanceof Error && typeof code === 'string' && Object.hasOwn(STATUS, code);
}

/** The HTTP status for an error code. */
export function statusForCode(code: CourseSyncErrorCode): number {
  return STATUS[code];
}
