import type { CoursePayload, SparkCoursePayload } from '@coursesync/core';
import { buildAssignments, buildCoursePayload, toCoursePayload } from '@coursesync/core/testing';

/** The SPARK org every bench course belongs to (the guide's demo org). */
export const BENCH_ORG_ID = '24';

/**
 * A wire course of `assignments` assignments (titles `Assignment 1`...; with `revision`, every title gets
 * ` (revision N)` so that a resync updates every task).
 */
export function wireCourse(courseId: string, assignments: number, revision?: number): SparkCoursePayload {
  const built = buildAssignments(assignments).map((assignment) =>
    revision === undefined ? assignment : { ...assignment, title: `${assignment.title} (revision ${revision})` },
  );
  return buildCoursePayload({ spark_org_id: BENCH_ORG_ID, spark_course_id: courseId, assignments: built });
}

/** {@link wireCourse}, normalised as the parser would hand it to `syncCourse`. */
export function courseOf(courseId: string, assignments: number, revision?: number): CoursePayload {
  return toCoursePayload(wireCourse(courseId, assignments, revision));
}

/**
 * A wire course of `assignments` assignments whose JSON is as close to `bytes` as whole assignments allow
 * without exceeding it (descriptions padded), for the body-size benchmarks.
 */
export function wireCourseOfSize(courseId: string, assignments: number, bytes: number): string {
  const bare = JSON.stringify(wireCourse(courseId, assignments));
  const padding = Math.max(0, Math.floor((bytes - bare.length) / assignments));
  const course = wireCourse(courseId, assignments);
  const filled = {
    ...course,
    assignments: course.assignments?.map((assignment) => ({ ...assignment, description: `${assignment.description} ${'x'.repeat(Math.max(0, padding - 1))}` })),
  };
  const body = JSON.stringify(filled);
  if (Buffer.byteLength(body) > bytes) throw new Error(`Padded course is ${Buffer.byteLength(body)} bytes, over ${bytes}.`);
  return body;
}
