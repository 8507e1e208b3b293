import type { CourseSyncDatabase } from '@coursesync/kysely';
import { sql } from 'kysely';
import { BENCH_ORG_ID, courseOf } from './payloads';

/**
 * The least a create of `size` assignments can cost on this database: the course's task rows written by one
 * INSERT on its own (autocommitted: one round trip, one commit), for a quest inserted beforehand and not
 * timed. No implementation that stores the rows can do with less, so the baseline's create time divided by
 * this bounds any speedup. The statement is the cheapest form found (the one `createKyselyRepository` sends
 * for a new quest's tasks: the rows as one JSON parameter). Milliseconds.
 */
export async function timeTaskRowsAlone(database: CourseSyncDatabase, courseId: string, size: number): Promise<number> {
  const { db } = database;
  const quest = await db
    .insertInto('quests')
    .values({ title: 'Floor', quest_type: 'course', lms_platform: 'spark', lms_org_id: BENCH_ORG_ID, lms_course_id: courseId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = JSON.stringify(
    courseOf(courseId, size).assignments.map((assignment, orderIndex) => ({
      assignment_id: assignment.assignmentId,
      title: assignment.title,
      description: assignment.description ?? null,
      order_index: orderIndex,
    })),
  );
  const startedAt = performance.now();
  await sql`
    insert into quest_sample_tasks (
      quest_id, spark_assignment_id, title, description, pillar, xp_value, order_index, created_at, updated_at)
    select ${quest.id}::uuid, i.assignment_id, i.title, i.description, 'stem', 100, i.order_index, now(), now()
    from json_to_recordset(${rows}::text::json) as i(assignment_id text, title text, description text, order_index int)`.execute(db);
  return performance.now() - startedAt;
}
