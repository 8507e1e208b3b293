/** Default floor of the wait before a retry, in milliseconds. */
export const DEFAULT_MIN_DELAY_MS = 500;
/** Default ceiling of any wait before a retry, `Retry-After` included, in milliseconds. */
export const DEFAULT_MAX_DELAY_MS = 60_000;

/** The bounds of the wait between attempts. */
export interface BackoffOptions {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential backoff with full jitter,
 * a random time between `minDelayMs` and `min(maxDelayMs, minDelayMs * 2^retry)`, so that many senders
 * failing together do not come back together.
 *
 * @example
 * ```ts
 * backoffDelay(1, { minDelayMs: 500, maxDelayMs: 60_000 }) // somewhere in 500..1000
 * backoffDelay(3, { minDelayMs: 500, maxDelayMs: 60_000 }) // somewhere in 500..4000
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { minDelayMs, maxDelayMs } = options;
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** retry);
  if (ceiling <= minDelayMs) return Math.min(minDelayMs, maxDelayMs);
  return Math.round(minDelayMs + random() * (ceiling - minDelayMs));
}

/**
 * A `Retry-After` header value in milliseconds from `now`: delay-seconds (`"120"`) or an HTTP date.
 * `undefined` when the header is absent or unreadable; 0 when the date is already past.
 *
 * @example
 * ```ts
 * parseRetryAfter('2') // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a weekday or month; the check keeps Date.parse from reading "1.5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before the next attempt: the server's `Retry-After` when it gave one, else the backoff;
 * never more than `maxDelayMs`, so a server asking for an hour cannot park the sender for an hour.
 *
 * @example
 * ```ts
 * nextDelay(1, '3', { minDelayMs: 500, maxDelayMs: 60_000 }) // 3000
 * ```
 */
export function nextDelay(retry: number, retryAfter: string | null | undefined, options: BackoffOptions): number {
  const asked = parseRetryAfter(retryAfter);
  return asked === undefined ? backoffDelay(retry, options) : Math.min(asked, options.maxDelayMs);
}
