/**
 * Why a delivery failed, as a stable code:
 * - `REJECTED`: the receiver answered a 4xx other than 429 (bad signature, bad payload), or a redirect
 *   (never followed: a redirected POST is replayed or turned into a GET); never retried, because the same
 *   bytes get the same answer. Fix the secret, the payload or the URL.
 * - `RETRIES_EXHAUSTED`: every attempt got a 5xx or a 429; `status` and `body` are the last answer.
 * - `TIMEOUT`: the last attempt got no complete answer within `timeoutMs`.
 * - `NETWORK`: the last attempt failed before any answer (connection refused or reset, DNS).
 * - `ABORTED`: the caller's `signal` fired; no further attempt was made.
 */
export type SendErrorCode = 'REJECTED' | 'RETRIES_EXHAUSTED' | 'TIMEOUT' | 'NETWORK' | 'ABORTED';

const CODES: ReadonlySet<string> = new Set<SendErrorCode>(['REJECTED', 'RETRIES_EXHAUSTED', 'TIMEOUT', 'NETWORK', 'ABORTED']);

/** What a {@link SendError} carries besides its code and message. */
export interface SendErrorDetails {
  /** How many requests were made, this one included. */
  readonly attempts: number;
  /** The last HTTP status received, when there was an answer. */
  readonly status?: number;
  /** The last answer's body: parsed JSON when it is JSON, else its text. */
  readonly body?: unknown;
  readonly cause?: unknown;
}

/**
 * A failed delivery, returned (not thrown) by `sendCourseSync` inside `{ ok: false, error }`.
 * Check it with {@link isSendError} rather than `instanceof`, which fails when both the ESM and the CJS
 * build are loaded.
 *
 * @example
 * ```ts
 * const result = await sendCourseSync({ url, secret, payload })
 * if (!result.ok && result.error.code === 'REJECTED') console.error(result.error.status, result.error.body)
 * ```
 */
export class SendError extends Error {
  override readonly name = 'SendError';
  readonly code: SendErrorCode;
  readonly attempts: number;
  readonly status?: number;
  readonly body?: unknown;

  constructor(code: SendErrorCode, message: string, details: SendErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.body !== undefined) this.body = details.body;
  }
}

/**
 * Whether `value` is a {@link SendError}, checked by its name and code so it works across duplicated
 * copies of the package.
 *
 * @example
 * ```ts
 * if (isSendError(error)) console.error(error.code, error.attempts)
 * ```
 */
export function isSendError(value: unknown): value is SendError {
  if (!(value instanceof Error) || value.name !== 'SendError') return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && CODES.has(code);
}
