import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Connects to `url` for the shared rate limit; rejects with a message saying what to do when Redis cannot be
 * reached at start. Commands fail fast (one retry) rather than queue while Redis is away.
 *
 * @example
 * ```ts
 * const redis = await openRedis('redis://127.0.0.1:6379', logger)
 * await closeRedis(redis)
 * ```
 */
export async function openRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1 });
  // ioredis reconnects by itself; without a listener each failed attempt is an "Unhandled error event".
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
    logger.warn({ reason: error.message }, 'redis connection error');
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() itself only says "Connection is closed."; the 'error' event had the cause.
    const reason = (lastError ?? (error instanceof Error ? error : new Error(String(error)))).message;
    throw new Error(`Could not connect to REDIS_URL (${reason}): start Redis or unset REDIS_URL.`);
  }
  return redis;
}

/**
 * Closes `redis` politely (`QUIT`), or at once when it is not connected.
 *
 * @example
 * ```ts
 * await closeRedis(redis)
 * ```
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
