import type { PayloadIssue } from './errors';
import type { Logger } from './logger';

/**
 * The one structured line logged per delivery. It never holds the secret, the signature header or the
 * body: only what the handler derived from them.
 */
export interface DeliveryLogFields {
  event: 'course_sync';
  outcome?: 'synced' | 'rejected' | 'failed';
  status?: number;
  code?: string;
  org_id?: string;
  course_id?: string;
  quest_id?: string;
  created?: boolean;
  task_count?: number;
  tasks_created?: number;
  tasks_updated?: number;
  tasks_unchanged?: number;
  assignments?: number;
  bytes?: number;
  ip?: string;
  duration_ms?: number;
  details?: readonly PayloadIssue[];
  /** What the operator should change (`RAW_BODY_UNAVAILABLE`). */
  hint?: string;
  /** The cause of a 5xx; logged, never returned. */
  err?: unknown;
}

const MESSAGES = { synced: 'course synced', rejected: 'course sync rejected', failed: 'course sync failed' } as const;

/**
 * Writes the delivery's line at info for a 2xx, warn for a 4xx and error for a 5xx. A logger that throws
 * must not turn an answered delivery into a rejected promise, so its errors are swallowed.
 */
export function writeDeliveryLog(logger: Logger, fields: DeliveryLogFields, status: number, startedAt: number): void {
  fields.status = status;
  fields.outcome = status < 400 ? 'synced' : status < 500 ? 'rejected' : 'failed';
  fields.duration_ms = Math.round((performance.now() - startedAt) * 100) / 100;
  const record = dropUndefined(fields);
  try {
    if (status < 400) logger.info(record, MESSAGES.synced);
    else if (status < 500) logger.warn(record, MESSAGES.rejected);
    else logger.error(record, fields.hint ? `${MESSAGES.failed}: ${fields.hint}` : MESSAGES.failed);
  } catch {
    // Nothing sensible to do: the response is already decided.
  }
}

function dropUndefined(fields: DeliveryLogFields): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  // A plain for-in: `Object.entries` built an array of pairs per delivery. `fields` is a plain object literal.
  for (const key in fields) {
    const value = fields[key as keyof DeliveryLogFields];
    if (value !== undefined) record[key] = value;
  }
  return record;
}
