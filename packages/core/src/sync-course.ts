import type { CoursePayload, Pillar } from './payload';
import type { CourseSyncRepository, CourseSyncResult } from './repository';

/** How `syncCourse` fills in what the payload does not say. */
export interface SyncCourseOptions {
  /** `lms_platform` of the quests this sync writes. Default `'spark'`. */
  readonly platform?: string;
  /** Pillar of newly created tasks. Default `'stem'`. */
  readonly defaultPillar?: Pillar;
  /** XP of newly created tasks, a positive integer. Default `100`. */
  readonly defaultXpValue?: number;
  /**
   * Optio organisation of a new quest, from the payload (for example by `orgId`). Called for every
   * delivery; its answer is used only when the quest is created. Default: none (null).
   */
  readonly resolveOrganizationId?: (payload: CoursePayload) => string | null | undefined | Promise<string | null | undefined>;
}

/**
 * Syncs one validated course into `repository` (SPEC 5). STUB: replaced by the real implementation.
 */
export async function syncCourse(
  repository: CourseSyncRepository,
  payload: CoursePayload,
  options: SyncCourseOptions = {},
): Promise<CourseSyncResult> {
  void repository;
  void payload;
  void options;
  throw new Error('not implemented');
}
