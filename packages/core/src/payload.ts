/** The five pillars Optio's `quest_sample_tasks.pillar` CHECK constraint accepts. */
export const PILLARS = ['stem', 'wellness', 'communication', 'civics', 'art'] as const;
export type Pillar = (typeof PILLARS)[number];

/**
 * One assignment of a validated, normalised course payload.
 *
 * For `description` and `dueDate`, `undefined` means the field was absent from the payload (keep what is
 * stored) and `null` means it was sent as null (clear it).
 */
export interface AssignmentPayload {
  readonly assignmentId: string;
  readonly title: string;
  readonly description?: string | null;
  /** A date-only value (`2025-02-15`) arrives as 00:00 UTC of that day. Millisecond precision. */
  readonly dueDate?: Date | null;
}

/**
 * A validated, normalised course payload: what `parseCoursePayload` returns and `syncCourse` takes.
 * Integer ids on the wire arrive here as their decimal strings.
 *
 * @example
 * ```ts
 * const payload: CoursePayload = {
 *   orgId: '24', courseId: 'course_bio101', title: 'Biology 101',
 *   assignments: [{ assignmentId: 'assign_bio_001', title: 'Cell Structure Lab Report' }],
 * }
 * ```
 */
export interface CoursePayload {
  readonly orgId: string;
  readonly courseId: string;
  readonly title: string;
  /** `undefined`: absent, keep the stored description; `null` or `""`: clear it. */
  readonly description?: string | null;
  readonly assignments: readonly AssignmentPayload[];
}
