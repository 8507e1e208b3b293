import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_WEBHOOK_PATH,
  createWebhookHandler,
  earlyErrorResponse,
  type WebhookHandlerOptions,
  type WebhookResponse,
} from '@coursesync/core';

/** Options of {@link courseSyncPlugin}: the handler's options plus where to listen and how to rate limit. */
export interface FastifyCourseSyncOptions extends WebhookHandlerOptions {
  /** The webhook path. Default `/spark/webhook/course`. */
  readonly path?: string;
  /** Per client IP (`request.ip`, so Fastify's `trustProxy` decides). `false` turns it off. */
  readonly rateLimit?: false | FastifyRateLimitOptions;
}

/** How {@link courseSyncPlugin} rate limits. */
export interface FastifyRateLimitOptions {
  /** Requests per minute and client IP. Default 50. */
  readonly limitPerMinute?: number;
  /** An ioredis client, to share the counts between processes. Default: memory. */
  readonly redis?: Redis;
}

const EMPTY_BODY = Buffer.alloc(0);

const courseSync: FastifyPluginAsync<FastifyCourseSyncOptions> = async (app, options) => {
  const { path = DEFAULT_WEBHOOK_PATH, rateLimit: limits = {}, ...handlerOptions } = options;
  const bodyLimit = handlerOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Created now so that a bad option (no secret) fails at register time, not on the first delivery.
  const handle = createWebhookHandler(handlerOptions);

  // An encapsulated scope: its buffer parser, error handler and rate limit never reach the host's routes.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Every body arrives as the exact bytes, the signature is over them. The Content-Type is not enforced
    // (SPEC 3.2), and without it a malformed one cannot get Fastify's own 415 before the parser runs.
    // A callback hook, not an async one: no promise per request. Deleting only a header that is there.
    scope.addHook('onRequest', (request, _reply, done) => {
      if (request.raw.headers['content-type'] !== undefined) delete request.raw.headers['content-type'];
      done();
    });
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    // The answers given before the handler runs: 429, 413, an unreadable body, a failing rate-limit store.
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const context = { logger: handlerOptions.logger ?? request.log, ip: request.ip, err: error };
      return send(reply, earlyErrorResponse(error.statusCode ?? 500, context));
    });
    if (limits !== false) {
      await scope.register(fastifyRateLimit, {
        max: limits.limitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        ...(limits.redis ? { redis: limits.redis, nameSpace: 'coursesync-rate-limit-' } : {}),
        // Thrown by the plugin after it set Retry-After; the error handler above writes SPEC's body.
        errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode }),
      });
    }
    scope.post(path, { bodyLimit }, async (request, reply) => {
      const rawBody = request.body ?? EMPTY_BODY; // a POST without any body skips the parser
      const logger = handlerOptions.logger ?? request.log;
      return send(reply, await handle({ headers: request.headers, rawBody, ip: request.ip, logger }));
    });
  });
};

function send(reply: FastifyReply, { status, headers, body }: WebhookResponse): FastifyReply {
  return reply.code(status).headers(headers).send(body);
}

/**
 * A Fastify plugin answering `POST /spark/webhook/course` (SPEC 3.2): raw body whatever the Content-Type,
 * `@fastify/rate-limit` on this route only, `bodyLimit` from `maxBodyBytes`, logs through `request.log`.
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: true, trustProxy: 1 })
 * await app.register(courseSyncPlugin, { secret: process.env.SPARK_WEBHOOK_SECRET!, repository })
 * ```
 */
export const courseSyncPlugin = fastifyPlugin(courseSync, { name: '@coursesync/fastify', fastify: '5.x' });
