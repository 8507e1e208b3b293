import type { LogFn, Logger } from './logger';

/** An `Error` as plain JSON fields (`JSON.stringify(error)` gives `{}`), causes included. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  if (error.cause !== undefined && depth < 5) fields.cause = serializeError(error.cause, depth + 1);
  return fields;
}

function line(level: 'warn' | 'error'): LogFn {
  return (fields, message) => {
    const record: Record<string, unknown> = { level, time: new Date().toISOString(), msg: message };
    for (const [key, value] of Object.entries(fields)) record[key] = value instanceof Error ? serializeError(value) : value;
    process.stderr.write(`${JSON.stringify(record)}\n`);
  };
}

const drop: LogFn = () => {};

/**
 * The handler's default logger: warnings and errors as one JSON line each on stderr; info and debug are
 * dropped, so a busy webhook stays quiet until something goes wrong. Pass your own (pino, `fastify.log`) to
 * keep the per-delivery info lines.
 *
 * @example
 * ```ts
 * stderrLogger.error({ err: new Error('boom') }, 'course sync failed')
 * // {"level":"error","time":"...","msg":"course sync failed","err":{"type":"Error","message":"boom",...}}
 * ```
 */
export const stderrLogger: Logger = { debug: drop, info: drop, warn: line('warn'), error: line('error') };
