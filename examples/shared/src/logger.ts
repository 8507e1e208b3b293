import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config';

// Belt and braces: the servers never log request headers, and the core never logs a secret or signature;
// should a header object or a raw HTTP packet ever reach a log call, these paths are censored.
const REDACTED_PATHS = [
  'secret',
  'signature',
  'headers',
  'req.headers',
  'request.headers',
  'res.headers',
  'err.rawPacket',
  'error.rawPacket',
  '*.secret',
  '*.signature',
  '*.headers',
];

/**
 * The servers' pino logger: JSON lines at `level`, with request headers, secrets, signatures and raw HTTP
 * packets censored wherever a caller might pass them.
 *
 * @example
 * ```ts
 * const logger = createLogger('debug')
 * logger.info({ url: 'http://127.0.0.1:3000' }, 'listening')
 * ```
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  // Synchronous stdout: nothing is left buffered at exit. pino's default (async) destination flushes at exit
  // in a loop that never ends when stdout is a closed pipe, and the process would hang on SIGTERM.
  const stream = destination ?? pino.destination({ dest: 1, sync: true });
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
}
