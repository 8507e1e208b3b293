import { describe, expect, it } from 'vitest';
import { parseServerConfig } from './config';
import { parseTrustProxy } from './trust-proxy';

const parse = (env: Record<string, string>) => parseServerConfig(env, { defaultDataDir: '/srv/example/.data' });

describe('parseServerConfig', () => {
  it('applies the defaults of SPEC 7 to an empty environment', () => {
    expect(parse({})).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: '127.0.0.1',
        secrets: [],
        storage: { kind: 'pglite', dataDir: '/srv/example/.data' },
        rateLimitPerMinute: 50,
        redisUrl: undefined,
        trustProxy: false,
        logLevel: 'info',
      },
    });
  });

  it('reads every variable', () => {
    const result = parse({
      PORT: '8080',
      HOST: '0.0.0.0',
      SPARK_WEBHOOK_SECRET: ' old-secret , new-secret ',
      DATABASE_URL: 'postgres://app@db:5432/optio',
      RATE_LIMIT_PER_MINUTE: '120',
      REDIS_URL: 'redis://cache:6379',
      TRUST_PROXY: '10.0.0.0/8,loopback',
      LOG_LEVEL: 'DEBUG',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: '0.0.0.0',
        secrets: ['old-secret', 'new-secret'],
        storage: { kind: 'postgres', connectionString: 'postgres://app@db:5432/optio' },
        rateLimitPerMinute: 120,
        redisUrl: 'redis://cache:6379',
        trustProxy: ['10.0.0.0/8', 'loopback'],
        logLevel: 'debug',
      },
    });
  });

  it('keeps PGlite in memory for COURSESYNC_DATA_DIR=memory:// and treats empty variables as unset', () => {
    const result = parse({ COURSESYNC_DATA_DIR: 'memory://', PORT: '', LOG_LEVEL: ' ' });
    expect(result.ok && result.config).toMatchObject({ port: 3000, logLevel: 'info', storage: { kind: 'pglite', dataDir: undefined } });
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid environment: PORT must be a port number from 0 to 65535 (got "abc").'],
    [{ PORT: '70000' }, 'Invalid environment: PORT must be a port number from 0 to 65535 (got "70000").'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE must be a whole number of requests, at least 1 (got "0")'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true, false, a hop count, or comma-separated addresses/subnets'],
    [{ REDIS_URL: 'cache:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL.'],
    [{ SPARK_WEBHOOK_SECRET: ' , ' }, 'SPARK_WEBHOOK_SECRET holds no secret between its commas'],
  ])('bad-environment %j: answers a message naming the variable', (env, message) => {
    const result = parse(env);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it('never echoes a connection string back: it may hold a password', () => {
    const result = parse({ DATABASE_URL: 'mysql://root:hunter2@db/optio' });
    expect(!result.ok && result.message).toBe('Invalid environment: DATABASE_URL must be a postgres:// connection string.');
  });

  it('production-requires-secret: NODE_ENV=production without SPARK_WEBHOOK_SECRET is refused', () => {
    expect(parse({ NODE_ENV: 'production' })).toEqual({
      ok: false,
      message: expect.stringMatching(/^SPARK_WEBHOOK_SECRET is not set: set it to the secret SPARK signs with/),
    });
    expect(parse({ NODE_ENV: 'production', SPARK_WEBHOOK_SECRET: 's3cret' }).ok).toBe(true);
  });
});

describe('parseTrustProxy', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 172.16.0.0/12 ,::1/128', ['10.0.0.0/8', '172.16.0.0/12', '::1/128']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('%j → %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', 'proxy.internal', '10.0.0.1,,10.0.0.2'])('rejects %j', (value) => {
    expect(parseTrustProxy(value)).toBeUndefined();
  });
});
