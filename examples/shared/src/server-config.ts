import type { Server } from 'node:http';
import type { CourseSyncRepository } from '@coursesync/core';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TrustProxy } from './trust-proxy';

/** How long a client may take, so that a slow or stalled one cannot hold a connection forever. */
export interface ServerTimeouts {
  /** Until the request headers are complete (Node `headersTimeout`). */
  readonly headersMs: number;
  /** Until the whole request, body included, is received (Node `requestTimeout`). */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this (Node `keepAliveTimeout`). */
  readonly keepAliveMs: number;
  /** How often Node checks the two limits above (`connectionsCheckingInterval`; Node's default is 30 s). */
  readonly checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
};

/** What each example's `buildServer(config)` receives: everything already opened and validated. */
export interface ReferenceServerConfig {
  /** Every secret accepted (rotation). */
  readonly secrets: readonly string[];
  readonly repository: CourseSyncRepository;
  /** Backs `GET /healthz`. */
  readonly isHealthy: () => Promise<boolean>;
  readonly logger: Logger;
  /** Default 50 (SPEC 3.2). */
  readonly rateLimitPerMinute?: number;
  /** Shares the rate limit between processes. */
  readonly redis?: Redis;
  /** Default `false`: `X-Forwarded-For` is ignored. */
  readonly trustProxy?: TrustProxy;
  /** Defaults: {@link DEFAULT_TIMEOUTS}. */
  readonly timeouts?: Partial<ServerTimeouts>;
}

/** A built, not yet listening, reference server. */
export interface ReferenceServer {
  /** The Node server to listen on. */
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. Does not close the database or Redis. */
  close(): Promise<void>;
}

/** Each example's `buildServer`. */
export type BuildServer = (config: ReferenceServerConfig) => Promise<ReferenceServer>;
