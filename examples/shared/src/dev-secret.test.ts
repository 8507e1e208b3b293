import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signBody } from '@coursesync/core';
import { biology101 } from '@coursesync/core/fixtures';
import { describe, expect, it } from 'vitest';
import { developmentSecretBanner, generateDevelopmentSecret } from './dev-secret';

const sh = async (script: string) => (await promisify(execFile)('sh', ['-c', script])).stdout;

describe('development secret', () => {
  it('generates a different 48-hex-digit secret each time', () => {
    const [a, b] = [generateDevelopmentSecret(), generateDevelopmentSecret()];
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
  });

  it('curl-line-sends-signed-bytes: the banner shows the secret and a curl line carrying exactly the signed Biology 101 body', async () => {
    const banner = developmentSecretBanner('abc123', 'http://127.0.0.1:3000/spark/webhook/course');
    expect(banner).toContain('SPARK_WEBHOOK_SECRET=abc123');
    const line = banner.split('\n').find((text) => text.trimStart().startsWith('curl '));
    expect(line).toBeDefined();
    // The shell parses the line; printing its words shows exactly the arguments curl would get.
    const words = (await sh(`set -- ${line!.trim().slice('curl '.length)}; printf '%s\\n' "$@"`)).trimEnd().split('\n');
    const body = JSON.stringify(biology101);
    expect(words).toContain('http://127.0.0.1:3000/spark/webhook/course');
    expect(words.map((word) => word.toLowerCase())).toContain(`x-spark-signature: ${signBody(body, 'abc123')}`);
    expect(words.at(-2)).toBe('--data-binary');
    expect(words.at(-1)).toBe(body);
  });
});
