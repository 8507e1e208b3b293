import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { counts, freshCourse, type HarnessAccessor, keyOf, stored, sync } from './conformance-context';

/** SPEC 5 for quests: what the first delivery creates, what later ones change, and how a quest is found. */
export function describeQuestRules(harness: HarnessAccessor): void {
  it('reports no course for a key never synced', async () => {
    expect(await harness().repository.findCourse(keyOf(freshCourse()))).toBeUndefined();
  });

  it('first-delivery-creates-quest-and-tasks with the SPEC 5 defaults', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const organizationId = randomUUID();
    const result = await sync(repository, wire, { resolveOrganizationId: () => organizationId });
    expect(counts(result)).toEqual({ created: true, taskCount: 3, tasksCreated: 3, tasksUpdated: 0, tasksUnchanged: 0 });

    const course = await stored(repository, wire);
    expect(course.quest).toMatchObject({
      id: result.questId,
      title: 'Biology 101',
      description: 'Introduction to cellular biology and life sciences',
      questType: 'course',
      isActive: true,
      isPublic: false,
      organizationId,
      platform: 'spark',
      orgId: wire.spark_org_id,
      courseId: wire.spark_course_id,
    });
    expect(course.quest.createdAt).toBeInstanceOf(Date);
    expect(course.quest.updatedAt).toBeInstanceOf(Date);
    const defaults = { questId: result.questId, pillar: 'stem', xpValue: 100 };
    expect(course.tasks).toMatchObject([
      { ...defaults, assignmentId: 'assign_bio_001', title: 'Cell Structure Lab Report', orderIndex: 0,
        description: 'Document your observations of cell structures under microscope', dueDate: new Date('2025-02-15T23:59:59Z') },
      { ...defaults, assignmentId: 'assign_bio_002', title: 'Photosynthesis Essay', orderIndex: 1,
        description: 'Explain the process of photosynthesis in detail', dueDate: null },
      { ...defaults, assignmentId: 'assign_bio_003', title: 'Mitosis Quiz', orderIndex: 2,
        description: 'Identify the phases of mitosis', dueDate: new Date('2025-03-01T00:00:00Z') },
    ]);
    expect(new Set(course.tasks.map((task) => task.id)).size).toBe(3);
  });

  it('creates a quest without description or assignments with null description and no tasks', async () => {
    const { repository } = harness();
    const wire = freshCourse({ course_description: undefined, assignments: undefined });
    const result = await sync(repository, wire);
    expect(counts(result)).toEqual({ created: true, taskCount: 0, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 0 });
    const course = await stored(repository, wire);
    expect(course.quest.description).toBeNull();
    expect(course.tasks).toEqual([]);
  });

  it('title-update: a later delivery updates the title of the same quest', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const first = await sync(repository, wire);
    const before = await stored(repository, wire);
    const second = await sync(repository, { ...wire, course_title: 'Biology 101 (Spring)' });
    expect(second.questId).toBe(first.questId);
    expect(counts(second)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 3 });
    const after = await stored(repository, wire);
    expect(after.quest).toMatchObject({ id: first.questId, title: 'Biology 101 (Spring)', createdAt: before.quest.createdAt });
    expect(after.tasks).toEqual(before.tasks);
  });

  it('quest-description: absent keeps it, null and "" clear it, a string replaces it', async () => {
    const { repository } = harness();
    const wire = freshCourse({ course_description: 'First' });
    const described = async (course_description: string | null | undefined): Promise<string | null> => {
      await sync(repository, { ...wire, course_description });
      return (await stored(repository, wire)).quest.description;
    };
    expect(await described('First')).toBe('First');
    expect(await described(undefined)).toBe('First');
    expect(await described(null)).toBeNull();
    expect(await described(undefined)).toBeNull();
    expect(await described('Second')).toBe('Second');
    expect(await described('')).toBeNull();
  });

  it('admin-columns-never-touched: is_active, is_public and organization_id keep their create values', async () => {
    const { repository } = harness();
    const created = randomUUID();
    const wire = freshCourse();
    await sync(repository, wire, { resolveOrganizationId: async () => created });
    await sync(repository, { ...wire, course_title: 'Renamed' }, { resolveOrganizationId: () => randomUUID() });
    expect((await stored(repository, wire)).quest).toMatchObject({ title: 'Renamed', isActive: true, isPublic: false, organizationId: created });

    const unresolved = freshCourse();
    await sync(repository, unresolved);
    await sync(repository, { ...unresolved, course_title: 'Renamed' }, { resolveOrganizationId: () => randomUUID() });
    expect((await stored(repository, unresolved)).quest).toMatchObject({ title: 'Renamed', organizationId: null });
  });

  it('org-isolation: the same course id in two orgs gives two quests', async () => {
    const { repository } = harness();
    const first = freshCourse();
    const second = { ...first, spark_org_id: `${String(first.spark_org_id)}_other`, course_title: 'Other school' };
    const [a, b] = [await sync(repository, first), await sync(repository, second)];
    expect([a.created, b.created]).toEqual([true, true]);
    expect(a.questId).not.toBe(b.questId);
    expect((await stored(repository, first)).quest).toMatchObject({ id: a.questId, title: 'Biology 101' });
    expect((await stored(repository, second)).quest).toMatchObject({ id: b.questId, title: 'Other school' });
  });

  it('platform-isolation: the same course id under another platform gives another quest', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const spark = await sync(repository, wire);
    const canvas = await sync(repository, { ...wire, course_title: 'Canvas copy' }, { platform: 'canvas' });
    expect(canvas.created).toBe(true);
    expect(canvas.questId).not.toBe(spark.questId);
    expect((await stored(repository, wire, 'canvas')).quest).toMatchObject({ id: canvas.questId, platform: 'canvas', title: 'Canvas copy' });
    expect((await stored(repository, wire)).quest).toMatchObject({ id: spark.questId, platform: 'spark', title: 'Biology 101' });
  });
}
