import type { AssignmentPayload, CoursePayload } from './payload';
import { dueDateProblem, idProblem, isNotBlank, textProblem } from './payload-fields';

// A hand-written check of VALID payloads, for the webhook's hot path: the zod schema (payload-schema.ts)
// costs several times the JSON.parse of a body. It accepts exactly what the schema accepts, with the same
// field checks (shared from payload-fields.ts), and returns the same `CoursePayload`; at the first thing that
// is off it declines (`undefined`) and the caller runs the schema, so every error still comes from zod. The
// property test in payload-fast-path.test.ts holds the two together.

type Wire = Readonly<Record<string, unknown>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TITLE_MAX = 1000;
const COURSE_DESCRIPTION_MAX = 100_000;

/**
 * The payload the schema would return for `json` (already known to be a non-array object), or `undefined`
 * when anything would make the schema report an issue, or when in doubt.
 */
export function parseValidCoursePayload(json: Wire, maxAssignments: number): CoursePayload | undefined {
  const orgId = toId(json.spark_org_id);
  const courseId = toId(json.spark_course_id);
  const title = json.course_title;
  if (orgId === undefined || courseId === undefined || !isTitle(title)) return undefined;
  const description = json.course_description;
  if (!isOptionalText(description, COURSE_DESCRIPTION_MAX)) return undefined;
  const assignments = toAssignments(json.assignments, maxAssignments);
  if (assignments === undefined) return undefined;
  const payload: Mutable<CoursePayload> = { orgId, courseId, title, assignments };
  if (description !== undefined) payload.description = description;
  return payload;
}

function toAssignments(list: unknown, maxAssignments: number): AssignmentPayload[] | undefined {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || list.length > maxAssignments) return undefined;
  const assignments: AssignmentPayload[] = new Array(list.length);
  const seen = new Set<string>();
  for (let index = 0; index < list.length; index++) {
    const assignment = toAssignment(list[index]);
    if (assignment === undefined || seen.has(assignment.assignmentId)) return undefined;
    seen.add(assignment.assignmentId);
    assignments[index] = assignment;
  }
  return assignments;
}

function toAssignment(wire: unknown): AssignmentPayload | undefined {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return undefined;
  const { spark_assignment_id: id, title, description, due_date: dueDate } = wire as Wire;
  const assignmentId = toId(id);
  if (assignmentId === undefined || !isTitle(title) || !isOptionalText(description, Infinity)) return undefined;
  const assignment: Mutable<AssignmentPayload> = { assignmentId, title };
  if (description !== undefined) assignment.description = description;
  if (dueDate === null) assignment.dueDate = null;
  else if (dueDate !== undefined) {
    if (typeof dueDate !== 'string' || dueDateProblem(dueDate) !== undefined) return undefined;
    assignment.dueDate = new Date(dueDate);
  }
  return assignment;
}

/** The id as the schema normalises it (integers to their decimal string), or `undefined` if refused. */
function toId(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (idProblem(value) !== undefined) return undefined;
  return typeof value === 'number' ? String(value) : value;
}

function isTitle(value: unknown): value is string {
  return typeof value === 'string' && value.length <= TITLE_MAX && textProblem(value) === undefined && isNotBlank(value);
}

/** `undefined` (absent), `null`, or a storable string of at most `max` characters. */
function isOptionalText(value: unknown, max: number): value is string | null | undefined {
  if (value === undefined || value === null) return true;
  return typeof value === 'string' && value.length <= max && textProblem(value) === undefined;
}
