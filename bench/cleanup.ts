/**
 * Cleanups to run when the bench is interrupted (Ctrl-C, SIGTERM): `finally` blocks do not run when a signal
 * ends the process, and a bench database left on the server would be left for good.
 */
const pending = new Set<() => Promise<void>>();

/** Registers `cleanup` until the returned function is called (once the normal path has cleaned up). */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}

/** Set once a signal arrived: the run is no longer whole, so no report should be written. */
export const interruption = { interrupted: false };

/** Runs every pending cleanup (for at most 10 s), then exits with the signal's conventional code. */
export function installInterruptHandlers(log: (message: string) => void): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      interruption.interrupted = true;
      log(`${signal}: cleaning up ${pending.size} database(s) before exiting`);
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      void Promise.race([Promise.allSettled([...pending].map((cleanup) => cleanup())), timeout]).then(() => process.exit(code));
    });
  }
}
