import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJson, curlLine, shellQuote } from './curl-line';

describe('compactJson', () => {
  it('removes only the whitespace between tokens, keeping every token byte for byte', () => {
    const text = '{\n  "id" : 12345678901234567890,\r\n\t"title": "a  \\" b\\\\",\n  "n": [1.50, -0e0, "\\u00e9"]\n}\n';
    expect(compactJson(text)).toBe('{"id":12345678901234567890,"title":"a  \\" b\\\\","n":[1.50,-0e0,"\\u00e9"]}');
  });

  it('gives the same JSON on one line for any pretty-printed value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = compactJson(JSON.stringify(value, null, 2));
        expect(compact).toBe(JSON.stringify(value));
        expect(compact).not.toMatch(/[\r\n]/);
      }),
    );
  });
});

describe('shellQuote', () => {
  it('survives a real POSIX shell unchanged, quotes and all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((value) => !value.includes('\0')), (value) => {
        const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
        expect(echoed).toBe(value);
      }),
      { numRuns: 25 },
    );
    expect(shellQuote(`it's $HOME \`x\``)).toBe(`'it'\\''s $HOME \`x\`'`);
  });
});

describe('curlLine', () => {
  it('prints one POSIX line with the signature header and the body as one quoted word', () => {
    const line = curlLine({ url: 'http://127.0.0.1:3000/spark/webhook/course', body: `{"t":"O'Brien"}`, signature: 'ab'.repeat(32) });
    expect(line).toBe(
      `curl -sS -X POST 'http://127.0.0.1:3000/spark/webhook/course' -H 'Content-Type: application/json' ` +
        `-H 'X-Spark-Signature: ${'ab'.repeat(32)}' --data-binary '{"t":"O'\\''Brien"}'`,
    );
  });
});
