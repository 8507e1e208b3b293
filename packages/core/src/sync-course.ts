import { ConfigurationError, PayloadError, type PayloadIssue } from './errors';
import { type AssignmentPayload, type CoursePayload, type Pillar, PILLARS } from './payload';
import { isNotBlank } from './payload-fields';
import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite, TaskWrite } from './repository';

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
 * Throws a `ConfigurationError` when `options` cannot work: an unknown `defaultPillar`, a `defaultXpValue`
 * that is not a positive integer, an empty `platform` or a `resolveOrganizationId` that is not a function.
 * `syncCourse` calls it on every delivery; a handler calls it once when it is created, to fail at startup.
 *
 * @example
 * ```ts
 * validateSyncCourseOptions({ defaultPillar: 'art', defaultXpValue: 50 })
 * ```
 */
export function validateSyncCourseOptions(options: SyncCourseOptions): void {
  // A handler passes the same options object to every delivery: check it once.
  if (checkedOptions.has(options)) return;
  const { platform, defaultPillar, defaultXpValue, resolveOrganizationId } = options;
  if (platform !== undefined && (typeof platform !== 'string' || platform.trim() === '')) {
    throw new ConfigurationError('Set the platform option to a non-empty string such as "spark", or leave it unset.');
  }
  if (defaultPillar !== undefined && !(PILLARS as readonly unknown[]).includes(defaultPillar)) {
    throw new ConfigurationError(`Set defaultPillar to one of ${PILLARS.join(', ')}, or leave it unset for "stem".`);
  }
  if (defaultXpValue !== undefined && !(Number.isSafeInteger(defaultXpValue) && defaultXpValue > 0)) {
    throw new ConfigurationError('Set defaultXpValue to a positive integer, or leave it unset for 100.');
  }
  if (resolveOrganizationId !== undefined && typeof resolveOrganizationId !== 'function') {
    throw new ConfigurationError('Set resolveOrganizationId to a function of the payload, or leave it unset.');
  }
  checkedOptions.add(options);
}

const checkedOptions = new WeakSet<SyncCourseOptions>();

/** The options of a call that passes none: one object, so the check above runs once for all of them. */
const NO_OPTIONS: SyncCourseOptions = Object.freeze({});

/**
 * Syncs one validated course into `repository` (SPEC 5): creates or updates the quest keyed by
 * (platform, org, course), creates or updates one task per assignment, and never deletes a task. Applies
 * the rules (defaults, `""` clears a description, absent fields are kept) and leaves atomicity and
 * concurrency to the repository.
 *
 * Throws `ConfigurationError` for bad options and `PayloadError` (`INVALID_PAYLOAD`) for a payload that
 * `parseCoursePayload` would have refused (it may come from another LMS integration); rejects with the
 * repository's error when the write fails, in which case nothing was written.
 *
 * @example
 * ```ts
 * const parsed = parseCoursePayload(rawBody)
 * if (parsed.ok) {
 *   const result = await syncCourse(repository, parsed.payload, { defaultXpValue: 50 })
 *   console.log(result.questId, result.taskCount)
 * }
 * ```
 */
export async function syncCourse(
  repository: CourseSyncRepository,
  payload: CoursePayload,
  options: SyncCourseOptions = NO_OPTIONS,
): Promise<CourseSyncResult> {
  validateSyncCourseOptions(options);
  assertSyncablePayload(payload);
  const { resolveOrganizationId } = options;
  const organizationId = resolveOrganizationId ? ((await resolveOrganizationId(payload)) ?? null) : null;
  return repository.applyCourseSync(buildWrite(payload, options, organizationId));
}

function buildWrite(payload: CoursePayload, options: SyncCourseOptions, organizationId: string | null): CourseSyncWrite {
  const tasks = payload.assignments.map(
    (assignment, orderIndex): TaskWrite => ({
      assignmentId: assignment.assignmentId,
      title: assignment.title,
      orderIndex,
      description: clearIfEmpty(assignment.description),
      dueDate: assignment.dueDate,
    }),
  );
  return {
    key: { platform: options.platform ?? 'spark', orgId: payload.orgId, courseId: payload.courseId },
    quest: { title: payload.title, description: clearIfEmpty(payload.description) },
    questDefaults: { questType: 'course', isActive: true, isPublic: false, organizationId },
    taskDefaults: { pillar: options.defaultPillar ?? 'stem', xpValue: options.defaultXpValue ?? 100 },
    tasks,
  };
}

/** `""` clears a description like null does; `undefined` (absent) stays undefined so the stored value is kept. */
function clearIfEmpty(description: string | null | undefined): string | null | undefined {
  return description === '' ? null : description;
}

/** The checks of SPEC 4 that the write relies on, for payloads that did not come through our parser. */
function assertSyncablePayload(payload: CoursePayload): void {
  // Runs on every delivery, where valid payloads are the rule: no closure per call, and a path is built
  // only for a problem found.
  const issues: PayloadIssue[] = [];
  checkText(issues, payload.orgId, 'orgId');
  checkText(issues, payload.courseId, 'courseId');
  checkText(issues, payload.title, 'title');
  checkDescription(issues, payload.description);
  const { assignments } = payload;
  if (!Array.isArray(assignments)) {
    issues.push({ path: 'assignments', message: 'Must be an array' });
  } else {
    const seen = new Set<string>();
    for (let index = 0; index < assignments.length; index++) {
      const assignment: unknown = assignments[index];
      if (typeof assignment !== 'object' || assignment === null) {
        issues.push({ path: `assignments.${index}`, message: 'Must be an object' });
        continue;
      }
      const { assignmentId, title, description, dueDate } = assignment as AssignmentPayload;
      checkText(issues, assignmentId, 'assignmentId', index);
      checkText(issues, title, 'title', index);
      checkDescription(issues, description, index);
      if (dueDate != null && !(dueDate instanceof Date && !Number.isNaN(dueDate.getTime()))) {
        issues.push({ path: issuePath(index, 'dueDate'), message: 'Must be a valid Date, null or absent' });
      }
      if (seen.has(assignmentId)) {
        issues.push({ path: issuePath(index, 'assignmentId'), message: `Duplicate assignment id "${assignmentId}"` });
      }
      seen.add(assignmentId);
    }
  }
  if (issues.length > 0) {
    throw new PayloadError('INVALID_PAYLOAD', 'Fix the course payload at the paths listed in details.', {
      details: issues,
    });
  }
}

function checkText(issues: PayloadIssue[], value: unknown, field: string, index?: number): void {
  if (typeof value !== 'string' || !isNotBlank(value)) issues.push({ path: issuePath(index, field), message: 'Must be a non-empty string' });
}

function checkDescription(issues: PayloadIssue[], value: unknown, index?: number): void {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    issues.push({ path: issuePath(index, 'description'), message: 'Must be a string, null or absent' });
  }
}

/** `field` of the payload, or of its assignment `index`. */
function issuePath(index: number | undefined, field: string): string {
  return index === undefined ? field : `assignments.${index}.${field}`;
}
