import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
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
import { readRawBody, sendThenDropUpload } from './raw-body';

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
    send(req, res, earlyErrorResponse(status, { logger: handlerOptions.logger, ip: req.ip, err }));

  // Express 4 does not catch a rejected promise, hence the explicit `.catch(next)`.
  const webhook: RequestHandler = (req, res, next) => {
    handle({ headers: req.headers, rawBody: rawBodyOf(req), ip: req.ip }).then((response) => send(req, res, response), next);
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

function rawBodyOf(req: Request): unknown {
  const kept = (req as RequestWithRawBody).rawBody;
  if (Buffer.isBuffer(kept)) return kept;
  // Neither Content-Length nor Transfer-Encoding: there was no body to lose.
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return Buffer.alloc(0);
  // The host's parser consumed the bytes without keeping them; the handler answers RAW_BODY_UNAVAILABLE.
  return undefined;
}

function send(req: Request, res: Response, response: WebhookResponse): void {
  if (response.status === 413) return sendThenDropUpload(req, res, response);
  res.status(response.status).set(response.headers).send(response.body);
}
