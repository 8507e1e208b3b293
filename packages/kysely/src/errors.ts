import { CourseSyncError } from '@coursesync/core';

/**
 * The shipped migrations could not bring the database up to date; nothing of the failed migration was
 * applied. `migrationName` names it; `cause` holds the database error.
 *
 * @example
 * ```ts
 * try {
 *   await migrateToLatest(db)
 * } catch (error) {
 *   // by name, not instanceof: both the ESM and the CJS build may be loaded
 *   if (isCourseSyncError(error) && error.name === 'MigrationError') console.error(error.message)
 *   throw error
 * }
 * ```
 */
export class MigrationError extends CourseSyncError {
  override readonly name = 'MigrationError';
  readonly migrationName: string | undefined;

  constructor(message: string, options: { migrationName?: string; cause?: unknown }) {
    super('CONFIGURATION_ERROR', message, { cause: options.cause });
    this.migrationName = options.migrationName;
  }
}

/**
 * `claimLegacyQuests` refused because a claim would give two quests the same (platform, org, course) key;
 * `courseIds` lists the colliding course ids. Nothing was claimed.
 *
 * @example
 * ```ts
 * try {
 *   await repository.claimLegacyQuests({ orgId: '24' })
 * } catch (error) {
 *   if (isCourseSyncError(error) && error.name === 'LegacyClaimError') console.error(error.message)
 * }
 * ```
 */
export class LegacyClaimError extends CourseSyncError {
  override readonly name = 'LegacyClaimError';
  readonly courseIds: readonly string[];

  constructor(message: string, courseIds: readonly string[], cause?: unknown) {
    super('CONFIGURATION_ERROR', message, { cause });
    this.courseIds = courseIds;
  }
}
