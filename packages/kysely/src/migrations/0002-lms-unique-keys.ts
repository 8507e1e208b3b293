import { sql, type Kysely, type Migration } from 'kysely';
import { assertNoDuplicateKeys } from './duplicate-keys';

/**
 * The unique indexes that make a sync idempotent and safe under concurrency: one quest per
 * (`lms_platform`, `lms_org_id`, `lms_course_id`), one task per (`quest_id`, `spark_assignment_id`).
 * Optio's current code can create duplicates of both, so existing rows are checked first and the
 * migration stops with the offending keys rather than a bare unique violation. Rows with a NULL in the
 * key (admin-made quests and tasks) never collide.
 */
export const lmsUniqueKeys: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await assertNoDuplicateKeys(db, 'quests', ['lms_platform', 'lms_org_id', 'lms_course_id']);
    await sql`
      create unique index if not exists quests_lms_course_key
        on quests (lms_platform, lms_org_id, lms_course_id)`.execute(db);
    await assertNoDuplicateKeys(db, 'quest_sample_tasks', ['quest_id', 'spark_assignment_id']);
    await sql`
      create unique index if not exists quest_sample_tasks_spark_assignment_key
        on quest_sample_tasks (quest_id, spark_assignment_id)`.execute(db);
  },
};
