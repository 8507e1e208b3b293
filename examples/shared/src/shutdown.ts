import type { Logger } from 'pino';
import type { ReferenceServer } from './server-config';

/**
 * Closes `reference` (no new connections, in-flight requests finish); connections still open after `graceMs`
 * are cut so a stuck client cannot hold the shutdown forever.
 *
 * @example
 * ```ts
 * await closeGracefully(reference, 10_000)
 * ```
 */
export async function closeGracefully(reference: ReferenceServer, graceMs = 10_000): Promise<void> {
  const { server } = reference;
  // close() drops the connections idle at that moment, not keep-alive ones whose request finishes later:
  // sweep those as they go idle instead of waiting for their keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await reference.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

/**
 * On the first SIGINT or SIGTERM runs `stop`, then exits 0 (1 when `stop` fails). Later signals are ignored:
 * a terminal's Ctrl-C reaches the server both directly and relayed by pnpm and tsx.
 *
 * @example
 * ```ts
 * exitOnSignal(async () => { await closeGracefully(reference); await storage.close() }, logger)
 * ```
 */
export function exitOnSignal(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
