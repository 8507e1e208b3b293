import type { StoredCourse } from '@coursesync/core';
import { expect } from 'vitest';
import type { ExpectedAnswer, ModelCourse } from './model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The stored course, reduced to what SPEC 5 says about it, in the model's shape (see {@link modelView}). */
export function observed(stored: StoredCourse) {
  return {
    title: stored.quest.title,
    description: stored.quest.description,
    tasks: Object.fromEntries(
      stored.tasks.map((task) => [
        task.assignmentId ?? '<null>',
        {
          title: task.title,
          description: task.description,
          dueDate: task.dueDate === null ? null : task.dueDate.getTime(),
          orderIndex: task.orderIndex,
          pillar: task.pillar,
          xpValue: task.xpValue,
        },
      ]),
    ),
  };
}

/** A model course in the shape of {@link observed}. */
export const modelView = (model: ModelCourse) => ({ title: model.title, description: model.description, tasks: Object.fromEntries(model.tasks) });

/** Asserts that the database holds exactly what the model says (or nothing when the model has no course). */
export function expectStoredCourse(stored: StoredCourse | undefined, model: ModelCourse | undefined, ids: { orgId: string; courseId: string }): void {
  if (model === undefined) {
    expect(stored, 'no quest may exist before a valid delivery of the course').toBeUndefined();
    return;
  }
  expect(stored, 'the quest of a synced course must exist').toBeDefined();
  const course = stored as StoredCourse;
  expect(observed(course)).toEqual(modelView(model));
  expect(course.quest).toMatchObject({
    questType: 'course',
    isActive: true,
    isPublic: false,
    organizationId: null,
    platform: 'spark',
    orgId: ids.orgId,
    courseId: ids.courseId,
  });
  expect(course.tasks.length, 'one task per assignment id, never two').toBe(model.tasks.size);
  for (const task of course.tasks) expect(task.questId).toBe(course.quest.id);
  const order = course.tasks.map((task) => [task.orderIndex, Buffer.from(task.assignmentId ?? '')] as const);
  const sorted = [...order].sort((a, b) => a[0] - b[0] || Buffer.compare(a[1], b[1]));
  expect(order, 'findCourse orders tasks by order_index, then assignment id').toEqual(sorted);
}

/** Asserts that rows the delivery did not change kept their `updated_at` (SPEC 5: idempotent). */
export function expectUntouchedRows(before: StoredCourse | undefined, after: StoredCourse | undefined, answer: ExpectedAnswer): void {
  if (!before || !after) return;
  if (!answer.questChanged) expect(after.quest.updatedAt.getTime(), 'an unchanged quest keeps its updated_at').toBe(before.quest.updatedAt.getTime());
  const previous = new Map(before.tasks.map((task) => [task.assignmentId, task]));
  for (const task of after.tasks) {
    if (!answer.untouchedTasks.has(task.assignmentId ?? '')) continue;
    expect(task, `task ${task.assignmentId} was not changed, so its row must stay as it was`).toEqual(previous.get(task.assignmentId));
  }
}

/** Asserts the 200 of SPEC 3.3 with the counts the model expects; returns the quest id it names. */
export function expectSuccessAnswer(status: number, text: string, title: string, answer: ExpectedAnswer): string {
  expect({ status, text }).toMatchObject({ status: 200 });
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toEqual({
    success: true,
    quest_id: expect.stringMatching(UUID),
    task_count: answer.taskCount,
    message: `Quest '${title}' synced successfully`,
    created: answer.created,
    tasks_created: answer.tasksCreated,
    tasks_updated: answer.tasksUpdated,
    tasks_unchanged: answer.tasksUnchanged,
  });
  return body.quest_id as string;
}

/** Asserts a 400 with one of the SPEC 3.2 payload codes. */
export function expectRefusal(status: number, text: string): void {
  expect({ status, text }).toMatchObject({ status: 400 });
  const body = JSON.parse(text) as { error?: unknown; code?: unknown };
  expect(['INVALID_JSON', 'INVALID_PAYLOAD', 'MISSING_FIELDS']).toContain(body.code);
  expect(typeof body.error).toBe('string');
}
