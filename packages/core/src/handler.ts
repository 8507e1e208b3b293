import type { Logger } from './logger';
import type { CourseSyncRepository } from './repository';
import type { SyncCourseOptions } from './sync-course';

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
 * Creates the framework-agnostic webhook handler (SPEC 3.2 rows 2 to 10). STUB: replaced by the real one.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  void options;
  throw new Error('not implemented');
}
