import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import getRawBody from 'raw-body';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_WEBHOOK_PATH,
  createWebhookHandler,
  earlyErrorResponse,
  type WebhookHandlerOptions,
  type WebhookResponse,
} from '@coursesync/core';
import type { RequestWithRawBody } from './keep-raw-body';

/** Options of {@link courseSyncRouter}: the handler's options plus where to listen and how to rate limit. */
export interface ExpressCourseSyncOptions extends WebhookHandlerOptions {
  /** The webhook path. Default `/spark/webhook/course`. */
  readonly path?: string;
  /** Per client IP (`req.ip`, so Express's `trust proxy` setting decides). `false` turns it off. */
  readonly rateLimit?: false | ExpressRateLimitOptions;
}

/** How {@link courseSyncRouter} rate limits. */
export interface ExpressRateLimitOptions {
  /** Requests per minute and client IP. Default 50. */
  readonly limitPerMinute?: number;
  /** An `express-rate-limit` store shared by several processes, for example `rate-limit-redis`. Default: memory. */
  readonly store?: Store;
}

const RAW_BODY_HINT =
  'Mount courseSyncRouter() before express.json(), or keep the bytes with express.json({ verify: keepRawBody }).';

/**
 * An Express router answering `POST /spark/webhook/course` (SPEC 3.2), with rate limiting and the raw body
 * captured whatever the Content-Type. Works with Express 4.21+ and 5.
 *
 * @example
 * ```ts
 * const app = express()
 * app.set('trust proxy', 1) // behind one proxy: the limiter then sees the client's address
 * app.use(courseSyncRouter({ secret: process.env.SPARK_WEBHOOK_SECRET!, repository }))
 * app.use(express.json()) // the host's other routes
 * ```
 */
export function courseSyncRouter(options: ExpressCourseSyncOptions): Router {
  const { path = DEFAULT_WEBHOOK_PATH, rateLimit: limits = {}, ...handlerOptions } = options;
  const handle = createWebhookHandler({ rawBodyHint: RAW_BODY_HINT, ...handlerOptions });
  const readBody = readRawBody(handlerOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  // The answers given before the handler runs: 429, 413, an unreadable body, a failing rate-limit store.
  const reject = (req: Request, res: Response, status: number, err?: unknown) =>
    send(res, earlyErrorResponse(status, { logger: handlerOptions.logger, ip: req.ip, err }));

  // Express 4 does not catch a rejected promise, hence the explicit `.catch(next)`.
  const webhook: RequestHandler = (req, res, next) => {
    handle({ headers: req.headers, rawBody: rawBodyOf(req), ip: req.ip }).then((response) => send(res, response), next);
  };
  const onError: ErrorRequestHandler = (error: { status?: number; statusCode?: number }, req, res, next) => {
    if (res.headersSent) return next(error);
    reject(req, res, error.status ?? error.statusCode ?? 500, error);
  };
  const limiter = limits === false ? [] : [rateLimiter(limits, (req, res) => reject(req, res, 429))];

  const router = express.Router();
  router.post(path, ...limiter, readBody, webhook, onError);
  return router;
}

function rateLimiter({ limitPerMinute, store }: ExpressRateLimitOptions, handler: (req: Request, res: Response) => void) {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-8', // also sets Retry-After on the 429
    legacyHeaders: false,
    // Ignoring X-Forwarded-For unless the host trusts a proxy is the point (SPEC 9), not a misconfiguration.
    validate: { xForwardedForHeader: false },
    ...(store ? { store } : {}),
    handler,
  });
}

/**
 * Keeps the exact bytes whatever the Content-Type (none is enforced) and without decompressing them, as
 * Fastify does. `raw-body` refuses a Content-Length over the limit before reading and stops a chunked body at
 * it; unlike `express.raw`, nothing then drains the rest: the 413 closes the connection.
 */
function readRawBody(limit: number): RequestHandler {
  return (req, res, next) => {
    // A body stream someone else already read would never end again: skip instead of waiting forever.
    if (req.readableEnded) return next();
    getRawBody(req, { limit, length: req.headers['content-length'] }, (error, body) => {
      if (!error) {
        (req as RequestWithRawBody).rawBody = body;
        return next();
      }
      if ((error as { type?: string }).type === 'entity.too.large') res.set('connection', 'close');
      next(error);
    });
  };
}

function rawBodyOf(req: Request): unknown {
  const kept = (req as RequestWithRawBody).rawBody;
  if (Buffer.isBuffer(kept)) return kept;
  // Neither Content-Length nor Transfer-Encoding: there was no body to lose.
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return Buffer.alloc(0);
  // The host's parser consumed the bytes without keeping them; the handler answers RAW_BODY_UNAVAILABLE.
  return undefined;
}

function send(res: Response, { status, headers, body }: WebhookResponse): void {
  res.status(status).set(headers).send(body);
}
