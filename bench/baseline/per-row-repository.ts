import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite, TaskWrite } from '@coursesync/core';
import { createKyselyRepository, type CourseSyncTables } from '@coursesync/kysely';
import { sql, type Kysely } from 'kysely';

/**
 * The per-row baseline: Optio's current sync algorithm, statement for statement, on the same tables and
 * the same Kysely instance as our repository, so both run through `syncCourse` and differ only in storage:
 *
 * 1. select the quest by `lms_course_id` alone (Optio's lookup);
 * 2. update it (title, description, `updated_at`) or insert it;
 * 3. select the quest's tasks;
 * 4. per assignment, one update (by task id, unconditionally, as Optio rewrites every matched task) or one
 *    insert;
 *
 * without a transaction: 3 + one statement per assignment. It is kinder to the baseline than Optio is: each
 * statement is one SQL round trip on a pooled connection, where Optio makes one Supabase REST call per step.
 * `tasksUnchanged` is always 0: the algorithm cannot tell an unchanged task from an updated one.
 */
export function createPerRowRepository(db: Kysely<CourseSyncTables>): CourseSyncRepository {
  const reader = createKyselyRepository(db);
  return {
    async applyCourseSync(write: CourseSyncWrite): Promise<CourseSyncResult> {
      const { questId, created } = await upsertQuest(db, write);
      const existing = await db
        .selectFrom('quest_sample_tasks')
        .select(['id', 'spark_assignment_id'])
        .where('quest_id', '=', questId)
        .execute();
      const taskIds = new Map(existing.map((row) => [row.spark_assignment_id, row.id]));
      let tasksCreated = 0;
      for (const task of write.tasks) {
        const taskId = taskIds.get(task.assignmentId);
        if (taskId === undefined) {
          await insertTask(db, questId, write, task);
          tasksCreated += 1;
        } else {
          await updateTask(db, taskId, task);
        }
      }
      const tasksUpdated = write.tasks.length - tasksCreated;
      return { questId, created, taskCount: existing.length + tasksCreated, tasksCreated, tasksUpdated, tasksUnchanged: 0 };
    },
    findCourse: (key) => reader.findCourse(key),
  };
}

async function upsertQuest(db: Kysely<CourseSyncTables>, write: CourseSyncWrite): Promise<{ questId: string; created: boolean }> {
  const { key, quest, questDefaults } = write;
  const found = await db.selectFrom('quests').select('id').where('lms_course_id', '=', key.courseId).executeTakeFirst();
  if (found) {
    await db
      .updateTable('quests')
      .set({ title: quest.title, ...(quest.description !== undefined && { description: quest.description }), updated_at: sql`now()` })
      .where('id', '=', found.id)
      .execute();
    return { questId: found.id, created: false };
  }
  const inserted = await db
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { questId: inserted.id, created: true };
}

async function insertTask(db: Kysely<CourseSyncTables>, questId: string, write: CourseSyncWrite, task: TaskWrite): Promise<void> {
  await db
    .insertInto('quest_sample_tasks')
    .values({
      quest_id: questId,
      spark_assignment_id: task.assignmentId,
      title: task.title,
      description: task.description ?? null,
      pillar: write.taskDefaults.pillar,
      xp_value: write.taskDefaults.xpValue,
      order_index: task.orderIndex,
      due_date: task.dueDate ?? null,
    })
    .execute();
}

async function updateTask(db: Kysely<CourseSyncTables>, taskId: string, task: TaskWrite): Promise<void> {
  await db
    .updateTable('quest_sample_tasks')
    .set({
      title: task.title,
      order_index: task.orderIndex,
      ...(task.description !== undefined && { description: task.description }),
      ...(task.dueDate !== undefined && { due_date: task.dueDate }),
      updated_at: sql`now()`,
    })
    .where('id', '=', taskId)
    .execute();
}
