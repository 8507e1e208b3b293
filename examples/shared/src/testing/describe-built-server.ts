import { connect } from 'node:net';
import { createMemoryRepository } from '@coursesync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../listen';
import { createLogger } from '../logger';
import type { BuildServer, ReferenceServer, ReferenceServerConfig } from '../server-config';

// Short enough for a test, long enough for a loaded CI machine to send a complete request in time.
const SHORT_TIMEOUTS = { headersMs: 500, requestMs: 1_000, keepAliveMs: 500, checkIntervalMs: 100 };

/**
 * In-process tests of one example's `buildServer`: timeouts against slow clients and `GET /healthz`, on the
 * memory repository (no database needed).
 */
export function describeBuiltServer(buildServer: BuildServer): void {
  let running: ReferenceServer | undefined;
  afterEach(async () => {
    running?.server.closeAllConnections();
    await running?.close();
    running = undefined;
  });
  const start = async (config: Partial<ReferenceServerConfig> = {}) => {
    running = await buildServer({
      secrets: ['built-server-secret'],
      repository: createMemoryRepository(),
      isHealthy: async () => true,
      logger: createLogger('silent'),
      ...config,
    });
    const url = new URL(await listen(running.server, 0, '127.0.0.1'));
    return { host: url.hostname, port: Number(url.port), url: url.origin };
  };

  describe('slow clients', () => {
    it.each([
      ['slow-headers', 'POST /spark/webhook/course HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl'],
      [
        'stalled-body',
        'POST /spark/webhook/course HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\nX-Spark-Signature: 00\r\n\r\n{"spark_course_id":',
      ],
    ])('%s: a client that never finishes its request is disconnected', async (_name, partialRequest) => {
      const { host, port } = await start({ timeouts: SHORT_TIMEOUTS });
      const socket = connect(port, host);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => {}); // a reset is as good as a close here
      socket.write(partialRequest);
      await closed; // with Node's defaults this would take 5 minutes: the test times out
      expect(socket.destroyed).toBe(true);
      expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
    });
  });

  describe('GET /healthz', () => {
    it('answers 200 {"status":"ok"} when the database answers', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/healthz`);
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    });

    it('database-down-health: answers 503 {"status":"unavailable"} when the database does not answer', async () => {
      const { url } = await start({ isHealthy: async () => false });
      const response = await fetch(`${url}/healthz`);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 503,
        body: { status: 'unavailable' },
      });
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
}
