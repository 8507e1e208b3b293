import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request on which {@link keepRawBody} kept the body bytes. */
export interface RequestWithRawBody extends IncomingMessage {
  rawBody?: Buffer;
}

/**
 * A `verify` function for the host's own body parser: it keeps the exact body bytes on `req.rawBody`, so the
 * webhook signature still verifies when `express.json()` runs before `courseSyncRouter()`. Mounting the router
 * first is better still: then the host parser's own limit and JSON errors never answer a delivery.
 *
 * @example
 * ```ts
 * app.use(express.json({ verify: keepRawBody }))
 * app.use(courseSyncRouter({ secret, repository }))
 * ```
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  (req as RequestWithRawBody).rawBody = buffer;
}
