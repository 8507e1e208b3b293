import type { KeyObject } from 'node:crypto';
import { ConfigurationError } from './errors';
import type { WebhookHandlerOptions } from './handler';
import type { Logger } from './logger';
import type { CourseSyncRepository } from './repository';
import { DEFAULT_MAX_ASSIGNMENTS, DEFAULT_MAX_BODY_BYTES } from './responses';
import { normalizeSecrets, secretKeys } from './signature';
import { stderrLogger } from './stderr-logger';
import { type SyncCourseOptions, validateSyncCourseOptions } from './sync-course';

/** What the handler runs with: every option checked once, defaults filled in. */
export interface ResolvedHandlerOptions {
  readonly secrets: readonly string[];
  /** The same secrets as HMAC keys, made once. */
  readonly keys: readonly KeyObject[];
  readonly repository: CourseSyncRepository;
  readonly maxBodyBytes: number;
  readonly maxAssignments: number;
  readonly logger: Logger;
  readonly rawBodyHint: string;
  readonly syncOptions: SyncCourseOptions;
}

/** The fix logged when the host app consumed the body; adapters pass their framework's own. */
export const DEFAULT_RAW_BODY_HINT =
  'Keep the raw request bytes for the webhook route: mount it before any JSON body parser, or have that parser keep the raw body.';

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigurationError(`Set ${name} to a positive integer, or leave it unset for ${fallback}.`);
  return value;
}

function isLogger(value: unknown): value is Logger {
  const logger = value as Partial<Record<keyof Logger, unknown>> | null;
  return typeof logger === 'object' && logger !== null && ['debug', 'info', 'warn', 'error'].every((level) => typeof logger[level as keyof Logger] === 'function');
}

/**
 * Checks the handler options at creation time, so that a bad setup fails at startup instead of answering
 * 500 to every delivery. Throws a {@link ConfigurationError} that says what to fix.
 */
export function resolveHandlerOptions(options: WebhookHandlerOptions): ResolvedHandlerOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('Pass an options object with at least secret and repository.');
  const secrets = normalizeSecrets(options.secret);
  const { repository, logger = stderrLogger, rawBodyHint = DEFAULT_RAW_BODY_HINT } = options;
  if (typeof repository?.applyCourseSync !== 'function') {
    throw new ConfigurationError('Set repository to a CourseSyncRepository, for example createKyselyRepository(db) or createMemoryRepository().');
  }
  if (!isLogger(logger)) throw new ConfigurationError('Set logger to an object with debug, info, warn and error functions (pino fits), or leave it unset.');
  if (typeof rawBodyHint !== 'string') throw new ConfigurationError('Set rawBodyHint to a string, or leave it unset.');
  const { platform, defaultPillar, defaultXpValue, resolveOrganizationId } = options;
  const syncOptions: SyncCourseOptions = { platform, defaultPillar, defaultXpValue, resolveOrganizationId };
  validateSyncCourseOptions(syncOptions);
  return {
    secrets,
    keys: secretKeys(secrets),
    repository,
    maxBodyBytes: positiveInteger(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
    maxAssignments: positiveInteger(options.maxAssignments, DEFAULT_MAX_ASSIGNMENTS, 'maxAssignments'),
    logger,
    rawBodyHint,
    syncOptions,
  };
}
