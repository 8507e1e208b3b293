/**
 * The server child process of the HTTP and memory benchmarks (started by `child-server.ts`): one framework
 * with the bare route and the webhook, on port 0 of 127.0.0.1. Answers the parent over IPC: `ready` once
 * listening, then memory probe requests. Exits when the parent disconnects (or dies).
 */
import { createMemoryRepository, type CourseSyncRepository } from '@coursesync/core';
import { courseSyncRouter } from '@coursesync/express';
import { courseSyncPlugin } from '@coursesync/fastify';
import { createDatabase, createKyselyRepository } from '@coursesync/kysely';
import express from 'express';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { BARE_PATH, bareReply, type BenchServerConfig } from './bench-server-config';
import { createMemoryProbe } from './memory-probe';
import { registerStageRoutes } from './stage-routes';

interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_SERVER ?? '{}') as BenchServerConfig;
  const database = config.repository === 'postgres' ? await createDatabase({ connectionString: config.connectionString }) : undefined;
  const repository = database ? createKyselyRepository(database.db) : createMemoryRepository();
  const server = config.framework === 'fastify' ? await startFastify(config, repository) : await startExpress(config, repository);
  const probe = createMemoryProbe();
  process.on('message', (message: { id: number; type: string }) => {
    const result =
      message.type === 'cpu'
        ? { cpu: cpuMicroseconds() }
        : message.type === 'memory-reset'
          ? { rss: probe.reset(), method: probe.method }
          : { peak: probe.peak() };
    process.send?.({ id: message.id, ...result });
  });
  process.on('disconnect', () => {
    void Promise.allSettled([server.close(), database?.destroy()]).then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: server.url });
}

function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function startFastify(config: BenchServerConfig, repository: CourseSyncRepository): Promise<Listening> {
  // Fastify's defaults (logger off); the webhook's rate limit is off so that it never answers 429.
  const app = Fastify();
  app.post(BARE_PATH, async (request) => bareReply(request.body as Record<string, unknown>));
  if (config.repository === 'memory') await registerStageRoutes(app, repository);
  await app.register(courseSyncPlugin, { secret: config.secret, repository, rateLimit: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

async function startExpress(config: BenchServerConfig, repository: CourseSyncRepository): Promise<Listening> {
  const app = express();
  // The bare route first, so that it does not even pass through the webhook's router.
  app.post(BARE_PATH, express.json({ limit: '1mb' }), (req, res) => {
    res.json(bareReply(req.body as Record<string, unknown>));
  });
  app.use(courseSyncRouter({ secret: config.secret, repository, rateLimit: false }));
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
