import type { CourseSyncWrite } from '@coursesync/core';
import { sql, type Transaction } from 'kysely';
import type { CourseSyncTables } from './tables';

/** What statement 2 reports. */
export interface TaskWriteCounts {
  readonly questId: string;
  readonly created: number;
  readonly updated: number;
  readonly taskCount: number;
}

/**
 * Statement 2 of a sync: every task in one statement, whatever their number. The tasks travel as one JSON
 * parameter; `has_description` / `has_due_date` say whether the payload carried the field (absent keeps
 * the stored value). Existing tasks are updated only where a value differs; new ones are inserted. The
 * quest row lock taken by statement 1 serialises syncs of one course, so this statement's snapshot already
 * holds every committed task of the quest.
 *
 * ```sql
 * with input as (
 *   select * from jsonb_to_recordset($1::text::jsonb) as i(assignment_id text, title text, order_index int,
 *     has_description boolean, description text, has_due_date boolean, due_date timestamptz)),
 * quest as (select id from quests where lms_platform = $2 and lms_org_id = $3 and lms_course_id = $4),
 * existing as (select count(*)::int as n from quest_sample_tasks where quest_id = (select id from quest)),
 * updated as (
 *   update quest_sample_tasks t set title = i.title, order_index = i.order_index,
 *     description = case when i.has_description then i.description else t.description end,
 *     due_date = case when i.has_due_date then i.due_date else t.due_date end, updated_at = now()
 *   from input i
 *   where t.quest_id = (select id from quest) and t.spark_assignment_id = i.assignment_id
 *     and (t.title, t.order_index, t.description, t.due_date) is distinct from (i.title, i.order_index, <new description>, <new due_date>)
 *   returning t.id),
 * inserted as (
 *   insert into quest_sample_tasks (quest_id, spark_assignment_id, title, description, pillar, xp_value,
 *                                   order_index, due_date, created_at, updated_at)
 *   select (select id from quest), i.assignment_id, i.title, i.description, $5, $6, i.order_index, i.due_date, now(), now()
 *   from input i
 *   on conflict (quest_id, spark_assignment_id) do nothing
 *   returning id)
 * select (select id from quest) as quest_id, (select count(*) from inserted)::int as created,
 *   (select count(*) from updated)::int as updated, (select n from existing) + (select count(*) from inserted)::int as task_count
 * ```
 */
export async function writeTasks(trx: Transaction<CourseSyncTables>, write: CourseSyncWrite): Promise<TaskWriteCounts> {
  const { key, taskDefaults } = write;
  const input = JSON.stringify(
    write.tasks.map((task) => ({
      assignment_id: task.assignmentId,
      title: task.title,
      order_index: task.orderIndex,
      has_description: task.description !== undefined,
      description: task.description ?? null,
      has_due_date: task.dueDate !== undefined,
      due_date: task.dueDate ? task.dueDate.toISOString() : null,
    })),
  );
  const { rows } = await sql<{ quest_id: string; created: number; updated: number; task_count: number }>`
    with input as (
      select * from jsonb_to_recordset(${input}::text::jsonb) as i(
        assignment_id text, title text, order_index int,
        has_description boolean, description text, has_due_date boolean, due_date timestamptz)),
    quest as (
      select id from quests
      where lms_platform = ${key.platform} and lms_org_id = ${key.orgId} and lms_course_id = ${key.courseId}),
    existing as (
      select count(*)::int as n from quest_sample_tasks where quest_id = (select id from quest)),
    updated as (
      update quest_sample_tasks t set
        title = i.title,
        order_index = i.order_index,
        description = case when i.has_description then i.description else t.description end,
        due_date = case when i.has_due_date then i.due_date else t.due_date end,
        updated_at = now()
      from input i
      where t.quest_id = (select id from quest) and t.spark_assignment_id = i.assignment_id
        and (t.title, t.order_index, t.description, t.due_date) is distinct from (
          i.title, i.order_index,
          case when i.has_description then i.description else t.description end,
          case when i.has_due_date then i.due_date else t.due_date end)
      returning t.id),
    inserted as (
      insert into quest_sample_tasks (
        quest_id, spark_assignment_id, title, description, pillar, xp_value, order_index, due_date, created_at, updated_at)
      select (select id from quest), i.assignment_id, i.title, i.description,
        ${taskDefaults.pillar}::text, ${taskDefaults.xpValue}::int, i.order_index, i.due_date, now(), now()
      from input i
      on conflict (quest_id, spark_assignment_id) do nothing
      returning id)
    select (select id from quest) as quest_id,
      (select count(*) from inserted)::int as created,
      (select count(*) from updated)::int as updated,
      ((select n from existing) + (select count(*) from inserted))::int as task_count`.execute(trx);
  const row = rows[0];
  if (!row?.quest_id) throw new Error('The quest written by this sync is missing; was it deleted concurrently?');
  return { questId: row.quest_id, created: row.created, updated: row.updated, taskCount: row.task_count };
}
