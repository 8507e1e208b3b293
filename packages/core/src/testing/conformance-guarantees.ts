import { expect, it } from 'vitest';
import { buildAssignments } from './builders';
import type { CourseSyncWrite } from '../repository';
import { counts, freshCourse, type HarnessAccessor, keyOf, stored, sync } from './conformance-context';

/** SPEC 5 guarantees: concurrent deliveries of one course, and all-or-nothing syncs. */
export function describeSyncGuarantees(harness: HarnessAccessor): void {
  it('concurrent-first-delivery: 50 identical deliveries give one quest and the same quest id', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const results = await Promise.all(Array.from({ length: 50 }, () => sync(repository, wire)));
    const course = await stored(repository, wire);
    expect(new Set(results.map((result) => result.questId))).toEqual(new Set([course.quest.id]));
    const [creator, ...others] = [...results].sort((a, b) => Number(b.created) - Number(a.created));
    expect(counts(creator!)).toEqual({ created: true, taskCount: 3, tasksCreated: 3, tasksUpdated: 0, tasksUnchanged: 0 });
    for (const other of others) {
      expect(counts(other)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 3 });
    }
    expect(course.tasks.map((task) => task.assignmentId)).toEqual(['assign_bio_001', 'assign_bio_002', 'assign_bio_003']);
  });

  it('concurrent-different-assignments: 10 deliveries of a new course end with the union of their tasks', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const shared = { spark_assignment_id: 'shared', title: 'Shared assignment' };
    const deliveries = Array.from({ length: 10 }, (_, index) => ({
      ...wire,
      assignments: [shared, ...buildAssignments(2, `delivery_${index}`)],
    }));
    const results = await Promise.all(deliveries.map((delivery) => sync(repository, delivery)));
    const course = await stored(repository, wire);
    expect(new Set(results.map((result) => result.questId))).toEqual(new Set([course.quest.id]));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.reduce((sum, result) => sum + result.tasksCreated, 0)).toBe(21);
    const expected = ['shared', ...deliveries.flatMap((delivery) => delivery.assignments.slice(1).map((a) => a.spark_assignment_id))];
    expect(course.tasks.map((task) => task.assignmentId).sort()).toEqual(expected.sort());
  });

  it('failed-sync-writes-nothing: a new course that fails mid-sync leaves no quest, and a retry creates it', async () => {
    const { repository, failingRepository } = harness();
    const wire = freshCourse();
    await expect(sync(failingRepository, wire)).rejects.toThrow();
    expect(await repository.findCourse(keyOf(wire))).toBeUndefined();

    const retry = await sync(repository, wire);
    expect(counts(retry)).toEqual({ created: true, taskCount: 3, tasksCreated: 3, tasksUpdated: 0, tasksUnchanged: 0 });
    expect((await stored(repository, wire)).tasks).toHaveLength(3);
  });

  it('failed-sync-writes-nothing: an existing course that fails mid-sync stays exactly as it was', async () => {
    const { repository, failingRepository } = harness();
    const wire = freshCourse();
    const first = await sync(repository, wire);
    const before = await stored(repository, wire);
    const [firstAssignment, ...rest] = wire.assignments ?? [];
    const changed = {
      ...wire,
      course_title: 'Biology 102',
      course_description: null,
      assignments: [{ ...firstAssignment!, title: 'Changed' }, ...rest, { spark_assignment_id: 'assign_bio_004', title: 'New' }],
    };
    await expect(sync(failingRepository, changed)).rejects.toThrow();
    expect(await stored(repository, wire)).toEqual(before);

    const retry = await sync(repository, changed);
    expect(retry.questId).toBe(first.questId);
    expect(counts(retry)).toEqual({ created: false, taskCount: 4, tasksCreated: 1, tasksUpdated: 1, tasksUnchanged: 2 });
    expect((await stored(repository, wire)).quest).toMatchObject({ title: 'Biology 102', description: null });
  });

  it('repeated-assignment-id: a write that breaks "at most one entry per assignmentId" is refused and writes nothing', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const write = (title: string): CourseSyncWrite => ({
      key: keyOf(wire),
      quest: { title },
      questDefaults: { questType: 'course', isActive: true, isPublic: false, organizationId: null },
      taskDefaults: { pillar: 'stem', xpValue: 100 },
      tasks: [
        { assignmentId: 'twice', title: 'First', orderIndex: 0 },
        { assignmentId: 'twice', title: 'Second', orderIndex: 1 },
      ],
    });
    // A new course: no quest is left behind.
    await expect(repository.applyCourseSync(write('Biology 101'))).rejects.toThrow();
    expect(await repository.findCourse(keyOf(wire))).toBeUndefined();
    // An existing course: it stays exactly as it was, title included.
    await sync(repository, wire);
    const before = await stored(repository, wire);
    await expect(repository.applyCourseSync(write('Renamed'))).rejects.toThrow();
    expect(await stored(repository, wire)).toEqual(before);
  });
}
