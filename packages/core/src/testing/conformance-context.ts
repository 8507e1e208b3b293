import { expect } from 'vitest';
import type { CourseSyncRepository, CourseSyncResult, QuestKey, StoredCourse } from '../repository';
import { type SyncCourseOptions, syncCourse } from '../sync-course';
import type { SparkCoursePayload } from '../payload-schema';
import { buildCoursePayload, randomId, toCoursePayload } from './builders';

/**
 * What a repository conformance suite runs against. `failingRepository` shares `repository`'s storage but
 * rejects every sync after the quest write and before the task writes, as a database dying mid-sync would.
 */
export interface RepositoryHarness {
  readonly repository: CourseSyncRepository;
  readonly failingRepository: CourseSyncRepository;
  /** Releases what setup acquired (connections, databases); called once after the suite. */
  close(): Promise<void>;
}

/** Gives each test the harness set up once for the suite. */
export type HarnessAccessor = () => RepositoryHarness;

/** Biology 101 under a new random org and course, so tests never see each other's rows. */
export function freshCourse(overrides: Partial<SparkCoursePayload> = {}): SparkCoursePayload {
  return buildCoursePayload({ spark_org_id: randomId('org'), spark_course_id: randomId('course'), ...overrides });
}

export function keyOf(wire: SparkCoursePayload, platform = 'spark'): QuestKey {
  return { platform, orgId: String(wire.spark_org_id), courseId: String(wire.spark_course_id) };
}

export function sync(repository: CourseSyncRepository, wire: SparkCoursePayload, options?: SyncCourseOptions): Promise<CourseSyncResult> {
  return syncCourse(repository, toCoursePayload(wire), options);
}

/** The stored course of `wire`, failing the test when there is none. */
export async function stored(repository: CourseSyncRepository, wire: SparkCoursePayload, platform?: string): Promise<StoredCourse> {
  const course = await repository.findCourse(keyOf(wire, platform));
  expect(course, `a quest for course ${String(wire.spark_course_id)}`).toBeDefined();
  return course as StoredCourse;
}

/** The tasks of `course` by assignment id. */
export function tasksById(course: StoredCourse): Record<string, StoredCourse['tasks'][number]> {
  return Object.fromEntries(course.tasks.map((task) => [task.assignmentId ?? '', task]));
}

/** What a sync's result must say, with `questId` checked separately. */
export function counts(result: CourseSyncResult): Omit<CourseSyncResult, 'questId'> {
  const { questId: _questId, ...rest } = result;
  return rest;
}
