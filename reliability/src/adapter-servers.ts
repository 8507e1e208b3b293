import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_WEBHOOK_PATH, type WebhookHandlerOptions } from '@coursesync/core';
import { courseSyncRouter } from '@coursesync/express';
import { courseSyncPlugin } from '@coursesync/fastify';
import express from 'express';
import Fastify, { type FastifyBaseLogger } from 'fastify';

/** A real adapter listening on 127.0.0.1: `url` is the webhook's full URL. */
export interface AdapterServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Options of {@link startAdapter}: the handler's, the rate limit, and for Fastify the app's own logger. */
export interface AdapterOptions extends WebhookHandlerOptions {
  readonly rateLimitPerMinute?: number | false;
  /** Fastify only: the app's `loggerInstance` (its request logger is what the plugin logs to when `logger` is unset). */
  readonly appLogger?: FastifyBaseLogger;
  /** Sees the headers of every request before the adapter does (to record the signatures sent). */
  readonly observeHeaders?: (headers: IncomingHttpHeaders) => void;
}

export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: readonly AdapterName[] = ['express', 'fastify'];

/** Starts the Express router or the Fastify plugin on a fresh server with `options`. */
export async function startAdapter(name: AdapterName, { rateLimitPerMinute = false, appLogger, observeHeaders, ...options }: AdapterOptions): Promise<AdapterServer> {
  const rateLimit = rateLimitPerMinute === false ? false : { limitPerMinute: rateLimitPerMinute };
  if (name === 'fastify') {
    const app = Fastify(appLogger ? { loggerInstance: appLogger } : {});
    if (observeHeaders) app.addHook('onRequest', async (request) => observeHeaders(request.headers));
    await app.register(courseSyncPlugin, { ...options, rateLimit });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `${base}${DEFAULT_WEBHOOK_PATH}`, close: () => app.close() };
  }
  const app = express();
  if (observeHeaders) app.use((req, _res, next) => void (observeHeaders(req.headers), next()));
  const server = createServer(app.use(courseSyncRouter({ ...options, rateLimit })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${DEFAULT_WEBHOOK_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `task` over `items`, `concurrency` at a time, in order of start. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
