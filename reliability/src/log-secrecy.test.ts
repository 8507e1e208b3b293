import type { Logger } from '@coursesync/core';
import { describeHttpConformance } from '@coursesync/core/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, startAdapter } from './adapter-servers';

// SPEC 7 and 9: "never the secret or the signature" in logs. The HTTP conformance suite's traffic (every row
// of SPEC 3.2: 429, 413, 401s, 400s with details, 200s, the 500 of a failing repository) runs through both
// adapters with every log line captured at trace level by a plain pino logger, without redaction, so that
// nothing is hidden after the fact: the secret and the signatures must never be written in the first place.

const lines: string[] = [];
const secrets = new Set<string>();
const signatures = new Set<string>();

/** A pino logger at trace level writing into `lines`; its error-level lines also reach `forward` (the suite checks them). */
function capturingLogger(forward: Logger) {
  return pino({ level: 'trace' }, {
    write(line: string) {
      lines.push(line);
      const record = JSON.parse(line) as { level: number; msg?: string };
      if (record.level >= 50) forward.error(record, record.msg);
    },
  });
}

const record = (headers: Record<string, string | string[] | undefined>) => {
  const signature = headers['x-spark-signature'];
  for (const value of [signature ?? []].flat()) signatures.add(value);
};

for (const adapter of ADAPTERS) {
  describeHttpConformance(`${adapter}, logs captured at trace level`, async ({ logger, ...options }) => {
    for (const secret of [options.secret].flat()) secrets.add(secret);
    const captured = capturingLogger(logger ?? { debug() {}, info() {}, warn() {}, error() {} });
    // Fastify: the plugin logs through Fastify's own request logger, as in the reference server. Express: the
    // router is given the logger.
    return adapter === 'fastify'
      ? startAdapter('fastify', { ...options, appLogger: captured, observeHeaders: record })
      : startAdapter('express', { ...options, logger: captured, observeHeaders: record });
  });
}

describe('log secrecy over the HTTP conformance traffic', () => {
  it('secret-or-signature-logged: no log line holds the secret, a signature that was sent, or any 64-hex-digit string', () => {
    const text = lines.join('').toLowerCase();
    const levels = new Map<number, number>();
    for (const line of lines) {
      const { level } = JSON.parse(line) as { level: number };
      levels.set(level, (levels.get(level) ?? 0) + 1);
    }
    expect(lines.length, 'the suite ran and its servers logged').toBeGreaterThan(40);
    expect(signatures.size, 'the suite sent signatures').toBeGreaterThan(10);
    for (const secret of secrets) expect(text).not.toContain(secret.toLowerCase());
    for (const signature of signatures) {
      const hex = signature.toLowerCase().replace(/^sha256=/, '');
      // Malformed test signatures ("abc", "sha256=") are too short to mean anything in a log.
      if (hex.length >= 16) expect(text, `signature ${signature} was logged`).not.toContain(hex);
    }
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    const byLevel = [...levels].sort((x, y) => x[0] - y[0]).map(([level, n]) => `${pino.levels.labels[level]}: ${n}`);
    console.log(
      `[reliability] log secrecy: ${lines.length} log lines (${byLevel.join(', ')}) from the HTTP conformance traffic through Express and Fastify; ` +
        `0 contain the secret, any of the ${signatures.size} signatures sent, or any 64-hex-digit string`,
    );
  });
});
