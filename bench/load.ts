import autocannon from 'autocannon';

/** One autocannon run, reduced to what the report shows. */
export interface LoadResult {
  /** Mean of the per-second request counts. */
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  /** Server CPU time (user + system) per completed request, in microseconds; NaN when not measured. */
  readonly serverCpuUs: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
}

/** A POST load: a fixed body, or one built per request by `next` (autocannon's `setupRequest`). */
export interface LoadOptions {
  readonly url: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly next?: () => { body: string; headers: Record<string, string> };
  readonly connections: number;
  readonly seconds: number;
  /** A separate, unrecorded run first (JIT, pools, caches). */
  readonly warmupSeconds: number;
  /** The server's total CPU time so far in microseconds (`process.cpuUsage()` in the server process). */
  readonly serverCpu?: () => Promise<number>;
}

/** Runs autocannon in this process against a server in another. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { next } = options;
  const request: autocannon.Request = {
    method: 'POST',
    path: options.path,
    headers: options.headers,
    body: options.body,
    ...(next && {
      setupRequest: (req: autocannon.Request) => {
        const { body, headers } = next();
        return { ...req, body, headers: { ...req.headers, ...headers } };
      },
    }),
  };
  const run = (seconds: number) =>
    autocannon({ url: options.url, connections: options.connections, pipelining: 1, duration: seconds, requests: [request] });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const cpuBefore = await options.serverCpu?.();
  const result = await run(options.seconds);
  const cpuAfter = await options.serverCpu?.();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    serverCpuUs: cpu / result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
