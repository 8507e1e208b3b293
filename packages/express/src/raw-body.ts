import type { Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import type { WebhookResponse } from '@coursesync/core';
import type { RequestWithRawBody } from './keep-raw-body';

/** How long the rest of an oversized upload is read and dropped after its 413 before the connection closes. */
const LINGER_MS = 2_000;

/**
 * Keeps the exact bytes on `req.rawBody`, whatever the Content-Type (none is enforced) and without
 * decompressing them, as Fastify does. `raw-body` refuses a Content-Length over the limit before reading and
 * stops a chunked body at it, so the 413 is answered at once, where `express.raw` would first drain the
 * whole upload.
 */
export function readRawBody(limit: number): RequestHandler {
  return (req, _res, next) => {
    // A body stream someone else already read would never end again: skip instead of waiting forever.
    if (req.readableEnded) return next();
    getRawBody(req, { limit, length: req.headers['content-length'] }, (error, body) => {
      if (error) return next(error);
      (req as RequestWithRawBody).rawBody = body;
      next();
    });
  };
}

/**
 * Sends the whole 413 at once, then reads and drops (keeps nothing of) the rest of the upload for a short
 * while before ending the response, which closes the connection. Closing at once would make a sender that is
 * still writing see a connection reset instead of the answer (RFC 9112, 9.6: lingering close).
 */
export function sendThenDropUpload(req: Request, res: Response, { status, headers, body }: WebhookResponse): void {
  res.status(status).set({ ...headers, connection: 'close', 'content-length': String(Buffer.byteLength(body)) });
  res.write(body);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    res.end();
  };
  const timer = setTimeout(end, LINGER_MS).unref();
  if (req.readableEnded) return end();
  req.once('end', end).once('close', end).resume();
}
