import type { IncomingMessage, ServerResponse } from 'node:http';
import { courseSyncPlugin } from '@coursesync/fastify';
import {
  DEFAULT_TIMEOUTS,
  healthCheck,
  type ReferenceServer,
  type ReferenceServerConfig,
} from '@coursesync/example-shared';
import Fastify, { type FastifyInstance, LogController, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';

/** The Fastify instance, typed with the pino logger it was given. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

/**
 * The Fastify reference server: `POST /spark/webhook/course` through `@coursesync/fastify`, and `GET /healthz`.
 * Returned ready but not listening: listen on `server` (see `listen` in `@coursesync/example-shared`).
 *
 * @example
 * ```ts
 * const { server, close } = await buildServer({ secrets: ['s3cret'], repository, isHealthy, logger })
 * server.listen(3000, '127.0.0.1')
 * ```
 */
export async function buildServer(config: ReferenceServerConfig): Promise<ReferenceServer & { readonly app: App }> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const app = Fastify({
    loggerInstance: config.logger,
    // The core handler logs one line per delivery; Fastify's two per request would only repeat it.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(config.trustProxy),
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
  });

  app.get('/healthz', async (_request, reply) => {
    const { status, body } = await healthCheck(config.isHealthy);
    return reply.code(status).send(body);
  });
  await app.register(courseSyncPlugin, {
    secret: config.secrets,
    repository: config.repository,
    rateLimit: { limitPerMinute: config.rateLimitPerMinute, redis: config.redis },
  });

  // Listening happens on the Node server itself (not app.listen), so that the one "listening" log line is the
  // shared runner's, with the URL as a field; app.close() still closes the server.
  await app.ready();
  return { app, server: app.server, close: () => app.close() };
}

type FastifyTrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

function trustProxyOption(trustProxy: ReferenceServerConfig['trustProxy'] = false): FastifyTrustProxy {
  if (typeof trustProxy === 'object') return [...trustProxy];
  // Fastify 5 treats a bare hop count as "trust nothing"; a hop count here means what it means to Express:
  // the nearest `trustProxy` hops are proxies.
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy;
}
