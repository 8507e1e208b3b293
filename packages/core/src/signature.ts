import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, CourseSyncError } from './errors';

/** The request header carrying the signature (lower-case, as Node hands headers over). */
export const SIGNATURE_HEADER = 'x-spark-signature';

/** 64 hex digits, either case, optionally prefixed `sha256=` (GitHub's style; some senders copy it). */
const SIGNATURE_PATTERN = /^(?:sha256=)?([0-9a-fA-F]{64})$/;

const SECRET_MESSAGE =
  'Set the webhook secret (SPARK_WEBHOOK_SECRET) to a non-empty string, or to a non-empty list of them during a rotation.';

/**
 * Checks the secret option once, at creation time: one string or a list of them, none empty.
 * Throws a {@link ConfigurationError} otherwise.
 *
 * @example
 * ```ts
 * const secrets = normalizeSecrets(process.env.SPARK_WEBHOOK_SECRET?.split(',') ?? '')
 * ```
 */
export function normalizeSecrets(secret: unknown): readonly string[] {
  const list: readonly unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : [];
  if (list.length === 0 || !list.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw new ConfigurationError(SECRET_MESSAGE);
  }
  return Object.freeze([...(list as string[])]);
}

/** Throws `RAW_BODY_UNAVAILABLE` unless `body` is the raw bytes or text of the request. */
export function assertRawBody(body: unknown): asserts body is string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return;
  throw new CourseSyncError(
    'RAW_BODY_UNAVAILABLE',
    'Pass the raw request body (a string or bytes), not parsed JSON: signatures are computed over the exact bytes sent, so keep them before any JSON body parser runs.',
  );
}

/**
 * Signs a body as SPARK does: lower-case hex of HMAC-SHA256 keyed with the UTF-8 secret over the exact bytes
 * (a string is UTF-8 encoded). Sign the very string you send; never re-serialise.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(course)
 * await fetch(url, { method: 'POST', body, headers: { 'x-spark-signature': signBody(body, secret) } })
 * ```
 */
export function signBody(body: string | Uint8Array, secret: string): string {
  assertRawBody(body);
  if (typeof secret !== 'string' || secret === '') throw new ConfigurationError(SECRET_MESSAGE);
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** The 32 bytes a well-formed header carries, or `undefined` for anything else. */
function decodeSignature(signature: unknown): Buffer | undefined {
  const value = Array.isArray(signature) ? (signature.length === 1 ? signature[0] : undefined) : signature;
  if (typeof value !== 'string') return undefined;
  const match = SIGNATURE_PATTERN.exec(value);
  return match ? Buffer.from(match[1] as string, 'hex') : undefined;
}

/** {@link verifySignature} with secrets already checked by {@link normalizeSecrets} (the handler's hot path). */
export function verifyWithSecrets(body: string | Uint8Array, signature: unknown, secrets: readonly string[]): boolean {
  const expected = decodeSignature(signature);
  if (!expected) return false;
  for (const secret of secrets) {
    // Compares the raw 32-byte digests in constant time; no hex round trip of the computed digest.
    if (timingSafeEqual(createHmac('sha256', secret).update(body).digest(), expected)) return true;
  }
  return false;
}

/**
 * Whether `signature` (the `X-Spark-Signature` header value) is the HMAC of the raw `body` under any of the
 * secrets. A malformed header (not exactly 64 hex digits, optionally prefixed `sha256=`) is simply invalid.
 * Throws `RAW_BODY_UNAVAILABLE` when `body` is not a string or bytes (a parsed object cannot be verified),
 * and a `ConfigurationError` for a missing or empty secret.
 *
 * @example
 * ```ts
 * if (!verifySignature(rawBody, req.headers[SIGNATURE_HEADER], [newSecret, oldSecret])) return reply.code(401).send()
 * ```
 */
export function verifySignature(
  body: string | Uint8Array,
  signature: string | readonly string[] | undefined,
  secret: string | readonly string[],
): boolean {
  assertRawBody(body);
  return verifyWithSecrets(body, signature, typeof secret === 'string' && secret !== '' ? [secret] : normalizeSecrets(secret));
}
