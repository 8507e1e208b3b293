import type { QuestKey, StoredCourse, StoredQuest, StoredTask } from '@coursesync/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CourseSyncTables, QuestSampleTasksTable, QuestsTable } from './tables';

const QUEST_COLUMNS = [
  'id', 'title', 'description', 'quest_type', 'is_active', 'is_public', 'organization_id',
  'lms_platform', 'lms_org_id', 'lms_course_id', 'created_at', 'updated_at',
] as const;
const TASK_COLUMNS = [
  'id', 'quest_id', 'spark_assignment_id', 'title', 'description', 'pillar', 'xp_value', 'order_index',
  'created_at', 'updated_at',
] as const;
// Read as epoch milliseconds: PGlite's timestamptz parser reads years 1-99 as 19xx/20xx.
const DUE_DATE_MS = sql<number | null>`(extract(epoch from due_date) * 1000)::float8`.as('due_date_ms');

/**
 * Reads the quest with `key` and all its tasks (ordered by `order_index`, then assignment id), or `undefined`,
 * from one snapshot: a sync committing between the two selects cannot mix two versions of the course.
 */
export function readCourse(db: Kysely<CourseSyncTables>, key: QuestKey): Promise<StoredCourse | undefined> {
  // Inside the caller's transaction, its snapshot is the one to read.
  if (db.isTransaction) return readInSnapshot(db, key);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => readInSnapshot(trx, key));
}

async function readInSnapshot(db: Kysely<CourseSyncTables>, key: QuestKey): Promise<StoredCourse | undefined> {
  const quest = await db
    .selectFrom('quests')
    .select(QUEST_COLUMNS)
    .where('lms_platform', '=', key.platform)
    .where('lms_org_id', '=', key.orgId)
    .where('lms_course_id', '=', key.courseId)
    .executeTakeFirst();
  if (!quest) return undefined;
  const tasks = await db
    .selectFrom('quest_sample_tasks')
    .select(TASK_COLUMNS)
    .select(DUE_DATE_MS)
    .where('quest_id', '=', quest.id)
    // "C" collation: code-point order, the same on every server and in JavaScript for ASCII ids.
    .orderBy('order_index')
    .orderBy(sql`spark_assignment_id collate "C"`)
    .execute();
  return { quest: toStoredQuest(quest), tasks: tasks.map(toStoredTask) };
}

// Optio declares these columns nullable; a NULL reads as the column's default.
const EPOCH = new Date(0);

/** Maps a `quests` row to the core's `StoredQuest`. */
export function toStoredQuest(row: Pick<Selectable<QuestsTable>, (typeof QUEST_COLUMNS)[number]>): StoredQuest {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    questType: row.quest_type,
    isActive: row.is_active ?? true,
    isPublic: row.is_public ?? false,
    organizationId: row.organization_id,
    platform: row.lms_platform,
    orgId: row.lms_org_id,
    courseId: row.lms_course_id,
    createdAt: row.created_at ?? EPOCH,
    updatedAt: row.updated_at ?? row.created_at ?? EPOCH,
  };
}

/** Maps a `quest_sample_tasks` row to the core's `StoredTask`. */
export function toStoredTask(
  row: Pick<Selectable<QuestSampleTasksTable>, (typeof TASK_COLUMNS)[number]> & { readonly due_date_ms: number | null },
): StoredTask {
  return {
    id: row.id,
    questId: row.quest_id,
    assignmentId: row.spark_assignment_id,
    title: row.title,
    description: row.description,
    pillar: row.pillar,
    xpValue: row.xp_value ?? 100,
    orderIndex: row.order_index ?? 0,
    dueDate: row.due_date_ms === null ? null : new Date(row.due_date_ms),
    createdAt: row.created_at ?? EPOCH,
    updatedAt: row.updated_at ?? row.created_at ?? EPOCH,
  };
}
