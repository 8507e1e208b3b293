import type { Pillar } from './payload';

/** Identifies one LMS course, and so one quest: (platform, org, course). */
export interface QuestKey {
  /** `lms_platform`: `'spark'` for SPARK deliveries. */
  readonly platform: string;
  /** `lms_org_id`: the LMS organisation (school) the course belongs to. */
  readonly orgId: string;
  /** `lms_course_id`. */
  readonly courseId: string;
}

/** One task to create or update, keyed by (quest, `assignmentId`). */
export interface TaskWrite {
  readonly assignmentId: string;
  readonly title: string;
  /** The assignment's position in the payload, from 0. */
  readonly orderIndex: number;
  /** `undefined`: leave an existing task's value (a new task gets null); otherwise write it. */
  readonly description?: string | null;
  /** `undefined`: leave an existing task's value (a new task gets null); otherwise write it. */
  readonly dueDate?: Date | null;
}

/**
 * Everything one delivery writes, with the rules of the sync already applied by `syncCourse`. A repository
 * applies it mechanically:
 *
 * - the quest: insert it with `quest` and `questDefaults` if no quest has `key`; otherwise write `quest.title`
 *   and `quest.description` (when not `undefined`) and nothing else;
 * - each task: insert it with its fields and `taskDefaults` if the quest has no task with its
 *   `assignmentId`; otherwise write `title`, `orderIndex`, and `description` / `dueDate` when not
 *   `undefined`. Tasks absent from `tasks` are never touched or deleted;
 * - a row whose written values equal the stored ones is not written at all (no new `updated_at`).
 */
export interface CourseSyncWrite {
  readonly key: QuestKey;
  readonly quest: { readonly title: string; readonly description?: string | null };
  /** Columns set only when the quest is created; a later sync never touches them (admins own them). */
  readonly questDefaults: {
    readonly questType: string;
    readonly isActive: boolean;
    readonly isPublic: boolean;
    readonly organizationId: string | null;
  };
  /** Columns set only when a task is created; a later sync never touches them (admins tune them). */
  readonly taskDefaults: { readonly pillar: Pillar; readonly xpValue: number };
  /** At most one entry per `assignmentId`. */
  readonly tasks: readonly TaskWrite[];
}

/** What one applied sync did. */
export interface CourseSyncResult {
  readonly questId: string;
  /** This delivery created the quest. */
  readonly created: boolean;
  /** Tasks the quest has after this sync, including tasks kept from earlier syncs. */
  readonly taskCount: number;
  readonly tasksCreated: number;
  readonly tasksUpdated: number;
  readonly tasksUnchanged: number;
}

/** A quest row as stored. */
export interface StoredQuest {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly questType: string;
  readonly isActive: boolean;
  readonly isPublic: boolean;
  readonly organizationId: string | null;
  readonly platform: string | null;
  readonly orgId: string | null;
  readonly courseId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A task row as stored. */
export interface StoredTask {
  readonly id: string;
  readonly questId: string;
  readonly assignmentId: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly pillar: string;
  readonly xpValue: number;
  readonly orderIndex: number;
  readonly dueDate: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A quest with all its tasks, ordered by `orderIndex` then `assignmentId`. */
export interface StoredCourse {
  readonly quest: StoredQuest;
  readonly tasks: readonly StoredTask[];
}

/**
 * Where courses are stored. Implementations: the in-memory repository in this package, the Postgres one in
 * `@coursesync/kysely`. Every implementation must pass the conformance suite in `@coursesync/core/testing`.
 *
 * The repository owns atomicity and concurrency: `applyCourseSync` is all-or-nothing, and any number of
 * concurrent calls with the same `key` (in one process or several) end with one quest and one task per
 * `assignmentId`, each call resolving with the same `questId`.
 */
export interface CourseSyncRepository {
  /** Applies one delivery atomically; rejects (writing nothing) on any failure. */
  applyCourseSync(write: CourseSyncWrite): Promise<CourseSyncResult>;
  /** Reads a course back, or `undefined` when no quest has `key`. */
  findCourse(key: QuestKey): Promise<StoredCourse | undefined>;
}
