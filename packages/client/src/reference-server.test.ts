import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { biology101 } from '@coursesync/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './run-cli';
import { sendCourseSync } from './send-course-sync';
import { hasCurl } from './test-support/has-curl';

// The Fastify reference server (`pnpm start`), run as a child process the way a SPARK developer runs it.
const exampleDir = fileURLToPath(new URL('../../../examples/fastify-server/', import.meta.url));
const secret = 'reference-secret';

let child: ChildProcess;
let baseUrl: string;
let output = '';
const dir = mkdtempSync(join(tmpdir(), 'coursesync-reference-'));

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // An in-memory database of its own, even when CI points DATABASE_URL at a shared Postgres.
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: exampleDir,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', SPARK_WEBHOOK_SECRET: secret, COURSESYNC_DATA_DIR: 'memory://', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForHealthy(`${baseUrl}/healthz`);
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('against the reference server', () => {
  it('sendCourseSync delivers Biology 101 and gets 200 with task_count 3', async () => {
    const result = await sendCourseSync({ url: `${baseUrl}/spark/webhook/course`, secret, payload: biology101 });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1, body: { success: true, task_count: 3, created: true } });
  });

  it.skipIf(!hasCurl)('the line printed by `coursesync curl` gets 200 when run with curl', async () => {
    const file = join(dir, 'course.json');
    writeFileSync(file, JSON.stringify({ ...biology101, spark_course_id: 'course_bio101_curl' }, null, 2));
    let line = '';
    const code = await run(['curl', file, '--url', `${baseUrl}/spark/webhook/course`], {
      env: { SPARK_WEBHOOK_SECRET: `${secret},an-older-secret` },
      stdout: { write: (chunk: string) => (line += chunk) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    // The printed line runs unchanged; the extra flag only makes curl report the status after the body.
    const { stdout } = await promisify(execFile)('sh', ['-c', `${line.trimEnd()} --write-out '\\n%{http_code}'`]);
    const [body, status] = stdout.split('\n');
    expect(status).toBe('200');
    expect(JSON.parse(body!)).toMatchObject({ success: true, task_count: 3, created: true });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The reference server exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(url).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The reference server did not become healthy:\n${output}`);
}
