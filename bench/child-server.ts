import { fork, type ChildProcess } from 'node:child_process';
import type { BenchServerConfig } from './bench-server-config';

/** A bench server running in a child process (see `bench-server.ts`). */
export interface ChildServer {
  readonly url: string;
  /** Sends an IPC request to the child and resolves with its answer. */
  request<T>(type: string): Promise<T>;
  /** The server process's CPU time so far (user + system), in microseconds. */
  cpu(): Promise<number>;
  /** Disconnects the child (it closes and exits), killing it if it has not exited within 5 s. */
  close(): Promise<void>;
}

const SERVER_FILE = new URL('./bench-server.ts', import.meta.url).pathname;

/**
 * Starts a bench server in a child process, so that the load generator (autocannon, in this process) and the
 * server do not share one event loop: on a 2-core machine each gets a core, as in production.
 */
export async function startChildServer(config: BenchServerConfig): Promise<ChildServer> {
  const child = fork(SERVER_FILE, [], {
    // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
    execArgv: ['--import', import.meta.resolve('tsx'), '--expose-gc', ...cpuProfileFlags()],
    env: { ...process.env, BENCH_SERVER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`The ${config.framework} bench server exited (${code}) before listening.`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', function ready(message: { type?: string; url?: string }) {
      if (message.type !== 'ready' || !message.url) return;
      child.off('message', ready);
      child.off('exit', onExit);
      resolve(message.url);
    });
  });
  let nextId = 0;
  const server = {
    url,
    request<T>(type: string): Promise<T> {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        const onMessage = (message: { id?: number }) => {
          if (message.id !== id) return;
          child.off('message', onMessage);
          resolve(message as T);
        };
        child.on('message', onMessage);
        child.send({ id, type }, (error) => error && reject(error));
      });
    },
    close: () => stop(child),
  };
  return { ...server, cpu: async () => (await server.request<{ cpu: number }>('cpu')).cpu };
}

function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `run` against a fresh child server, closing it whatever happens. */
export async function withServer(config: BenchServerConfig, run: (server: ChildServer) => Promise<void>): Promise<void> {
  const server = await startChildServer(config);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** Fails the benchmark when a route does not answer 200: a load of errors would measure nothing. */
export async function expectOk(server: ChildServer, path: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body, headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
}
