/** What one POST came to. */
export type PostOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown; readonly retryAfter: string | null }
  | { readonly kind: 'timeout' | 'network' | 'aborted'; readonly cause: unknown };

/** One attempt's request, already serialised and signed. */
export interface PostRequest {
  readonly url: string;
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly fetch: typeof globalThis.fetch;
}

/**
 * POSTs once under its own timeout, which covers reading the answer's body too, and says which way it
 * ended. Never rejects.
 */
export async function postOnce(request: PostRequest): Promise<PostOutcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal,
      // A redirected POST is either replayed or turned into a GET; neither should happen silently.
      redirect: 'manual',
    });
    const text = await response.text();
    return { kind: 'answer', status: response.status, body: parseBody(text), retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    if (request.signal?.aborted) return { kind: 'aborted', cause: request.signal.reason };
    if (timeout.aborted) return { kind: 'timeout', cause: error };
    return { kind: 'network', cause: error };
  }
}

/** The answer's body as JSON when it parses, else as the text it is. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
