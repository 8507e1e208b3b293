import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer, or 'hang' to never answer (the client's timeout must end it). */
export type ScriptedReply = { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string } | 'hang';

/** What the server saw of one request. */
export interface RecordedRequest {
  readonly at: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers its requests in script order (the last reply repeats)
 * and records each request's arrival time, headers and exact body bytes.
 */
export async function startScriptedServer(script: readonly ScriptedReply[]): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ at: performance.now(), headers: request.headers, body: Buffer.concat(chunks) });
      const reply = script[Math.min(requests.length, script.length) - 1] ?? { status: 200 };
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/spark/webhook/course`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function closedUrl(): Promise<string> {
  const server = await startScriptedServer([]);
  await server.close();
  return server.url;
}
