import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DEFAULT_WEBHOOK_PATH } from '@coursesync/core';
import { signedRequest } from '@coursesync/core/testing';
import { Redis } from 'ioredis';

/** The root scripts that start each reference server (`pnpm start`, `pnpm start:express`). */
export const SCRIPTS = [
  ['fastify', 'start'],
  ['express', 'start:express'],
] as const;

/** What a sender sees. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: string | null;
}

/** POSTs `payload` signed with `secret` to the server at `baseUrl`, as the client `ip` behind a trusted proxy. */
export async function postSigned(baseUrl: string, payload: object | string, secret: string, ip?: string): Promise<Answer> {
  const { body, headers } = signedRequest(payload, secret);
  const response = await fetch(`${baseUrl}${DEFAULT_WEBHOOK_PATH}`, { method: 'POST', body, headers: { ...headers, ...(ip && { 'x-forwarded-for': ip }) } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get('retry-after') };
}

/** A client address no other run uses, so rate-limit counters in a shared Redis never collide. */
export const uniqueIp = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Whether Redis answers at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A process's resident memory in bytes: the current value and the peak since the last {@link resetPeakRss}. */
export function rss(pid: number): { current: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
  return { current: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Resets a process's peak RSS (VmHWM) to its current RSS (Linux `clear_refs`). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Whether the process `pid` is still running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a connection to `baseUrl` that sends the start of a request and then nothing more (a slowloris).
 * Resolves with what the server sent, once the server has closed the connection.
 */
export function openStalledClient(baseUrl: string): Promise<string> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {}); // a reset is as good as a close here
  socket.write('POST /spark/webhook/course HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl');
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}
