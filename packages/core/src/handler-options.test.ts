import { describe, expect, it } from 'vitest';
import { isCourseSyncError } from './errors';
import { createWebhookHandler, type WebhookHandlerOptions } from './handler';
import { createMemoryRepository } from './memory-repository';

const repository = createMemoryRepository();

/** The code and message `createWebhookHandler` throws with for `options`. */
function creationError(options: Partial<WebhookHandlerOptions> & Record<string, unknown>) {
  try {
    createWebhookHandler({ secret: 's3cret', repository, ...options } as WebhookHandlerOptions);
  } catch (error) {
    if (!isCourseSyncError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected createWebhookHandler to throw');
}

describe('createWebhookHandler: options are checked at creation, never per request', () => {
  it('empty-secret-accepts-anything: a missing or empty secret throws a configuration error', () => {
    for (const secret of [undefined, '', [], [''], ['ok', ''], [42]]) {
      expect(creationError({ secret: secret as string }), JSON.stringify(secret)).toEqual({
        code: 'CONFIGURATION_ERROR',
        message: expect.stringContaining('SPARK_WEBHOOK_SECRET'),
      });
    }
  });

  it('refuses a missing repository, bad limits, a bad pillar or xp value, and a bad logger', () => {
    const refused: Array<Record<string, unknown>> = [
      { repository: undefined },
      { repository: {} },
      { maxBodyBytes: 0 },
      { maxBodyBytes: 1.5 },
      { maxAssignments: -1 },
      { maxAssignments: Number.NaN },
      { defaultPillar: 'math' },
      { defaultXpValue: 0 },
      { platform: '' },
      { resolveOrganizationId: 'org-1' },
      { logger: console.log },
      { rawBodyHint: 42 },
    ];
    for (const options of refused) expect(creationError(options).code, JSON.stringify(options)).toBe('CONFIGURATION_ERROR');
    expect(creationError({ maxBodyBytes: 0 }).message).toMatch(/maxBodyBytes to a positive integer/);
  });

  it('accepts a complete, valid set of options', () => {
    const handle = createWebhookHandler({
      secret: ['new', 'old'],
      repository,
      maxBodyBytes: 65_536,
      maxAssignments: 10,
      defaultPillar: 'wellness',
      defaultXpValue: 25,
      platform: 'spark',
      resolveOrganizationId: () => null,
      logger: console,
      rawBodyHint: 'keep the raw body',
    });
    expect(handle).toBeTypeOf('function');
  });
});
