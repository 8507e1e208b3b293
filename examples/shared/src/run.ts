import { join } from 'node:path';
import { DEFAULT_WEBHOOK_PATH } from '@coursesync/core';
import type { Redis } from 'ioredis';
import { parseServerConfig } from './config';
import { developmentSecretBanner, generateDevelopmentSecret } from './dev-secret';
import { listen } from './listen';
import { createLogger } from './logger';
import { closeRedis, openRedis } from './redis';
import type { BuildServer } from './server-config';
import { closeGracefully, exitOnSignal } from './shutdown';
import { openStorage, type Storage } from './storage';

/** Where {@link runReferenceServer} reads from. */
export interface RunOptions {
  /** The example's folder: PGlite's default `.data/` lives in it. */
  readonly exampleDir: string;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A reference server's whole `main`: reads the environment once (exit 1 with a message naming the bad
 * variable), opens the database and runs the migrations, connects Redis when `REDIS_URL` is set, builds the
 * server with `buildServer`, listens, logs `{"msg":"listening","url":...}`, prints the development secret
 * banner when it generated the secret, and stops gracefully on SIGINT/SIGTERM (exit 0).
 *
 * @example
 * ```ts
 * await runReferenceServer(buildServer, { exampleDir: fileURLToPath(new URL('..', import.meta.url)) })
 * ```
 */
export async function runReferenceServer(buildServer: BuildServer, options: RunOptions): Promise<void> {
  const result = parseServerConfig(options.env ?? process.env, { defaultDataDir: join(options.exampleDir, '.data') });
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
  const { config } = result;
  const logger = createLogger(config.logLevel);
  const secrets = config.secrets.length > 0 ? config.secrets : [generateDevelopmentSecret()];
  let storage: Storage | undefined;
  let redis: Redis | undefined;
  try {
    storage = await openStorage(config.storage);
    redis = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, logger);
    const reference = await buildServer({
      secrets,
      repository: storage.repository,
      isHealthy: storage.isHealthy,
      logger,
      rateLimitPerMinute: config.rateLimitPerMinute,
      redis,
      trustProxy: config.trustProxy,
    });
    const url = await listen(reference.server, config.port, config.host);
    logger.info({ url, database: storage.dialect }, 'listening');
    if (config.secrets.length === 0) {
      process.stderr.write(developmentSecretBanner(secrets[0] as string, `${url}${DEFAULT_WEBHOOK_PATH}`));
    }
    const opened = { storage, redis };
    exitOnSignal(async () => {
      await closeGracefully(reference);
      if (opened.redis) await closeRedis(opened.redis);
      await opened.storage.close();
    }, logger);
  } catch (error) {
    logger.fatal({ err: error }, `could not start: ${error instanceof Error ? error.message : String(error)}`);
    if (redis) await closeRedis(redis);
    await storage?.close().catch(() => {});
    process.exit(1);
  }
}
