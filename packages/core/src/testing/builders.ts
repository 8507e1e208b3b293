import { randomUUID } from 'node:crypto';
import type { AssignmentPayload, CoursePayload } from '../payload';
import type { SparkCoursePayload } from '../payload-schema';

type SparkAssignment = NonNullable<SparkCoursePayload['assignments']>[number];

/**
 * The guide's Biology 101 course as SPARK sends it: its two assignments verbatim ("Request Format"), plus
 * `assign_bio_003` so that a first sync answers `task_count: 3` like the guide's success example. Frozen:
 * copy it (`buildCoursePayload()`) to change it.
 *
 * @example
 * ```ts
 * const { body, headers } = signedRequest(biology101, TEST_SECRET)
 * ```
 */
export const biology101: SparkCoursePayload = deepFreeze({
  spark_org_id: '24',
  spark_course_id: 'course_bio101',
  course_title: 'Biology 101',
  course_description: 'Introduction to cellular biology and life sciences',
  assignments: [
    {
      spark_assignment_id: 'assign_bio_001',
      title: 'Cell Structure Lab Report',
      description: 'Document your observations of cell structures under microscope',
      due_date: '2025-02-15T23:59:59Z',
    },
    {
      spark_assignment_id: 'assign_bio_002',
      title: 'Photosynthesis Essay',
      description: 'Explain the process of photosynthesis in detail',
    },
    {
      spark_assignment_id: 'assign_bio_003',
      title: 'Mitosis Quiz',
      description: 'Identify the phases of mitosis',
      due_date: '2025-03-01',
    },
  ],
});

/**
 * A fresh (mutable, unshared) wire payload: a copy of {@link biology101} with `overrides` on top. Pass your
 * own `spark_org_id` / `spark_course_id` (see {@link randomId}) to keep tests on a shared database apart.
 *
 * @example
 * ```ts
 * const payload = buildCoursePayload({ spark_course_id: randomId('course'), assignments: buildAssignments(200) })
 * ```
 */
export function buildCoursePayload(overrides: Partial<SparkCoursePayload> = {}): SparkCoursePayload {
  return structuredClone({ ...biology101, ...overrides });
}

/**
 * `n` wire assignments with ids `${prefix}_001`, `${prefix}_002`, ..., titles and descriptions, no due dates.
 *
 * @example
 * ```ts
 * buildAssignments(2, 'lab') // [{ spark_assignment_id: 'lab_001', title: 'Assignment 1', ... }, ...]
 * ```
 */
export function buildAssignments(n: number, prefix = 'assign'): SparkAssignment[] {
  return Array.from({ length: n }, (_, index) => ({
    spark_assignment_id: `${prefix}_${String(index + 1).padStart(3, '0')}`,
    title: `Assignment ${index + 1}`,
    description: `Description of assignment ${index + 1}`,
  }));
}

/**
 * An id no other test uses: `${prefix}_` and a random UUID.
 *
 * @example
 * ```ts
 * const payload = buildCoursePayload({ spark_org_id: randomId('org'), spark_course_id: randomId('course') })
 * ```
 */
export function randomId(prefix = 'id'): string {
  return `${prefix}_${randomUUID()}`;
}

/**
 * Converts a wire payload to the normalised {@link CoursePayload}, for calling `syncCourse` directly: ids
 * become strings, due dates `Date`s, absent fields stay absent. It does NOT validate: give it a valid
 * payload, or use `parseCoursePayload` to test validation.
 *
 * @example
 * ```ts
 * await syncCourse(repository, toCoursePayload(biology101))
 * ```
 */
export function toCoursePayload(wire: SparkCoursePayload): CoursePayload {
  return {
    orgId: String(wire.spark_org_id),
    courseId: String(wire.spark_course_id),
    title: wire.course_title,
    ...(wire.course_description !== undefined && { description: wire.course_description }),
    assignments: (wire.assignments ?? []).map(toAssignmentPayload),
  };
}

function toAssignmentPayload(wire: SparkAssignment): AssignmentPayload {
  const { due_date: dueDate } = wire;
  return {
    assignmentId: String(wire.spark_assignment_id),
    title: wire.title,
    ...(wire.description !== undefined && { description: wire.description }),
    ...(dueDate !== undefined && { dueDate: dueDate === null ? null : new Date(dueDate) }),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
