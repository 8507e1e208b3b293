import type { CourseSyncWrite } from '@coursesync/core';
import { sql, type Transaction } from 'kysely';
import type { CourseSyncTables } from './tables';

/** What statement 1 reports: the quest's id when this statement created it. */
export type QuestWrite = { readonly created: true; readonly questId: string } | { readonly created: false };

/**
 * Statement 1 of a sync: creates the quest, or updates its title/description when they differ. Returns
 * whether this statement created it, and then its id. It never reads first, so two deliveries cannot both "not find" the
 * quest: the unique index arbitrates, and Postgres locks the conflicting row even when the `where` is
 * false, so concurrent syncs of one course queue here until this transaction ends.
 *
 * ```sql
 * insert into quests (title, description, quest_type, is_active, is_public, organization_id,
 *                     lms_platform, lms_org_id, lms_course_id, created_at, updated_at)
 * values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), now())
 * on conflict (lms_platform, lms_org_id, lms_course_id) do update
 *   set title = excluded.title,
 *       description = excluded.description, -- quests.description when the payload had none
 *       updated_at = now()
 *   where (quests.title, quests.description) is distinct from (excluded.title, excluded.description)
 * returning id, (xmax = 0) as created -- no row: it existed and nothing changed
 * ```
 */
export async function writeQuest(trx: Transaction<CourseSyncTables>, write: CourseSyncWrite): Promise<QuestWrite> {
  const { key, quest, questDefaults } = write;
  // `undefined`: the payload had no description, so an existing quest keeps its own.
  const description = sql.ref<string | null>(quest.description === undefined ? 'quests.description' : 'excluded.description');
  const row = await trx
    .insertInto('quests')
    .values({
      title: quest.title,
      description: quest.description ?? null,
      quest_type: questDefaults.questType,
      is_active: questDefaults.isActive,
      is_public: questDefaults.isPublic,
      organization_id: questDefaults.organizationId,
      lms_platform: key.platform,
      lms_org_id: key.orgId,
      lms_course_id: key.courseId,
      created_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['lms_platform', 'lms_org_id', 'lms_course_id'])
        .doUpdateSet({ title: sql.ref('excluded.title'), description, updated_at: sql`now()` })
        .where(sql<boolean>`(quests.title, quests.description) is distinct from (excluded.title, ${description})`),
    )
    // xmax is 0 only in a freshly inserted row version; an update through ON CONFLICT sets it.
    .returning(['id', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirst();
  return row?.created === true ? { created: true, questId: row.id } : { created: false };
}
