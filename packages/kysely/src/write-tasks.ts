import type { CourseSyncWrite } from '@coursesync/core';
import { sql, type Transaction } from 'kysely';
import type { CourseSyncTables } from './tables';
import type { QuestWrite } from './write-quest';

/** What statement 2 reports. */
export interface TaskWriteCounts {
  readonly questId: string;
  readonly created: number;
  readonly updated: number;
  readonly taskCount: number;
}

/**
 * Statement 2 of a sync: every task in one statement, whatever their number. A quest that statement 1 has
 * just created has no task yet (its id is new and not committed), so its tasks are simply inserted
 * ({@link insertTasks}); for an existing quest, {@link mergeTasks} compares and writes.
 */
export function writeTasks(trx: Transaction<CourseSyncTables>, write: CourseSyncWrite, quest: QuestWrite): Promise<TaskWriteCounts> {
  return quest.created ? insertTasks(trx, write, quest.questId) : mergeTasks(trx, write);
}

/**
 * The tasks as statement 2's one JSON parameter; `has_description` / `has_due_date` say whether the payload
 * carried the field (absent keeps the stored value).
 */
function taskInput(write: CourseSyncWrite): string {
  return JSON.stringify(
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
}

/**
 * The tasks of a quest created by this transaction: one plain insert, nothing to compare with, no conflict
 * to arbitrate (the payload's assignment ids are unique; the unique index would still refuse a repeat).
 *
 * ```sql
 * insert into quest_sample_tasks (quest_id, spark_assignment_id, title, description, pillar, xp_value,
 *                                 order_index, due_date, created_at, updated_at)
 * select $2, i.assignment_id, i.title, i.description, $3, $4, i.order_index, i.due_date, now(), now()
 * from json_to_recordset($1::text::json) as i(assignment_id text, title text, order_index int,
 *   description text, due_date timestamptz)
 * ```
 */
async function insertTasks(trx: Transaction<CourseSyncTables>, write: CourseSyncWrite, questId: string): Promise<TaskWriteCounts> {
  const { taskDefaults } = write;
  // Sent even without tasks: a sync is the same statements whatever the course.
  await sql`
    insert into quest_sample_tasks (
      quest_id, spark_assignment_id, title, description, pillar, xp_value, order_index, due_date, created_at, updated_at)
    select ${questId}::uuid, i.assignment_id, i.title, i.description,
      ${taskDefaults.pillar}::text, ${taskDefaults.xpValue}::int, i.order_index, i.due_date, now(), now()
    from json_to_recordset(${taskInput(write)}::text::json) as i(
      assignment_id text, title text, order_index int, description text, due_date timestamptz)`.execute(trx);
  const count = write.tasks.length;
  return { questId, created: count, updated: 0, taskCount: count };
}

/**
 * The tasks of an existing quest: those that exist are updated only where a value differs, new ones are
 * inserted. The quest row lock taken by statement 1 serialises syncs of one course, so this statement's
 * snapshot already holds every committed task of the quest.
 *
 * ```sql
 * with input as (
 *   select * from json_to_recordset($1::text::json) as i(assignment_id text, title text, order_index int,
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
async function mergeTasks(trx: Transaction<CourseSyncTables>, write: CourseSyncWrite): Promise<TaskWriteCounts> {
  const { key, taskDefaults } = write;
  const input = taskInput(write);
  const { rows } = await sql<{ quest_id: string; created: number; updated: number; task_count: number }>`
    with input as (
      select * from json_to_recordset(${input}::text::json) as i(
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
