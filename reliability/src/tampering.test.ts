import { createMemoryRepository, createWebhookHandler, ERROR_MESSAGES, silentLogger } from '@coursesync/core';
import { buildCoursePayload, randomId, signedRequest } from '@coursesync/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS, type AdapterServer, forEachConcurrently, startAdapter } from './adapter-servers';
import { SECRET } from './delivery-world';

// SPEC 9: "any changed byte of body or signature is a 401". A sample signed delivery (the guide's course),
// changed in every way one byte or one signature character can change, must never get past the signature.

const INVALID = JSON.stringify({ error: ERROR_MESSAGES.INVALID_SIGNATURE, code: 'INVALID_SIGNATURE' });
const HEX = '0123456789abcdef';
const figures: string[] = [];
afterAll(() => console.log(`[reliability] tampering:\n  ${figures.join('\n  ')}`));

function sample() {
  const payload = buildCoursePayload({ spark_course_id: randomId('tamper') });
  const { body, headers } = signedRequest(payload, SECRET);
  return { key: { platform: 'spark', orgId: String(payload.spark_org_id), courseId: String(payload.spark_course_id) }, body, signature: headers['x-spark-signature'] };
}

/** Every other printable ASCII character at each position of `signature`, the same digit in upper case excepted. */
function tamperedSignatures(signature: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < signature.length; i++) {
    for (let code = 0x20; code <= 0x7e; code++) {
      const char = String.fromCharCode(code);
      if (char.toLowerCase() === signature[i]) continue; // case does not change a hex digit's value
      variants.push(signature.slice(0, i) + char + signature.slice(i + 1));
    }
  }
  const otherLast = signature.endsWith('0') ? '1' : '0';
  return [...variants, signature.slice(1), signature.slice(0, -1), `${signature}0`, `sha256=${signature.slice(0, -1)}${otherLast}`];
}

describe('tampering through the handler, exhaustively', () => {
  const repository = createMemoryRepository();
  const handle = createWebhookHandler({ secret: SECRET, repository, logger: silentLogger });

  it('tampered-body-accepted: every single-byte substitution and every single-byte deletion of a signed body gets a 401', async () => {
    const { key, body, signature } = sample();
    const bytes = Buffer.from(body, 'utf8');
    const headers = { 'x-spark-signature': signature };
    let tampered = 0;
    const expect401 = async (rawBody: Uint8Array) => {
      const response = await handle({ headers, rawBody });
      tampered += 1;
      if (response.status !== 401 || response.body !== INVALID) expect.fail(`A tampered body got ${response.status} ${response.body}`);
    };
    for (let i = 0; i < bytes.length; i++) {
      const original = bytes[i] as number;
      for (let value = 0; value < 256; value++) {
        if (value === original) continue;
        bytes[i] = value;
        await expect401(bytes);
      }
      bytes[i] = original;
      await expect401(Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]));
    }
    expect(tampered).toBe(bytes.length * 256);
    expect(await repository.findCourse(key), 'no tampered delivery wrote anything').toBeUndefined();
    // The control: the untampered delivery passes, so the 401s above came from the changed byte alone.
    expect((await handle({ headers, rawBody: body })).status).toBe(200);
    figures.push(`handler: ${tampered} tampered bodies (${bytes.length} bytes x 255 substitutions + ${bytes.length} deletions) -> 401; original -> 200`);
  }, 120_000);

  it('tampered-signature-accepted: every change of one signature character, and a signature one digit short or long, gets a 401', async () => {
    const { body, signature } = sample();
    const variants = tamperedSignatures(signature);
    for (const variant of variants) {
      const response = await handle({ headers: { 'x-spark-signature': variant }, rawBody: body });
      if (response.status !== 401 || response.body !== INVALID) expect.fail(`Signature ${variant} got ${response.status} ${response.body}`);
    }
    expect((await handle({ headers: { 'x-spark-signature': `sha256=${signature.toUpperCase()}` }, rawBody: body })).status).toBe(200);
    figures.push(`handler: ${variants.length} tampered signatures -> 401; original (sha256=, upper case) -> 200`);
  });
});

describe.each(ADAPTERS)('tampering over HTTP through the %s adapter', (adapter) => {
  let server: AdapterServer;
  const repository = createMemoryRepository();
  afterAll(() => server?.close());
  const post = async (body: string | Uint8Array, signature: string) => {
    const response = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-spark-signature': signature } });
    return { status: response.status, text: await response.text() };
  };

  it('tampered-body-accepted-over-http: each byte of a signed body changed gets a 401, each hex digit of its signature changed gets a 401, and nothing is written', async () => {
    server = await startAdapter(adapter, { secret: SECRET, repository, logger: silentLogger, rateLimitPerMinute: false });
    const { key, body, signature } = sample();
    const bytes = Buffer.from(body, 'utf8');
    const bodies = [...bytes.keys()].map((i) => {
      const copy = Buffer.from(bytes);
      copy[i] = (bytes[i] as number) ^ (1 << (i % 8)); // a different bit at each position
      return copy;
    });
    // Each position gets a different replacement digit; the handler test above tries every character.
    const signatures = [...signature].map((digit, i) => {
      const other = HEX[(HEX.indexOf(digit) + 1 + (i % 15)) % 16] as string;
      return signature.slice(0, i) + other + signature.slice(i + 1);
    });
    const requests = [...bodies.map((b) => [b, signature] as const), ...signatures.map((s) => [body, s] as const)];
    await forEachConcurrently(requests, 8, async ([b, s]) => {
      const { status, text } = await post(b, s);
      if (status !== 401 || text !== INVALID) expect.fail(`A tampered delivery got ${status} ${text}`);
    });
    expect(await repository.findCourse(key), 'no tampered delivery wrote anything').toBeUndefined();
    expect((await post(body, signature)).status).toBe(200);
    figures.push(`${adapter} over HTTP: ${bodies.length} one-byte body changes + ${signatures.length} one-digit signature changes -> 401; original -> 200`);
  }, 120_000);
});
