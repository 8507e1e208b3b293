import { z } from 'zod';
import { type Ctx, dueDate, id, text, title, typeError } from './payload-fields';
import type { AssignmentPayload, CoursePayload } from './payload';
import { DEFAULT_MAX_ASSIGNMENTS } from './responses';

const assignmentSchema = z.object(
  {
    spark_assignment_id: id,
    title,
    description: text().nullable().optional(),
    due_date: dueDate.nullable().optional(),
  },
  { error: typeError('an object') },
);

type AssignmentOutput = z.output<typeof assignmentSchema>;

/** Refuses a repeated assignment id: Optio's current code created two tasks for it. */
function checkUniqueIds(assignments: readonly unknown[], ctx: Ctx): void {
  const firstIndex = new Map<string, number>();
  assignments.forEach((assignment, index) => {
    const assignmentId = (assignment as { spark_assignment_id?: unknown } | undefined)?.spark_assignment_id;
    if (typeof assignmentId !== 'string') return;
    const first = firstIndex.get(assignmentId);
    if (first === undefined) firstIndex.set(assignmentId, index);
    else ctx.addIssue({ code: 'custom', message: `duplicates assignments.${first}.spark_assignment_id`, path: [index, 'spark_assignment_id'], input: assignmentId });
  });
}

function toAssignment(wire: AssignmentOutput): AssignmentPayload {
  const assignment: { -readonly [K in keyof AssignmentPayload]: AssignmentPayload[K] } = {
    assignmentId: wire.spark_assignment_id,
    title: wire.title,
  };
  if (wire.description !== undefined) assignment.description = wire.description;
  if (wire.due_date !== undefined) assignment.dueDate = wire.due_date;
  return assignment;
}

/**
 * Builds the course payload schema (SPEC 4) with a different cap on assignments. Its output is the
 * normalised {@link CoursePayload}.
 *
 * @example
 * ```ts
 * const schema = createSparkCoursePayloadSchema({ maxAssignments: 500 })
 * const result = schema.safeParse(JSON.parse(body))
 * ```
 */
export function createSparkCoursePayloadSchema(options: { readonly maxAssignments?: number } = {}) {
  const maxAssignments = options.maxAssignments ?? DEFAULT_MAX_ASSIGNMENTS;
  const assignments = z
    .array(assignmentSchema, { error: typeError('an array') })
    .max(maxAssignments, `must have at most ${maxAssignments} items`)
    // `when`: report duplicates alongside other problems in the items, not only once those are fixed.
    .superRefine((list, ctx) => checkUniqueIds(list, ctx as Ctx), { when: (payload) => Array.isArray(payload.value) });
  return z
    .object(
      {
        spark_org_id: id,
        spark_course_id: id,
        course_title: title,
        course_description: text(100_000).nullable().optional(),
        assignments: assignments.nullable().optional(),
      },
      { error: 'Request body must be a JSON object' },
    )
    .transform((wire): CoursePayload => {
      const payload: { -readonly [K in keyof CoursePayload]: CoursePayload[K] } = {
        orgId: wire.spark_org_id,
        courseId: wire.spark_course_id,
        title: wire.course_title,
        assignments: (wire.assignments ?? []).map(toAssignment),
      };
      if (wire.course_description !== undefined) payload.description = wire.course_description;
      return payload;
    });
}

/**
 * The wire schema of a SPARK course delivery (SPEC 4), at most 2,000 assignments. Unknown fields are
 * ignored; the output is the normalised {@link CoursePayload} (camelCase, integer ids as strings, dates as
 * `Date`). Prefer `parseCoursePayload`, which also answers the JSON and missing-field cases.
 *
 * @example
 * ```ts
 * const result = sparkCoursePayloadSchema.safeParse({ spark_org_id: 24, spark_course_id: 'bio', course_title: 'Biology' })
 * if (result.success) console.log(result.data.orgId) // "24"
 * ```
 */
export const sparkCoursePayloadSchema = createSparkCoursePayloadSchema();

/**
 * A course delivery as a sender writes it (snake_case; ids as strings or integers).
 *
 * @example
 * ```ts
 * const payload: SparkCoursePayload = { spark_org_id: '24', spark_course_id: 'course_bio101', course_title: 'Biology 101' }
 * ```
 */
export type SparkCoursePayload = z.input<typeof sparkCoursePayloadSchema>;
