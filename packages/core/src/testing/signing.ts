import { SIGNATURE_HEADER, signBody } from '../signature';

/** A webhook secret for tests. Never use it in production. */
export const TEST_SECRET = 'coursesync-test-secret-do-not-use-in-production';

/** A body and the headers SPARK sends with it. */
export interface SignedRequest {
  readonly body: string;
  readonly headers: { readonly 'content-type': 'application/json'; readonly 'x-spark-signature': string };
}

/**
 * Serialises `payload` once (`JSON.stringify`, unless it already is a string) and signs exactly that string,
 * as SPARK does: send `body` as it is, or the signature will not match.
 *
 * @example
 * ```ts
 * const { body, headers } = signedRequest(biology101, TEST_SECRET)
 * const response = await fetch(url, { method: 'POST', headers, body })
 * ```
 */
export function signedRequest(payload: object | string, secret: string = TEST_SECRET): SignedRequest {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, secret) } };
}
