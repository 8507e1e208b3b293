import { resolve } from 'node:path';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '@coursesync/core';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `COURSESYNC_DATA_DIR` value that keeps the PGlite database in memory (nothing written to disk). */
export const MEMORY_DATA_DIR = 'memory://';

/** Postgres when `DATABASE_URL` is set; otherwise embedded PGlite in `dataDir` (`undefined`: in memory). */
export type StorageConfig =
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined };

/** The reference servers' settings, read once from the environment (SPEC 7). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Every secret accepted during a rotation; empty when `SPARK_WEBHOOK_SECRET` is unset (development only). */
  readonly secrets: readonly string[];
  readonly storage: StorageConfig;
  readonly rateLimitPerMinute: number;
  readonly redisUrl: string | undefined;
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ServerConfig }
  | { readonly ok: false; readonly message: string };

// An empty variable means unset, as in most shells' `FOO= command`.
const unsetIfBlank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfBlank, schema.optional());
const wholeNumber = (min: number, max: number, message: string) =>
  z.string().trim().regex(/^\d+$/, message).transform(Number).refine((n) => n >= min && n <= max, message);

const envSchema = z.object({
  PORT: optional(wholeNumber(0, 65_535, 'must be a port number from 0 to 65535')),
  HOST: optional(z.string().trim()),
  SPARK_WEBHOOK_SECRET: optional(z.string()),
  DATABASE_URL: optional(z.string().trim().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')),
  COURSESYNC_DATA_DIR: optional(z.string().trim()),
  RATE_LIMIT_PER_MINUTE: optional(wholeNumber(1, 1_000_000_000, 'must be a whole number of requests, at least 1')),
  REDIS_URL: optional(z.string().trim().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')),
  TRUST_PROXY: optional(
    z.string().refine((value) => parseTrustProxy(value) !== undefined, {
      message: 'must be true, false, a hop count, or comma-separated addresses/subnets (e.g. 10.0.0.0/8,loopback)',
    }),
  ),
  LOG_LEVEL: optional(
    z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  ),
  NODE_ENV: optional(z.string().trim()),
});

// Never echo these back: they may hold a secret or a password.
const SENSITIVE = new Set(['SPARK_WEBHOOK_SECRET', 'DATABASE_URL', 'REDIS_URL']);

/**
 * Reads and validates the environment of SPEC 7 (plus `COURSESYNC_DATA_DIR`). A bad value is returned as a
 * message naming the variable; so is a missing `SPARK_WEBHOOK_SECRET` under `NODE_ENV=production`.
 * `defaultDataDir` is where PGlite lives when neither `DATABASE_URL` nor `COURSESYNC_DATA_DIR` is set.
 *
 * @example
 * ```ts
 * const result = parseServerConfig(process.env, { defaultDataDir: new URL('../.data', import.meta.url).pathname })
 * if (!result.ok) { console.error(result.message); process.exit(1) }
 * ```
 */
export function parseServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly defaultDataDir: string },
): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = env[name];
      return SENSITIVE.has(name) ? `${name} ${issue.message}` : `${name} ${issue.message} (got ${JSON.stringify(value)})`;
    });
    return { ok: false, message: `Invalid environment: ${problems.join('; ')}.` };
  }
  const vars = parsed.data;
  const secrets = (vars.SPARK_WEBHOOK_SECRET ?? '').split(',').map((secret) => secret.trim()).filter(Boolean);
  if (secrets.length === 0 && vars.SPARK_WEBHOOK_SECRET !== undefined) {
    return { ok: false, message: 'Invalid environment: SPARK_WEBHOOK_SECRET holds no secret between its commas.' };
  }
  if (secrets.length === 0 && vars.NODE_ENV === 'production') {
    return {
      ok: false,
      message:
        'SPARK_WEBHOOK_SECRET is not set: set it to the secret SPARK signs with (comma-separated during a rotation); ' +
        'a development secret is generated only when NODE_ENV is not production.',
    };
  }
  const dataDir = vars.COURSESYNC_DATA_DIR ?? options.defaultDataDir;
  return {
    ok: true,
    config: {
      port: vars.PORT ?? 3000,
      host: vars.HOST ?? '127.0.0.1',
      secrets,
      storage: vars.DATABASE_URL
        ? { kind: 'postgres', connectionString: vars.DATABASE_URL }
        : { kind: 'pglite', dataDir: dataDir === MEMORY_DATA_DIR ? undefined : resolve(dataDir) },
      rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      redisUrl: vars.REDIS_URL,
      trustProxy: parseTrustProxy(vars.TRUST_PROXY) ?? false,
      logLevel: vars.LOG_LEVEL ?? 'info',
    },
  };
}
