import { createServer } from 'node:http';
import { courseSyncRouter } from '@coursesync/express';
import {
  DEFAULT_TIMEOUTS,
  healthCheck,
  type ReferenceServer,
  type ReferenceServerConfig,
} from '@coursesync/example-shared';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

/**
 * The Express reference server: `POST /spark/webhook/course` through `@coursesync/express`, `GET /healthz`,
 * JSON for everything else. Returned not yet listening, on a Node server with header and request timeouts.
 *
 * @example
 * ```ts
 * const { server, close } = await buildServer({ secrets: ['s3cret'], repository, isHealthy, logger })
 * server.listen(3000, '127.0.0.1')
 * ```
 */
export async function buildServer(config: ReferenceServerConfig): Promise<ReferenceServer & { readonly app: Express }> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const { logger, redis } = config;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', typeof config.trustProxy === 'object' ? [...config.trustProxy] : (config.trustProxy ?? false));

  app.get('/healthz', async (_req, res) => {
    const { status, body } = await healthCheck(config.isHealthy);
    res.status(status).json(body);
  });
  app.use(
    courseSyncRouter({
      secret: config.secrets,
      repository: config.repository,
      logger,
      rateLimit: {
        limitPerMinute: config.rateLimitPerMinute,
        store: redis
          ? new RedisStore({
              prefix: 'coursesync-rate-limit:',
              sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
            })
          : undefined,
      },
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found', code: 'NOT_FOUND' });
  });
  const onError: ErrorRequestHandler = (error: { status?: number }, _req, res, _next) => {
    // Express's own 4xx (a malformed URL, say) keep their status; anything else is a bug worth a log line.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ error: 'Bad request', code: 'BAD_REQUEST' });
      return;
    }
    logger.error({ err: error }, 'request failed');
    res.status(500).json({ error: 'Internal server error', code: 'INTERNAL_ERROR' });
  };
  app.use(onError);

  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    app,
  );
  const close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return { app, server, close };
}
