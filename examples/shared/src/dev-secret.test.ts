import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signBody } from '@coursesync/core';
import { biology101 } from '@coursesync/core/testing';
import { describe, expect, it } from 'vitest';
import { developmentSecretBanner, generateDevelopmentSecret, shellQuote, signedCurlCommand } from './dev-secret';

const sh = async (script: string) => (await promisify(execFile)('sh', ['-c', script])).stdout;

describe('development secret', () => {
  it('generates a different 48-hex-digit secret each time', () => {
    const [a, b] = [generateDevelopmentSecret(), generateDevelopmentSecret()];
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
  });

  it.each(["it's", `a'b"c$HOME\\n\`id\` *`, "''", 'line\nbreak', ''])('shell-quote-round-trip: sh reads %j back unchanged', async (text) => {
    expect(await sh(`printf '%s' ${shellQuote(text)}`)).toBe(text);
  });

  it('curl-line-sends-signed-bytes: the curl line carries exactly the signed body and its signature', async () => {
    const body = JSON.stringify({ ...biology101, course_title: "Bio'logy 101 \\ $PATH" });
    // The shell parses the line; printing its words shows exactly the arguments curl would get.
    const args = await sh(`set -- ${signedCurlCommand('http://127.0.0.1:3000/spark/webhook/course', body, 'k').slice(5)}; printf '%s\\n' "$@"`);
    const lines = args.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['-sS', '-X', 'POST']);
    expect(lines).toContain(`x-spark-signature: ${signBody(body, 'k')}`);
    expect(lines.at(-2)).toBe('--data-binary');
    expect(lines.at(-1)).toBe(body);
  });

  it('the banner shows the secret and a one-line signed curl command for Biology 101', async () => {
    const banner = await developmentSecretBanner('abc123', 'http://127.0.0.1:3000/spark/webhook/course');
    expect(banner).toContain('SPARK_WEBHOOK_SECRET=abc123');
    const body = JSON.stringify(biology101);
    expect(banner).toContain(`  ${signedCurlCommand('http://127.0.0.1:3000/spark/webhook/course', body, 'abc123')}\n`);
  });
});
