import { afterAll, beforeAll, describe } from 'vitest';
import type { Logger } from '../logger';
import { createMemoryRepository } from '../memory-repository';
import { TEST_SECRET } from './signing';
import { type HttpContext, type HttpServerOptions, MAX_BODY_BYTES, type StartHttpServer, type StartedHttpServer } from './http-conformance-context';
import { describeDeliveries } from './http-conformance-deliveries';
import { describeRejections } from './http-conformance-rejections';

export type { HttpServerOptions, StartHttpServer, StartedHttpServer } from './http-conformance-context';

/**
 * The one HTTP suite every adapter runs: SPEC 3.2 row by row, with exact statuses and bodies, through
 * `fetch` against a real server on 127.0.0.1. `start` is called once for the shared server and again for
 * the tests that need their own (a rate limit of 3, a failing repository); each gets a new memory
 * repository and must be closed by `close()`. Needs vitest.
 *
 * @example
 * ```ts
 * describeHttpConformance('express', async ({ rateLimitPerMinute, ...options }) => {
 *   const rateLimit = rateLimitPerMinute === false ? false : { limitPerMinute: rateLimitPerMinute }
 *   return listen(express().use(courseSyncRouter({ ...options, rateLimit }))) // { url, close }
 * })
 * ```
 */
export function describeHttpConformance(name: string, start: StartHttpServer): void {
  describe(`HTTP conformance: ${name} (SPEC 3.2)`, () => {
    const errors: unknown[] = [];
    const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (fields) => void errors.push(fields) };
    const options = (extra: Partial<HttpServerOptions> = {}): HttpServerOptions => ({
      secret: TEST_SECRET,
      repository: createMemoryRepository(),
      logger,
      maxBodyBytes: MAX_BODY_BYTES,
      rateLimitPerMinute: 1_000,
      ...extra,
    });
    let shared: StartedHttpServer | undefined;
    beforeAll(async () => {
      shared = await start(options());
    });
    afterAll(() => shared?.close());

    const context: HttpContext = {
      errors,
      post(body, headers = {}, url) {
        if (!shared) throw new Error(`The ${name} server of the HTTP conformance suite did not start; see its error above.`);
        const stream = body instanceof ReadableStream ? { duplex: 'half' as const } : {};
        return fetch(url ?? shared.url, { method: 'POST', body, headers, ...stream });
      },
      async withServer(extra, use) {
        const server = await start(options(extra));
        try {
          await use(server.url);
        } finally {
          await server.close();
        }
      },
    };
    describe('rejections (rows 1-8)', () => describeRejections(context));
    describe('deliveries (rows 9-10)', () => describeDeliveries(context));
  });
}
