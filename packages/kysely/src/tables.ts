import type { ColumnType, Generated } from 'kysely';

/** A column the database fills in when an insert leaves it out (a default), nullable in Optio's schema. */
type Defaulted<T> = ColumnType<T | null, T | null | undefined, T | null>;

/**
 * Optio's `quests` table as this package reads and writes it (SPEC 6). Optio's own columns are nullable
 * where Optio declares them so; `lms_org_id` is added by the shipped migrations.
 *
 * @example
 * ```ts
 * import type { Kysely } from 'kysely'
 * import type { CourseSyncTables } from '@coursesync/kysely'
 * declare const db: Kysely<CourseSyncTables>
 * const quests = await db.selectFrom('quests').select(['id', 'title']).where('lms_platform', '=', 'spark').execute()
 * ```
 */
export interface QuestsTable {
  readonly id: Generated<string>;
  readonly title: string;
  readonly description: string | null;
  /** Optio checks `optio`, `course` or `class`. */
  readonly quest_type: string;
  readonly is_active: Defaulted<boolean>;
  readonly is_public: Defaulted<boolean>;
  readonly organization_id: string | null;
  readonly lms_platform: string | null;
  readonly lms_org_id: string | null;
  readonly lms_course_id: string | null;
  readonly created_at: Defaulted<Date>;
  readonly updated_at: Defaulted<Date>;
}

/**
 * Optio's `quest_sample_tasks` table (the guide's "task library"); `due_date` is added by the shipped
 * migrations.
 *
 * @example
 * ```ts
 * import type { Kysely } from 'kysely'
 * import type { CourseSyncTables } from '@coursesync/kysely'
 * declare const db: Kysely<CourseSyncTables>
 * const tasks = await db.selectFrom('quest_sample_tasks').select(['title', 'due_date']).where('quest_id', '=', questId).execute()
 * ```
 */
export interface QuestSampleTasksTable {
  readonly id: Generated<string>;
  readonly quest_id: string;
  readonly title: string;
  readonly description: string | null;
  /** Optio checks `stem`, `wellness`, `communication`, `civics` or `art`. */
  readonly pillar: string;
  /** Optio checks `> 0`. */
  readonly xp_value: Defaulted<number>;
  readonly order_index: Defaulted<number>;
  readonly spark_assignment_id: string | null;
  readonly due_date: Date | null;
  readonly created_at: Defaulted<Date>;
  readonly updated_at: Defaulted<Date>;
}

/**
 * The tables this package touches, for `Kysely<CourseSyncTables>`.
 *
 * @example
 * ```ts
 * import { Kysely } from 'kysely'
 * import type { CourseSyncTables } from '@coursesync/kysely'
 * const db = new Kysely<CourseSyncTables>({ dialect })
 * ```
 */
export interface CourseSyncTables {
  readonly quests: QuestsTable;
  readonly quest_sample_tasks: QuestSampleTasksTable;
}
