import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError, SIGNATURE_HEADER, signBody } from '@coursesync/core';
import { DEFAULT_MAX_DELAY_MS, DEFAULT_MIN_DELAY_MS, nextDelay } from './backoff';
import { type PostOutcome, postOnce } from './post-once';
import { SendError } from './send-error';

/** Options of {@link sendCourseSync}. */
export interface SendCourseSyncOptions {
  /** The receiver's webhook URL, e.g. `http://127.0.0.1:3000/spark/webhook/course`. */
  readonly url: string | URL;
  /** The shared secret the body is signed with. */
  readonly secret: string;
  /**
   * The course: an object is serialised once with `JSON.stringify`; a string or bytes are sent as they
   * are. Either way the signature covers exactly the bytes sent.
   */
  readonly payload: object | string | Uint8Array;
  /** Time limit of each attempt, answer body included. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, so at most `retries + 1` requests. Default 3. */
  readonly retries?: number;
  /** Floor of the backoff between attempts. Default 500 ms. */
  readonly minDelayMs?: number;
  /** Ceiling of any wait between attempts, `Retry-After` included. Default 60,000 ms. */
  readonly maxDelayMs?: number;
  /** Stops the delivery (the attempt in flight and any wait) when it fires. */
  readonly signal?: AbortSignal;
  /** The fetch to use. Default: the global one. */
  readonly fetch?: typeof globalThis.fetch;
  /** Called before each wait for a retry, e.g. to log it. */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** What `onRetry` is told: the attempt that failed, why, and how long until the next one. */
export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: SendError;
}

/** A 2xx answer: `body` is parsed JSON when the answer is JSON, else its text. */
export interface SendSuccess {
  readonly ok: true;
  readonly status: number;
  readonly body: unknown;
  readonly attempts: number;
}

/** A delivery that did not get a 2xx; `error.code` says why. */
export interface SendFailure {
  readonly ok: false;
  readonly error: SendError;
  readonly attempts: number;
}

export type SendResult = SendSuccess | SendFailure;

/**
 * Sends one course to a receiver: serialises once, signs exactly the bytes it sends
 * (`X-Spark-Signature`), gives each attempt its own timeout, and retries network errors, timeouts, 5xx
 * and 429 with exponential backoff and jitter, waiting as long as `Retry-After` asks (up to
 * `maxDelayMs`). Any other 4xx is final: the same bytes would get the same answer.
 *
 * Never rejects for a failed delivery: the result says what happened. It throws a `ConfigurationError`
 * only for unusable options (no secret, a bad URL, negative retries).
 *
 * @example
 * ```ts
 * const result = await sendCourseSync({ url: process.env.OPTIO_WEBHOOK_URL!, secret, payload: course })
 * if (result.ok) console.log('synced', result.body)
 * else if (result.error.code === 'REJECTED') console.error('fix the payload or secret:', result.error.body)
 * else queueForLater(course) // RETRIES_EXHAUSTED, TIMEOUT, NETWORK or ABORTED
 * ```
 */
export async function sendCourseSync(options: SendCourseSyncOptions): Promise<SendResult> {
  const { secret, signal, onRetry, timeoutMs = 10_000, retries = 3 } = options;
  const backoff = { minDelayMs: options.minDelayMs ?? DEFAULT_MIN_DELAY_MS, maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS };
  const url = checkOptions(options, timeoutMs, retries);
  const body = serialise(options.payload);
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, secret) };
  const request = { url, body, headers, timeoutMs, fetch: options.fetch ?? globalThis.fetch, ...(signal && { signal }) };

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return failure(describe({ kind: 'aborted', cause: signal.reason }, attempt - 1, url, timeoutMs));
    const outcome = await postOnce(request);
    if (outcome.kind === 'answer' && outcome.status >= 200 && outcome.status < 300) {
      return { ok: true, status: outcome.status, body: outcome.body, attempts: attempt };
    }
    const error = describe(outcome, attempt, url, timeoutMs);
    if (!isRetryable(outcome) || attempt > retries) return failure(error);
    const delayMs = nextDelay(attempt, outcome.kind === 'answer' ? outcome.retryAfter : undefined, backoff);
    onRetry?.({ attempt, delayMs, error });
    try {
      await sleep(delayMs, undefined, signal ? { signal } : undefined);
    } catch {
      return failure(describe({ kind: 'aborted', cause: signal?.reason }, attempt, url, timeoutMs));
    }
  }
}

function serialise(payload: object | string | Uint8Array): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
}

function checkOptions(options: SendCourseSyncOptions, timeoutMs: number, retries: number): string {
  if (typeof options.secret !== 'string' || options.secret === '') {
    throw new ConfigurationError('Pass the shared webhook secret as `secret`; it is empty.');
  }
  if (!Number.isInteger(retries) || retries < 0) throw new ConfigurationError('Pass `retries` as a whole number, 0 or more.');
  if (!(timeoutMs > 0)) throw new ConfigurationError('Pass `timeoutMs` as a number of milliseconds above 0.');
  const url = URL.canParse(String(options.url)) ? new URL(options.url) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new ConfigurationError('Pass `url` as an absolute http(s) URL, e.g. http://127.0.0.1:3000/spark/webhook/course.');
  }
  return url.href;
}

function isRetryable(outcome: PostOutcome): boolean {
  if (outcome.kind === 'answer') return outcome.status === 429 || outcome.status >= 500;
  return outcome.kind !== 'aborted';
}

function failure(error: SendError): SendFailure {
  return { ok: false, error, attempts: error.attempts };
}

function describe(outcome: PostOutcome, attempts: number, url: string, timeoutMs: number): SendError {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (outcome.kind === 'answer') {
    const { status, body } = outcome;
    if (isRetryable(outcome)) {
      return new SendError('RETRIES_EXHAUSTED', `The receiver answered ${status} after ${tries}; send again later.`, { attempts, status, body });
    }
    const fix = status < 400 ? 'send to the URL it redirects to instead' : 'fix the secret or the payload before sending again';
    return new SendError('REJECTED', `The receiver refused the delivery with ${status}; ${fix}.`, { attempts, status, body });
  }
  const { cause } = outcome;
  if (outcome.kind === 'timeout') {
    return new SendError('TIMEOUT', `No answer within ${timeoutMs} ms after ${tries}; check the receiver or raise timeoutMs.`, { attempts, cause });
  }
  if (outcome.kind === 'aborted') return new SendError('ABORTED', `The caller aborted the delivery after ${tries}.`, { attempts, cause });
  // The origin only: a URL may carry credentials.
  const reason = cause instanceof Error && cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return new SendError('NETWORK', `Could not reach ${new URL(url).origin} after ${tries}${reason}; check the URL and that the receiver is running.`, { attempts, cause });
}
