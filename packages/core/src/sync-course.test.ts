import { describe, expect, it } from 'vitest';
import { isCourseSyncError } from './errors';
import type { CoursePayload } from './payload';
import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite } from './repository';
import { type SyncCourseOptions, syncCourse, validateSyncCourseOptions } from './sync-course';

const RESULT: CourseSyncResult = { questId: 'q1', created: true, taskCount: 0, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 0 };

/** A repository that records the write it is given instead of storing it. */
function recordingRepository(): CourseSyncRepository & { readonly writes: CourseSyncWrite[] } {
  const writes: CourseSyncWrite[] = [];
  return {
    writes,
    applyCourseSync: async (write) => {
      writes.push(write);
      return RESULT;
    },
    findCourse: async () => undefined,
  };
}

const payload: CoursePayload = {
  orgId: '24',
  courseId: 'course_bio101',
  title: 'Biology 101',
  description: 'Intro',
  assignments: [
    { assignmentId: 'a1', title: 'Lab', description: 'Observe', dueDate: new Date('2025-02-15T23:59:59Z') },
    { assignmentId: 'a2', title: 'Essay' },
    { assignmentId: 'a3', title: 'Quiz', description: '', dueDate: null },
  ],
};

async function writeFor(input: CoursePayload, options?: SyncCourseOptions): Promise<CourseSyncWrite> {
  const repository = recordingRepository();
  await expect(syncCourse(repository, input, options)).resolves.toBe(RESULT);
  expect(repository.writes).toHaveLength(1);
  return repository.writes[0]!;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('syncCourse builds the write', () => {
  it('applies the defaults of SPEC 5 and keeps payload order', async () => {
    const write = await writeFor(payload);
    expect(write).toEqual({
      key: { platform: 'spark', orgId: '24', courseId: 'course_bio101' },
      quest: { title: 'Biology 101', description: 'Intro' },
      questDefaults: { questType: 'course', isActive: true, isPublic: false, organizationId: null },
      taskDefaults: { pillar: 'stem', xpValue: 100 },
      tasks: [
        { assignmentId: 'a1', title: 'Lab', orderIndex: 0, description: 'Observe', dueDate: new Date('2025-02-15T23:59:59Z') },
        { assignmentId: 'a2', title: 'Essay', orderIndex: 1, description: undefined, dueDate: undefined },
        { assignmentId: 'a3', title: 'Quiz', orderIndex: 2, description: null, dueDate: null },
      ],
    });
  });

  it('absent-description-keeps: undefined stays undefined, "" clears like null', async () => {
    const absent = await writeFor({ ...payload, description: undefined });
    expect(absent.quest.description).toBeUndefined();
    expect(absent.tasks[1]!.description).toBeUndefined();
    expect((await writeFor({ ...payload, description: '' })).quest.description).toBeNull();
    expect((await writeFor({ ...payload, description: null })).quest.description).toBeNull();
    expect(absent.tasks[2]!.description).toBeNull();
  });

  it('uses the options: platform, default pillar and xp, resolver answer', async () => {
    const seen: CoursePayload[] = [];
    const write = await writeFor(payload, {
      platform: 'canvas',
      defaultPillar: 'art',
      defaultXpValue: 250,
      resolveOrganizationId: async (input) => {
        seen.push(input);
        return '6f1c2b1e-0000-4000-8000-000000000024';
      },
    });
    expect(seen).toEqual([payload]);
    expect(write.key.platform).toBe('canvas');
    expect(write.taskDefaults).toEqual({ pillar: 'art', xpValue: 250 });
    expect(write.questDefaults.organizationId).toBe('6f1c2b1e-0000-4000-8000-000000000024');
    expect((await writeFor(payload, { resolveOrganizationId: () => undefined })).questDefaults.organizationId).toBeNull();
  });

  it('writes a course without assignments', async () => {
    expect((await writeFor({ ...payload, assignments: [] })).tasks).toEqual([]);
  });
});

describe('syncCourse refuses what it cannot write', () => {
  it.each<[string, SyncCourseOptions]>([
    ['an unknown pillar', { defaultPillar: 'math' as never }],
    ['a zero xp value', { defaultXpValue: 0 }],
    ['a fractional xp value', { defaultXpValue: 1.5 }],
    ['a negative xp value', { defaultXpValue: -10 }],
    ['an empty platform', { platform: '' }],
    ['a blank platform', { platform: '  ' }],
    ['a resolver that is not a function', { resolveOrganizationId: 'org' as never }],
  ])('bad-options: %s is a ConfigurationError and nothing is written', async (_name, options) => {
    const repository = recordingRepository();
    const error = await rejection(syncCourse(repository, payload, options));
    expect(isCourseSyncError(error) && error.code).toBe('CONFIGURATION_ERROR');
    expect(() => validateSyncCourseOptions(options)).toThrow(/Set /);
    expect(repository.writes).toEqual([]);
  });

  it('accepts every valid option', () => {
    expect(() => validateSyncCourseOptions({ platform: 'spark', defaultPillar: 'civics', defaultXpValue: 1 })).not.toThrow();
  });

  it('duplicate-assignment-id: refused with INVALID_PAYLOAD naming the repeated entry', async () => {
    const repository = recordingRepository();
    const duplicated = { ...payload, assignments: [...payload.assignments, { assignmentId: 'a1', title: 'Again' }] };
    const error = await rejection(syncCourse(repository, duplicated));
    expect(isCourseSyncError(error) && error.code).toBe('INVALID_PAYLOAD');
    expect(isCourseSyncError(error) && error.details).toEqual([{ path: 'assignments.3.assignmentId', message: 'Duplicate assignment id "a1"' }]);
    expect(repository.writes).toEqual([]);
  });

  it('unparsed-payload: blank ids and titles, bad dates and descriptions are refused', async () => {
    const repository = recordingRepository();
    const broken = {
      orgId: '',
      courseId: 'c',
      title: ' ',
      description: 5,
      assignments: [{ assignmentId: 'a', title: '', dueDate: new Date('nope') }, { assignmentId: 7, title: 'T', description: {} }],
    } as unknown as CoursePayload;
    const error = await rejection(syncCourse(repository, broken));
    expect(isCourseSyncError(error) && error.details?.map((issue) => issue.path)).toEqual([
      'orgId',
      'title',
      'description',
      'assignments.0.title',
      'assignments.0.dueDate',
      'assignments.1.assignmentId',
      'assignments.1.description',
    ]);
    expect(repository.writes).toEqual([]);
  });

  it('unparsed-payload: white space of any kind is blank, an entry that is not an object is named', async () => {
    const repository = recordingRepository();
    const broken = {
      orgId: '\u00a0\u2003',
      courseId: '\t\n',
      title: '\ufeffBiology',
      assignments: [null, { assignmentId: '\u3000', title: 'Ok' }, 'a2', { assignmentId: '\u00e9', title: 'Élan' }],
    } as unknown as CoursePayload;
    const error = await rejection(syncCourse(repository, broken));
    expect(isCourseSyncError(error) && error.details).toEqual([
      { path: 'orgId', message: 'Must be a non-empty string' },
      { path: 'courseId', message: 'Must be a non-empty string' },
      { path: 'assignments.0', message: 'Must be an object' },
      { path: 'assignments.1.assignmentId', message: 'Must be a non-empty string' },
      { path: 'assignments.2', message: 'Must be an object' },
    ]);
    expect(repository.writes).toEqual([]);
  });
});
