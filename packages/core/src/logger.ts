/** A structured log call: fields first, then a message (pino's and Fastify's shape). */
export type LogFn = (fields: Record<string, unknown>, message?: string) => void;

/** The logger this library writes to. A pino logger, `fastify.log` or `request.log` fit as they are. */
export interface Logger {
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
}

const noop: LogFn = () => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
