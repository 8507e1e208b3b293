import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite, QuestKey, StoredCourse } from '@coursesync/core';
import type { Kysely } from 'kysely';
import { claimLegacyQuests, type ClaimedQuest, type ClaimLegacyQuestsOptions } from './claim-legacy-quests';
import { readCourse } from './read-course';
import type { CourseSyncTables } from './tables';
import { writeQuest } from './write-quest';
import { writeTasks } from './write-tasks';

/**
 * The Postgres `CourseSyncRepository`, plus the adoption of quests from Optio's old sync code.
 *
 * @example
 * ```ts
 * const repository: KyselyCourseSyncRepository = createKyselyRepository(db)
 * const course = await repository.findCourse({ platform: 'spark', orgId: '24', courseId: 'course_bio101' })
 * ```
 */
export interface KyselyCourseSyncRepository extends CourseSyncRepository {
  /**
   * Adopts quests that Optio's old sync code created (`quest_type` 'course', an `lms_course_id`, no
   * `lms_platform`) for one org, so its next deliveries update them instead of creating second quests.
   * Never touches a quest that has a platform; refuses (claiming nothing) when a claim would duplicate a key.
   *
   * @example
   * ```ts
   * const claimed = await repository.claimLegacyQuests({ orgId: '24', courseIds: ['course_bio101'] })
   * // [{ questId: '…', courseId: 'course_bio101' }]
   * ```
   */
  claimLegacyQuests(options: ClaimLegacyQuestsOptions): Promise<readonly ClaimedQuest[]>;
}

/**
 * A `CourseSyncRepository` on Optio's `quests` and `quest_sample_tasks` (run {@link migrateToLatest} first).
 * Each sync is one READ COMMITTED transaction of four statements whatever the number of assignments:
 *
 * ```sql
 * start transaction isolation level read committed
 * insert into quests ... on conflict (lms_platform, lms_org_id, lms_course_id) do update ... where ... is distinct from ...
 * -- a new quest:
 * insert into quest_sample_tasks ... select ... from json_to_recordset($1::text::json) ...
 * -- an existing one:
 * with input as (select * from json_to_recordset($1::text::json) ...), updated as (update quest_sample_tasks ...),
 *   inserted as (insert into quest_sample_tasks ... on conflict (quest_id, spark_assignment_id) do nothing) select ...
 * commit
 * ```
 *
 * A resend that changes nothing writes no row (not even `updated_at`). Concurrent deliveries of one course,
 * from any number of processes, queue on the quest row and all answer with the same quest id.
 *
 * `db` may be the host app's own Kysely instance (any table types), or `createDatabase().db`.
 *
 * @example
 * ```ts
 * const { db } = await createDatabase({ connectionString: process.env.DATABASE_URL })
 * await migrateToLatest(db)
 * const repository = createKyselyRepository(db)
 * const handler = createWebhookHandler({ secret: process.env.SPARK_WEBHOOK_SECRET!, repository })
 * ```
 */
export function createKyselyRepository(db: Kysely<any>): KyselyCourseSyncRepository {
  const tables = db as Kysely<CourseSyncTables>;
  return {
    async applyCourseSync(write: CourseSyncWrite): Promise<CourseSyncResult> {
      // The write's contract, which the task statements rely on: a repeat would be merged silently into an
      // existing quest and fail a new one with a unique violation.
      const ids = new Set(write.tasks.map((task) => task.assignmentId));
      if (ids.size !== write.tasks.length) throw new Error('Send each assignmentId at most once per write.');
      // READ COMMITTED explicitly: statement 2 must see the quest a concurrent sync committed while
      // statement 1 waited for its lock, whatever the server's default isolation.
      return tables
        .transaction()
        .setIsolationLevel('read committed')
        .execute(async (trx) => {
          const quest = await writeQuest(trx, write);
          const tasks = await writeTasks(trx, write, quest);
          return {
            questId: tasks.questId,
            created: quest.created,
            taskCount: tasks.taskCount,
            tasksCreated: tasks.created,
            tasksUpdated: tasks.updated,
            tasksUnchanged: write.tasks.length - tasks.created - tasks.updated,
          };
        });
    },
    findCourse: (key: QuestKey): Promise<StoredCourse | undefined> => readCourse(tables, key),
    claimLegacyQuests: (options: ClaimLegacyQuestsOptions) => claimLegacyQuests(tables, options),
  };
}
