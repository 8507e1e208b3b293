import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, CourseSyncError } from './errors';

/** The request header carrying the signature (lower-case, as Node hands headers over). */
export const SIGNATURE_HEADER = 'x-spark-signature';

/** A header is 64 hex digits, either case, optionally prefixed `sha256=` (GitHub's style; some senders copy it). */
const PREFIX = 'sha256=';
const HEX_LENGTH = 64;
const DIGEST_BYTES = 32;

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

/** Each hex digit's value by character code (either case); -1 for every other character. */
const HEX_VALUES = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/**
 * Where a received digest is decoded. Checks are synchronous, so one buffer serves them all; decoding into it
 * saves an allocation per delivery.
 */
const received = Buffer.alloc(DIGEST_BYTES);

/**
 * Decodes a well-formed header into {@link received} and returns it, or `undefined` for anything else.
 * One pass over the characters that both checks and decodes: a regular expression plus
 * `Buffer.from(hex, 'hex')` cost a fifth of a whole 1 KB check. (`Buffer.from` alone would not do either: it
 * stops silently at a bad digit and reads a character above U+00FF by its low byte only.)
 */
function decodeSignature(signature: unknown): Buffer | undefined {
  const value = Array.isArray(signature) ? (signature.length === 1 ? signature[0] : undefined) : signature;
  if (typeof value !== 'string') return undefined;
  let start = 0;
  if (value.length === PREFIX.length + HEX_LENGTH && value.startsWith(PREFIX)) start = PREFIX.length;
  else if (value.length !== HEX_LENGTH) return undefined;
  let invalid = 0;
  for (let index = 0; index < DIGEST_BYTES; index++) {
    const high = hexValue(value.charCodeAt(start + 2 * index));
    const low = hexValue(value.charCodeAt(start + 2 * index + 1));
    invalid |= high | low; // negative as soon as any digit was not hex
    received[index] = (high << 4) | low;
  }
  return invalid < 0 ? undefined : received;
}

function hexValue(code: number): number {
  return code < 256 ? (HEX_VALUES[code] as number) : -1;
}

/**
 * The secrets as HMAC keys (their UTF-8 bytes, as a string key would be read), made once so that a check
 * does not encode the secret again. Internal to the handler.
 */
export function secretKeys(secrets: readonly string[]): readonly KeyObject[] {
  return Object.freeze(secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8'))));
}

/**
 * {@link verifySignature} with secrets already checked by {@link normalizeSecrets}, or made keys by
 * {@link secretKeys} (the handler's hot path).
 */
export function verifyWithSecrets(body: string | Uint8Array, signature: unknown, secrets: readonly (string | KeyObject)[]): boolean {
  const expected = decodeSignature(signature);
  if (!expected) return false;
  for (let index = 0; index < secrets.length; index++) {
    if (matches(body, expected, secrets[index] as string | KeyObject)) return true;
  }
  return false;
}

/** Compares the raw 32-byte digests in constant time; no hex round trip of the computed digest. */
function matches(body: string | Uint8Array, expected: Buffer, secret: string | KeyObject): boolean {
  return timingSafeEqual(createHmac('sha256', secret).update(body).digest(), expected);
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
  if (typeof secret !== 'string' || secret === '') return verifyWithSecrets(body, signature, normalizeSecrets(secret));
  // One secret, the common case: no list to build per check.
  const expected = decodeSignature(signature);
  return expected !== undefined && matches(body, expected, secret);
}
