import { connect } from 'node:net';
import { DEFAULT_WEBHOOK_PATH, signBody, SIGNATURE_HEADER } from '@coursesync/core';
import { BENCH_SECRET } from './bench-server-config';
import { startChildServer, type ChildServer } from './child-server';
import { wireCourseOfSize } from './payloads';
import type { BenchContext, BenchSection } from './report';
import { formatBytes, markdownTable, median } from './stats';

const MIB = 1_024 * 1_024;

interface Case {
  readonly label: string;
  readonly expectedStatus: number;
  readonly send: (server: ChildServer) => Promise<number>;
}

/** Issue 6 item 4: peak RSS of the server process while it accepts 1 MiB and rejects 10 MiB. */
export async function runMemoryBench(context: BenchContext): Promise<BenchSection> {
  const repeats = context.quick ? 1 : 5;
  const accepted = wireCourseOfSize('bench_memory', 1_000, MIB);
  const acceptedBytes = Buffer.byteLength(accepted);
  const tooLarge = Buffer.alloc(10 * MIB, 'x');
  const cases: Case[] = [
    {
      label: `accept ${formatBytes(acceptedBytes)} (1,000 assignments; the first request creates the course, repeats resend it)`,
      expectedStatus: 200,
      send: (server) => post(server, accepted, { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(accepted, BENCH_SECRET) }),
    },
    { label: 'reject 10 MiB, Content-Length announced', expectedStatus: 413, send: (server) => post(server, tooLarge, {}) },
    { label: 'reject 10 MiB, chunked (no Content-Length)', expectedStatus: 413, send: (server) => post(server, tooLarge, {}, true) },
  ];
  const rows: string[][] = [];
  let method = '';
  for (const framework of ['fastify', 'express'] as const) {
    context.log(`memory: ${framework}`);
    const server = await startChildServer({ framework, repository: 'memory', secret: BENCH_SECRET });
    try {
      // The first request of each kind runs cold (code not yet compiled, heap not yet grown; the first accepted
      // delivery stores the course, later ones are resends); the repeats show the steady state.
      const cold = new Map<Case, number>();
      for (const item of cases) cold.set(item, (await measureAnswered(server, item, framework)).delta);
      for (const item of cases) {
        const deltas: number[] = [];
        let idle = 0;
        for (let repeat = 0; repeat < repeats; repeat += 1) {
          const measured = await measureAnswered(server, item, framework);
          method = measured.method;
          idle = measured.before;
          deltas.push(measured.delta);
        }
        rows.push([
          framework,
          item.label,
          String(item.expectedStatus),
          formatBytes(idle),
          formatBytes(cold.get(item) ?? Number.NaN),
          formatBytes(median(deltas)),
          formatBytes(Math.max(...deltas)),
        ]);
      }
    } finally {
      await server.close();
    }
  }
  const notes = [
    'One request at a time to a server child process (in-memory repository, default 1 MiB limit). Before each request the',
    `server collects garbage and restarts its peak; peak RSS delta = highest RSS during the request minus RSS before it (${method}).`,
    `The first request of each kind runs cold; then ${repeats} repeat(s), median and largest shown. RSS counts only memory taken`,
    'from the OS: a warm heap reuses pages it already holds, and the kernel\'s counters move in steps of some 100 KiB.',
    'A rejection that costs far less than 10 MiB shows that the body is not buffered before the limit applies.',
  ].join(' ');
  return {
    title: 'Memory: peak RSS while accepting and rejecting large bodies',
    markdown: `${notes}\n\n${markdownTable(['framework', 'request', 'status', 'RSS before', 'peak delta, first request', 'peak delta, median of repeats', 'largest'], rows, 2)}`,
    targets: [],
  };
}

/** {@link measure}, checking the answer's status. */
async function measureAnswered(server: ChildServer, item: Case, framework: string): ReturnType<typeof measure> {
  // A reset can still swallow an early answer now and then; the server did the same work, so try again.
  let measured = await measure(server, item);
  for (let retry = 0; measured.status === 0 && retry < 3; retry += 1) measured = await measure(server, item);
  if (measured.status !== item.expectedStatus) throw new Error(`${framework}: ${item.label} answered ${measured.status}, not ${item.expectedStatus}.`);
  return measured;
}

/** One request between a reset of the server's peak RSS and a reading of it. */
async function measure(server: ChildServer, item: Case): Promise<{ status: number; before: number; delta: number; method: string }> {
  const reset = await server.request<{ rss: number; method: string }>('memory-reset');
  const status = await item.send(server);
  const { peak } = await server.request<{ peak: number }>('memory-peak');
  return { status, before: reset.rss, delta: peak - reset.rss, method: reset.method };
}

/**
 * POSTs `body` over a raw socket and resolves with the answer's status (0 when the connection was reset before
 * any answer). A server may answer 413 and close before the upload ends; Node's HTTP client would then lose
 * the answer to the write error, so the socket is read directly. `chunked` sends 64 KiB chunks without a
 * Content-Length.
 */
function post(server: ChildServer, body: string | Buffer, headers: Record<string, string>, chunked = false): Promise<number> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const { hostname, port } = new URL(server.url);
  const head = [
    `POST ${DEFAULT_WEBHOOK_PATH} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes.length}`,
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve) => {
    let received = '';
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
    const socket = connect(Number(port), hostname);
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', () => {}); // EPIPE / ECONNRESET once the server has answered and closed
    socket.on('close', () => resolve(status()));
    let offset = 0;
    // One chunk per event-loop turn, so that an early answer is read (and the upload stopped) before a write
    // into the closed connection fails and takes the unread answer with it.
    const writeMore = (): void => {
      if (socket.destroyed || status() !== 0) return;
      if (offset >= bytes.length) return void (chunked && socket.write('0\r\n\r\n'));
      const chunk = bytes.subarray(offset, offset + 64 * 1_024);
      offset += chunk.length;
      const parts = chunked ? [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')] : [chunk];
      const flushed = parts.map((part) => socket.write(part)).every(Boolean);
      if (flushed) setImmediate(writeMore);
      else socket.once('drain', () => setImmediate(writeMore));
    };
    socket.write(head);
    writeMore();
  });
}
