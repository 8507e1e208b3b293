import { isIP } from 'node:net';

/**
 * Which proxies to believe about the client IP: `false` (none, the default), `true` (any), a hop count, or
 * addresses / subnets. Express's `trust proxy` and Fastify's `trustProxy` both take each of these forms.
 */
export type TrustProxy = boolean | number | readonly string[];

// The names proxy-addr (used by both Express and Fastify) understands.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses `TRUST_PROXY`: unset, empty or `false` → `false`; `true` → `true`; digits → a hop count; otherwise a
 * comma-separated list of addresses, CIDR subnets or the names `loopback`, `linklocal`, `uniquelocal`.
 * Returns `undefined` for a value that is none of these.
 *
 * @example
 * ```ts
 * parseTrustProxy('10.0.0.0/8, loopback') // ['10.0.0.0/8', 'loopback']
 * parseTrustProxy('1')                    // 1
 * ```
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isTrustedEntry) ? entries : undefined;
}

function isTrustedEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
