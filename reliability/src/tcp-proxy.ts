import { createServer, connect, type Socket } from 'node:net';

/**
 * What the proxy does with connections: `forward` them to the target, `reset` them (every open connection is
 * cut and new ones are closed at once, as when the database goes away), or `hold` new ones without an answer
 * (a network partition: packets go nowhere).
 */
export type ProxyMode = 'forward' | 'reset' | 'hold';

/** A TCP proxy on 127.0.0.1 in front of a database, for cutting and restoring the path to it. */
export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** Switches mode; `reset` also cuts every open connection, `forward` lets held ones through. */
  setMode(mode: ProxyMode): void;
  /** Client connections cut by `reset` so far. */
  readonly connectionsCut: number;
  close(): Promise<void>;
}

/** Starts a proxy to `targetHost`:`targetPort` on a free port of 127.0.0.1, forwarding. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  let connectionsCut = 0;
  const open = new Set<Socket>();
  const held = new Set<Socket>();

  const forward = (client: Socket) => {
    const upstream = connect(targetPort, targetHost);
    upstream.on('error', () => {});
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  const server = createServer((client) => {
    client.on('error', () => {});
    if (mode === 'forward') forward(client);
    else if (mode === 'hold') {
      held.add(client);
      client.pause();
      client.on('close', () => held.delete(client));
    } else client.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    get mode() {
      return mode;
    },
    get connectionsCut() {
      return connectionsCut;
    },
    setMode(next) {
      mode = next;
      if (next === 'reset') {
        for (const socket of [...open, ...held]) {
          connectionsCut += 1;
          socket.destroy();
        }
      }
      if (next === 'forward') {
        for (const client of held) {
          held.delete(client);
          forward(client);
          client.resume();
        }
      }
    },
    async close() {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
