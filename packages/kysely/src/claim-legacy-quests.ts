import { ConfigurationError } from '@coursesync/core';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { LegacyClaimError } from './errors';
import type { CourseSyncTables } from './tables';

/**
 * Which legacy quests `claimLegacyQuests` adopts.
 *
 * @example
 * ```ts
 * const options: ClaimLegacyQuestsOptions = { orgId: '24', courseIds: ['course_bio101', 'course_chem201'] }
 * ```
 */
export interface ClaimLegacyQuestsOptions {
  /** The LMS org (SPARK `spark_org_id`) the quests belong to. */
  readonly orgId: string;
  /**
   * Only quests with these `lms_course_id`s. Default: every unclaimed course quest — right only when the
   * database serves one org; with several, claim each org's course ids separately.
   */
  readonly courseIds?: readonly string[];
  /** `lms_platform` to set. Default `'spark'`. */
  readonly platform?: string;
}

/**
 * One adopted quest.
 *
 * @example
 * ```ts
 * for (const { questId, courseId } of await repository.claimLegacyQuests({ orgId: '24' })) console.log(courseId, questId)
 * ```
 */
export interface ClaimedQuest {
  readonly questId: string;
  readonly courseId: string;
}

/**
 * Adopts quests that Optio's old sync code created (`quest_type` 'course', an `lms_course_id`, no
 * `lms_platform`) by setting their `lms_platform` and `lms_org_id`, so the next delivery of each course
 * updates that quest instead of creating a second one. Quests that already have a platform are never
 * touched. Refuses, claiming nothing, when a claim would give two quests the same key.
 *
 * ```sql
 * update quests set lms_platform = $1, lms_org_id = $2, updated_at = now()
 * where lms_platform is null and quest_type = 'course' and lms_course_id is not null
 *   and lms_course_id in ($3, ...) -- with courseIds
 * returning id, lms_course_id
 * ```
 */
export async function claimLegacyQuests(db: Kysely<CourseSyncTables>, options: ClaimLegacyQuestsOptions): Promise<readonly ClaimedQuest[]> {
  const { orgId, courseIds, platform = 'spark' } = options;
  if (typeof orgId !== 'string' || orgId === '') throw new ConfigurationError('Pass the SPARK org id as orgId to claimLegacyQuests.');
  if (courseIds?.length === 0) return [];
  try {
    return await db.transaction().execute(async (trx) => {
      const collisions = await findCollisions(trx, { orgId, courseIds, platform });
      if (collisions.length > 0) {
        throw new LegacyClaimError(
          `Claiming would give two quests the same key for course id(s) ${collisions.map((id) => JSON.stringify(id)).join(', ')} ` +
            `(a quest of org ${JSON.stringify(orgId)} exists, or several legacy quests share the id); merge or exclude them with courseIds, then claim again.`,
          collisions,
        );
      }
      const rows = await trx
        .updateTable('quests')
        .set({ lms_platform: platform, lms_org_id: orgId, updated_at: sql`now()` })
        .where((eb) => isLegacy(eb, courseIds))
        .returning(['id', 'lms_course_id'])
        .execute();
      return rows
        .map((row) => ({ questId: row.id, courseId: row.lms_course_id ?? '' }))
        .sort((a, b) => (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
    });
  } catch (error) {
    // A sync created one of the keys between the check and the update.
    if ((error as { code?: unknown }).code === '23505') {
      throw new LegacyClaimError('A quest with a key being claimed was created meanwhile; claim again.', [], error);
    }
    throw error;
  }
}

/** Unclaimed quests of Optio's old sync code (restricted to `courseIds` when given). */
function isLegacy(eb: ExpressionBuilder<CourseSyncTables, 'quests'>, courseIds: readonly string[] | undefined) {
  return eb.and([
    eb('quests.lms_platform', 'is', null),
    eb('quests.quest_type', '=', 'course'),
    eb('quests.lms_course_id', 'is not', null),
    ...(courseIds ? [eb('quests.lms_course_id', 'in', courseIds)] : []),
  ]);
}

/** Course ids whose claim would collide: already used by a quest of the org, or shared by several legacy quests. */
async function findCollisions(
  trx: Transaction<CourseSyncTables>,
  { orgId, courseIds, platform }: { orgId: string; courseIds: readonly string[] | undefined; platform: string },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('quests')
    .select('quests.lms_course_id')
    .where((eb) => isLegacy(eb, courseIds))
    .groupBy('quests.lms_course_id')
    .having((eb) =>
      eb.or([
        eb(eb.fn.countAll(), '>', 1),
        eb.exists(
          eb
            .selectFrom('quests as claimed')
            .select(sql.lit(1).as('one'))
            .where('claimed.lms_platform', '=', platform)
            .where('claimed.lms_org_id', '=', orgId)
            .whereRef('claimed.lms_course_id', '=', 'quests.lms_course_id'),
        ),
      ]),
    )
    .orderBy('quests.lms_course_id')
    .execute();
  return rows.map((row) => row.lms_course_id ?? '');
}
