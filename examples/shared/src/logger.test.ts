import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('redacts-signature-header: headers, secrets and signatures never reach the output', () => {
    let output = '';
    const sink = new Writable({ write: (chunk, _encoding, done) => ((output += String(chunk)), done()) });
    const logger = createLogger('debug', sink);
    logger.info({ headers: { 'x-spark-signature': 'sig-one' } }, 'a');
    logger.info({ req: { headers: { 'x-spark-signature': 'sig-two' } } }, 'b');
    logger.debug({ secret: 'secret-one', signature: 'sig-three', err: { rawPacket: 'sig-four' } }, 'c');
    expect(output.split('\n').filter(Boolean)).toHaveLength(3);
    for (const value of ['sig-one', 'sig-two', 'sig-three', 'sig-four', 'secret-one']) expect(output).not.toContain(value);
    expect(output).toContain('[redacted]');
  });
});
