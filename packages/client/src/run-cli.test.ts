import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signBody, verifySignature } from '@coursesync/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from './exit-codes';
import { run } from './run-cli';
import { closedUrl, type ScriptedServer, startScriptedServer } from './test-support/scripted-server';
import { hasCurl } from './test-support/has-curl';

const dir = mkdtempSync(join(tmpdir(), 'coursesync-cli-'));
const pretty = '{\n  "spark_org_id": "24",\n  "spark_course_id": "c1",\n  "course_title": "O\'Brien\'s course"\n}\n';
const courseFile = write('course.json', pretty);
const env = { SPARK_WEBHOOK_SECRET: 'first-secret,older-secret' };

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(argv: string[], environment: Record<string, string | undefined> = env) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: environment,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, stdout, stderr };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('coursesync sign', () => {
  it("prints the signature of the file's exact bytes under the first secret of the list", async () => {
    const { code, stdout } = await cli(['sign', courseFile]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toBe(`${signBody(pretty, 'first-secret')}\n`);
  });
});

describe('coursesync curl', () => {
  it('prints one line whose body is the compacted file and whose signature covers exactly it', async () => {
    const { code, stdout } = await cli(['curl', courseFile, '--url', 'http://127.0.0.1:3000/spark/webhook/course']);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout.trimEnd()).not.toContain('\n');
    expect(stdout).toContain(`--data-binary '{"spark_org_id":"24","spark_course_id":"c1","course_title":"O'\\''Brien'\\''s course"}'`);
  });

  it.skipIf(!hasCurl)('prints a line that curl sends with a signature the server verifies', async () => {
    server = await startScriptedServer([{ status: 200, body: '{"success":true}' }]);
    const { stdout } = await cli(['curl', courseFile, '--url', server.url]);
    const answer = await promisify(execFile)('sh', ['-c', stdout]);
    expect(answer.stdout).toBe('{"success":true}');
    const [request] = server.requests;
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual(JSON.parse(pretty));
    expect(verifySignature(request!.body, request!.headers['x-spark-signature'], 'first-secret')).toBe(true);
  });
});

describe('coursesync send', () => {
  it('sends the exact file bytes, prints the answer and exits 0 on 2xx', async () => {
    server = await startScriptedServer([{ status: 200, body: '{"success":true,"task_count":3}' }]);
    const { code, stdout } = await cli(['send', courseFile, '--url', server.url]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(stdout)).toEqual({ success: true, task_count: 3 });
    expect(server.requests[0]?.body.toString('utf8')).toBe(pretty);
  });

  it('exits 6 and prints the answer when the receiver answers non-2xx', async () => {
    server = await startScriptedServer([{ status: 401, body: '{"error":"Invalid signature","code":"INVALID_SIGNATURE"}' }]);
    const { code, stdout, stderr } = await cli(['send', courseFile, '--url', server.url]);
    expect(code).toBe(EXIT_CODES.HTTP_ERROR);
    expect(JSON.parse(stdout)).toMatchObject({ code: 'INVALID_SIGNATURE' });
    expect(stderr).toContain('401');
    expect(server.requests).toHaveLength(1);
  });

  it('exits 7 when nothing answers', async () => {
    const { code, stderr } = await cli(['send', courseFile, '--url', await closedUrl(), '--retries', '0']);
    expect(code).toBe(EXIT_CODES.NO_ANSWER);
    expect(stderr).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+ after 1 attempt/);
  });
});

describe('coursesync failures', () => {
  it('exits 3 when SPARK_WEBHOOK_SECRET is unset or empty', async () => {
    for (const environment of [{}, { SPARK_WEBHOOK_SECRET: '' }, { SPARK_WEBHOOK_SECRET: ' ,old' }]) {
      const { code, stderr } = await cli(['sign', courseFile], environment);
      expect(code).toBe(EXIT_CODES.MISSING_SECRET);
      expect(stderr).toContain('Set SPARK_WEBHOOK_SECRET');
    }
  });

  it('exits 4 when the file cannot be read', async () => {
    const { code, stderr } = await cli(['send', join(dir, 'missing.json'), '--url', 'http://127.0.0.1:1/']);
    expect(code).toBe(EXIT_CODES.UNREADABLE_FILE);
    expect(stderr).toContain('ENOENT');
  });

  it('exits 5 when the file is not UTF-8 JSON', async () => {
    for (const content of ['{"spark_course_id":', '\uFEFF{}']) {
      const { code, stderr } = await cli(['curl', write('bad.json', content), '--url', 'http://127.0.0.1:1/']);
      expect(code).toBe(EXIT_CODES.INVALID_JSON);
      expect(stderr).toContain('is not UTF-8 JSON');
    }
  });

  it('exits 2 for a wrong command line', async () => {
    for (const argv of [[], ['publish', courseFile], ['curl', courseFile], ['send', courseFile, '--url', 'x', '--retries', '1'], ['send', courseFile, '--url', 'http://h/', '--retries', 'many']]) {
      const { code, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(EXIT_CODES.USAGE);
      expect(stderr).not.toBe('');
    }
  });

  it('exits 1 for an unexpected failure', async () => {
    const code = await run(['sign', courseFile], {
      env,
      stdout: { write: () => { throw new Error('EPIPE'); } },
      stderr: { write: () => true },
    });
    expect(code).toBe(EXIT_CODES.UNEXPECTED);
  });

  it('documents every exit code under --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(EXIT_CODES.OK);
    for (const exit of Object.values(EXIT_CODES)) expect(stdout).toMatch(new RegExp(`^ {2}${exit} {2}\\S`, 'm'));
  });
});

describe('the coursesync bin', () => {
  const bin = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

  it('runs end to end as a process and exits with the code run() returns', async () => {
    const signed = await promisify(execFile)(tsx, [bin, 'sign', courseFile], { env: { ...process.env, ...env } });
    expect(signed.stdout).toBe(`${signBody(pretty, 'first-secret')}\n`);
    const { SPARK_WEBHOOK_SECRET: _, ...noSecret } = process.env;
    const failed = await promisify(execFile)(tsx, [bin, 'sign', courseFile], { env: noSecret }).catch((error: { code: number }) => error);
    expect(failed).toMatchObject({ code: EXIT_CODES.MISSING_SECRET });
  });
});
