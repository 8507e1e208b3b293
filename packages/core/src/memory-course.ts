import { randomUUID } from 'node:crypto';
import { PILLARS } from './payload';
import type { CourseSyncResult, CourseSyncWrite, StoredQuest, StoredTask, TaskWrite } from './repository';

/** One stored course of the memory repository. Rows are never mutated, only replaced. */
export interface MemoryCourse {
  readonly quest: StoredQuest;
  /** By `assignmentId`. */
  readonly tasks: ReadonlyMap<string, StoredTask>;
}

/**
 * Computes the course after `write` (SPEC 5, as `CourseSyncWrite` documents it) without touching `current`,
 * so a failure anywhere leaves the stored course as it was. Synchronous: nothing else can run between
 * reading the course and storing the result. Internal to the memory repository.
 */
export function applyToCourse(current: MemoryCourse | undefined, write: CourseSyncWrite): { course: MemoryCourse; result: CourseSyncResult } {
  assertWritable(write);
  const now = new Date();
  const quest = current ? updateQuest(current.quest, write, now) : createQuest(write, now);

  // Copied on the first change only, so an identical resend copies nothing. Reading `previous` stays right
  // after the copy: assertWritable made the ids unique, so each stored task is looked at once.
  const previous = current?.tasks;
  let changed: Map<string, StoredTask> | undefined;
  let tasksCreated = 0;
  let tasksUpdated = 0;
  for (const task of write.tasks) {
    const stored = previous?.get(task.assignmentId);
    const next = stored ? updateTask(stored, task, now) : createTask(quest.id, task, write, now);
    if (next === stored) continue;
    (changed ??= new Map(previous)).set(task.assignmentId, next);
    if (stored) tasksUpdated += 1;
    else tasksCreated += 1;
  }
  const tasks: ReadonlyMap<string, StoredTask> = changed ?? previous ?? new Map();
  const result: CourseSyncResult = {
    questId: quest.id,
    created: current === undefined,
    taskCount: tasks.size,
    tasksCreated,
    tasksUpdated,
    tasksUnchanged: write.tasks.length - tasksCreated - tasksUpdated,
  };
  return { course: { quest, tasks }, result };
}

function createQuest(write: CourseSyncWrite, now: Date): StoredQuest {
  const { key, quest, questDefaults } = write;
  return {
    id: randomUUID(),
    title: quest.title,
    description: quest.description ?? null,
    questType: questDefaults.questType,
    isActive: questDefaults.isActive,
    isPublic: questDefaults.isPublic,
    organizationId: questDefaults.organizationId,
    platform: key.platform,
    orgId: key.orgId,
    courseId: key.courseId,
    createdAt: now,
    updatedAt: now,
  };
}

/** Returns `stored` itself when nothing changes, so its `updatedAt` stays. */
function updateQuest(stored: StoredQuest, write: CourseSyncWrite, now: Date): StoredQuest {
  const { title, description } = write.quest;
  const next = { title, description: description === undefined ? stored.description : description };
  if (next.title === stored.title && next.description === stored.description) return stored;
  return { ...stored, ...next, updatedAt: now };
}

function createTask(questId: string, task: TaskWrite, write: CourseSyncWrite, now: Date): StoredTask {
  return {
    id: randomUUID(),
    questId,
    assignmentId: task.assignmentId,
    title: task.title,
    description: task.description ?? null,
    pillar: write.taskDefaults.pillar,
    xpValue: write.taskDefaults.xpValue,
    orderIndex: task.orderIndex,
    dueDate: task.dueDate ? new Date(task.dueDate) : null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Returns `stored` itself when nothing changes; `pillar` and `xpValue` are never written (admins tune them). */
function updateTask(stored: StoredTask, task: TaskWrite, now: Date): StoredTask {
  const description = task.description === undefined ? stored.description : task.description;
  const dueDate = task.dueDate === undefined ? stored.dueDate : task.dueDate && new Date(task.dueDate);
  const unchanged =
    task.title === stored.title &&
    task.orderIndex === stored.orderIndex &&
    description === stored.description &&
    dueDate?.getTime() === stored.dueDate?.getTime();
  if (unchanged) return stored;
  return { ...stored, title: task.title, orderIndex: task.orderIndex, description, dueDate, updatedAt: now };
}

/** The constraints Postgres would enforce, so a write the database refuses is refused here too. */
function assertWritable(write: CourseSyncWrite): void {
  const { pillar, xpValue } = write.taskDefaults;
  if (!(PILLARS as readonly string[]).includes(pillar)) throw new Error(`Task pillar "${pillar}" is not one of ${PILLARS.join(', ')}.`);
  if (!(Number.isSafeInteger(xpValue) && xpValue > 0)) throw new Error(`Task xpValue ${xpValue} is not a positive integer.`);
  const ids = new Set<string>();
  for (const task of write.tasks) ids.add(task.assignmentId);
  if (ids.size !== write.tasks.length) throw new Error('Send each assignmentId at most once per write.');
}
