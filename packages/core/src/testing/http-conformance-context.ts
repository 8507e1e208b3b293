import { expect } from 'vitest';
import type { WebhookHandlerOptions } from '../handler';
import type { SparkCoursePayload } from '../payload-schema';
import { buildCoursePayload, randomId } from './builders';

/** What the HTTP suite asks an adapter's server for: the handler's options plus the rate limit. */
export interface HttpServerOptions extends WebhookHandlerOptions {
  /** Requests per minute and client IP; `false` turns the limiter off. The suite passes a number. */
  readonly rateLimitPerMinute?: number | false;
}

/** A listening server: `url` is the webhook's full URL (`http://127.0.0.1:<port>/spark/webhook/course`). */
export interface StartedHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts an adapter's server on 127.0.0.1 with `options`. */
export type StartHttpServer = (options: HttpServerOptions) => Promise<StartedHttpServer>;

export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array>;

/** What each group of HTTP tests gets from the suite. */
export interface HttpContext {
  /** POSTs to the suite's shared server, or to `url`. */
  post(body: RequestBody, headers?: Record<string, string>, url?: string): Promise<Response>;
  /** Runs `use` against a server of its own, started with the suite's options plus `options`. */
  withServer(options: Partial<HttpServerOptions>, use: (url: string) => Promise<void>): Promise<void>;
  /** Error-level log calls of every server the suite started. */
  readonly errors: readonly unknown[];
}

/** The body limit of the suite's servers. */
export const MAX_BODY_BYTES = 16_384;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Biology 101 under a course id no other test uses. */
export function freshCourse(overrides: Partial<SparkCoursePayload> = {}): SparkCoursePayload {
  return buildCoursePayload({ spark_course_id: randomId('course'), ...overrides });
}

/** SPEC 3.3's body with no task written; spread the counts that differ over it. */
export function success(title: string, taskCount: number) {
  return {
    success: true,
    quest_id: expect.stringMatching(UUID),
    task_count: taskCount,
    message: `Quest '${title}' synced successfully`,
    created: false,
    tasks_created: 0,
    tasks_updated: 0,
    tasks_unchanged: 0,
  };
}

/** Asserts the exact status and JSON body, and a JSON Content-Type. */
export async function expectJson(response: Response, status: number, body: unknown): Promise<void> {
  const text = await response.text();
  expect({ status: response.status, body: parseJson(text) }).toStrictEqual({ status, body });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return `not JSON: ${text}`;
  }
}

/** A body sent with Transfer-Encoding: chunked (no Content-Length), `totalBytes` of spaces. */
export function chunkedBody(totalBytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}
