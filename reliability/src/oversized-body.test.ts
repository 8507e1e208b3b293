import { request } from 'node:http';
import { DEFAULT_WEBHOOK_PATH, signBody } from '@coursesync/core';
import { createScratchDatabase, freePort, type RunningExample, type ScratchDatabase, startExample } from '@coursesync/example-shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, resetPeakRss, rss, SCRIPTS } from './reference-processes';

// SPEC 3.2 row 2 and SPEC 9 "bounded body size": a 10 MiB body gets a 413 before it is buffered, so the
// server process's memory never grows by anything near the body's size.

const MiB = 1_048_576;
const BODY_BYTES = 10 * MiB;
const SECRET = 'oversized-body-secret';
/** "Well below the body size": the peak RSS may grow by at most this much while 10 MiB bodies arrive. */
const MAX_GROWTH = 5 * MiB;
const figures: string[] = [];

/** A syntactically plausible, signed 10 MiB delivery: one huge description. */
function hugeBody(): Buffer {
  const head = Buffer.from('{"spark_org_id":"24","spark_course_id":"huge","course_title":"Huge","course_description":"');
  const tail = Buffer.from('"}');
  return Buffer.concat([head, Buffer.alloc(BODY_BYTES - head.length - tail.length, 'x'), tail]);
}

/**
 * POSTs `body` in 64 KiB chunks, with a Content-Length or chunked without one, and resolves with the answer.
 * Like a careful sender, it lets the event loop read between chunks and stops uploading once an answer has
 * arrived: the server answers 413 after the first MiB and closes, and writing on would only reset the
 * connection before the answer is read.
 */
function postLarge(baseUrl: string, body: Buffer, chunked: boolean): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-spark-signature': signBody(body, SECRET) };
    if (!chunked) headers['content-length'] = String(body.length);
    const req = request(`${baseUrl}${DEFAULT_WEBHOOK_PATH}`, { method: 'POST', headers });
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      response.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = async () => {
      for (let offset = 0; offset < body.length && !answered && !req.destroyed; offset += 64 * 1024) {
        if (!req.write(body.subarray(offset, offset + 64 * 1024))) await new Promise((drained) => req.once('drain', drained));
        await new Promise((next) => setTimeout(next, 0));
      }
      if (!req.destroyed) req.end();
    };
    void pump();
  });
}

describe.each(SCRIPTS)('a 10 MiB body sent to the %s reference server (pnpm %s)', (name, script) => {
  let server: RunningExample;
  let database: ScratchDatabase | undefined;
  beforeAll(async () => {
    // Postgres when there is one (a server starts faster on it), else an in-memory PGlite.
    database = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
    const storage: Record<string, string> = database ? { DATABASE_URL: database.url } : { COURSESYNC_DATA_DIR: 'memory://' };
    server = await startExample(script, { PORT: String(await freePort()), SPARK_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info', ...storage });
  }, 120_000);
  afterAll(async () => {
    server?.kill();
    await database?.drop();
    if (name === 'express') console.log(`[reliability] oversized bodies:\n  ${figures.join('\n  ')}`);
  });

  it('oversized-body-buffered: 10 MiB bodies, with and without Content-Length, get a 413 while the process memory stays well below the body size', async () => {
    // Warm up the paths the big bodies take (a sync, a 413), so their first-use allocations are not counted.
    expect((await postSigned(server.url, { spark_org_id: '24', spark_course_id: 'warm', course_title: 'Warm' }, SECRET)).status).toBe(200);
    expect((await postLarge(server.url, Buffer.alloc(2 * MiB, 'x'), true)).status).toBe(413);
    const body = hugeBody();
    const before = rss(server.serverPid).current;
    resetPeakRss(server.serverPid);
    const answers = [];
    for (const chunked of [false, true, false, true]) answers.push(await postLarge(server.url, body, chunked));
    const growth = rss(server.serverPid).peak - before;
    for (const answer of answers) expect(answer).toEqual({ status: 413, body: { error: 'Payload too large', code: 'PAYLOAD_TOO_LARGE' } });
    expect(growth, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(MAX_GROWTH);
    // Still serving: the refused uploads left nothing behind that blocks the next delivery.
    expect((await postSigned(server.url, { spark_org_id: '24', spark_course_id: 'after', course_title: 'After' }, SECRET)).status).toBe(200);
    figures.push(`${name}: 4 x 10 MiB (2 with Content-Length, 2 chunked) -> 4 x 413; peak RSS of the server process grew by ${(growth / MiB).toFixed(2)} MiB (limit ${MAX_GROWTH / MiB} MiB)`);
  }, 60_000);
});
