import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root, where `pnpm start` and `pnpm start:express` are run. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

// Variables the servers read: a test states each one it wants instead of inheriting the developer's.
const SERVER_VARIABLES = [
  'PORT', 'HOST', 'SPARK_WEBHOOK_SECRET', 'DATABASE_URL', 'COURSESYNC_DATA_DIR', 'RATE_LIMIT_PER_MINUTE',
  'REDIS_URL', 'TRUST_PROXY', 'LOG_LEVEL', 'NODE_ENV',
];

/** A `pnpm <script>` child process, with its stdout and stderr captured together. */
export interface ExampleProcess {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** How the root `pnpm` process ended. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** SIGKILLs the whole process group if still running (test cleanup). */
  kill(): void;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `pnpm <script>` in the repository root as a user would, with `env` as the server's environment. The
 * child leads its own process group so that {@link ExampleProcess.kill} also reaches pnpm's children.
 */
export function spawnExample(script: string, env: Readonly<Record<string, string>>): ExampleProcess {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  for (const name of SERVER_VARIABLES) delete childEnv[name];
  const child = spawn('pnpm', [script], {
    cwd: REPO_ROOT,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const watchers = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const watcher of watchers) watcher();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      for (const watcher of watchers) watcher();
      resolve({ code, signal });
    });
  });

  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`No ${pattern} within ${timeoutMs} ms. Output:\n${output}`)), timeoutMs);
      const check = () => {
        const match = output.match(pattern);
        if (match) finish(undefined, match);
        else if (!running) finish(new Error(`Exited before printing ${pattern}. Output:\n${output}`));
      };
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        watchers.delete(check);
        if (error) reject(error);
        else resolve(match as RegExpMatchArray);
      };
      watchers.add(check);
      check();
    });

  const kill = () => {
    if (!running || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return { child, output: () => output, waitForOutput, exited, kill };
}

/** A started reference server: its URL and the pid of the Node process that serves it (from its log line). */
export interface RunningExample extends ExampleProcess {
  readonly url: string;
  readonly serverPid: number;
  /** Sends `signal` to the server process itself, then resolves with the root `pnpm` process's exit. */
  stop(signal?: NodeJS.Signals): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

/** {@link spawnExample}, resolved once the server logs `{"msg":"listening","url":...}`. */
export async function startExample(script: string, env: Readonly<Record<string, string>>): Promise<RunningExample> {
  const example = spawnExample(script, env);
  try {
    const [line] = await example.waitForOutput(/^\{.*"msg":"listening".*\}$/m);
    const { url, pid } = JSON.parse(line) as { url: string; pid: number };
    const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
      process.kill(pid, signal);
      return example.exited;
    };
    return { ...example, url, serverPid: pid, stop };
  } catch (error) {
    example.kill();
    throw error;
  }
}
