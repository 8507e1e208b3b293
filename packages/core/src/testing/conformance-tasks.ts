import { expect, it } from 'vitest';
import type { SparkCoursePayload } from '../payload-schema';
import { counts, freshCourse, type HarnessAccessor, stored, sync, tasksById } from './conformance-context';

type Assignment = NonNullable<SparkCoursePayload['assignments']>[number];

/** SPEC 5 for tasks: updates of existing tasks, tasks kept when absent, idempotent resends. */
export function describeTaskRules(harness: HarnessAccessor): void {
  it('identical-resend-changes-nothing: same rows, same updatedAt, every task unchanged', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    const first = await sync(repository, wire);
    const before = await stored(repository, wire);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const again = await sync(repository, wire);
      expect(again.questId).toBe(first.questId);
      expect(counts(again)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 3 });
    }
    expect(await stored(repository, wire)).toEqual(before);
  });

  it('task-fields: title updates; description and due_date are kept when absent, cleared by null', async () => {
    const { repository } = harness();
    const full: Assignment = { spark_assignment_id: 'a1', title: 'Lab', description: 'Observe', due_date: '2025-02-15T23:59:59Z' };
    const wire = freshCourse({ assignments: [full] });
    const task = async (assignment: Assignment, expected: Partial<ReturnType<typeof counts>>) => {
      const result = await sync(repository, { ...wire, assignments: [assignment] });
      expect(counts(result)).toMatchObject({ taskCount: 1, ...expected });
      return (await stored(repository, wire)).tasks[0];
    };
    await sync(repository, wire);
    const bare = { spark_assignment_id: 'a1', title: 'Lab' };
    expect(await task(bare, { tasksUnchanged: 1 })).toMatchObject({ description: 'Observe', dueDate: new Date('2025-02-15T23:59:59Z') });
    expect(await task({ ...bare, title: 'Lab v2' }, { tasksUpdated: 1 })).toMatchObject({ title: 'Lab v2', description: 'Observe' });
    expect(await task({ ...bare, title: 'Lab v2', description: null, due_date: null }, { tasksUpdated: 1 })).toMatchObject({
      description: null,
      dueDate: null,
    });
    expect(await task({ ...bare, title: 'Lab v2' }, { tasksUnchanged: 1 })).toMatchObject({ description: null, dueDate: null });
    expect(await task({ ...bare, title: 'Lab v2', description: 'Again', due_date: '2025-04-01' }, { tasksUpdated: 1 })).toMatchObject({
      description: 'Again',
      dueDate: new Date('2025-04-01T00:00:00Z'),
    });
    expect(await task({ ...bare, title: 'Lab v2', description: '' }, { tasksUpdated: 1 })).toMatchObject({
      description: null,
      dueDate: new Date('2025-04-01T00:00:00Z'),
    });
  });

  it('absent-task-kept: tasks missing from a later payload stay untouched and are counted', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    await sync(repository, wire);
    const before = tasksById(await stored(repository, wire));
    const [, second] = wire.assignments ?? [];
    const result = await sync(repository, { ...wire, assignments: [{ ...second!, title: 'Photosynthesis Essay v2' }] });
    expect(counts(result)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 1, tasksUnchanged: 0 });
    const after = tasksById(await stored(repository, wire));
    expect(after.assign_bio_001).toEqual(before.assign_bio_001);
    expect(after.assign_bio_003).toEqual(before.assign_bio_003);
    expect(after.assign_bio_002).toMatchObject({ id: before.assign_bio_002!.id, title: 'Photosynthesis Essay v2' });

    for (const assignments of [[], null, undefined]) {
      const empty = await sync(repository, { ...wire, assignments });
      expect(counts(empty)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 0 });
    }
    expect(Object.keys(tasksById(await stored(repository, wire))).sort()).toEqual(['assign_bio_001', 'assign_bio_002', 'assign_bio_003']);
  });

  it('admin-tuned-pillar-and-xp-kept: new defaults apply to new tasks only', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    await sync(repository, wire);
    // The renamed task goes through the update path, which must not write the new defaults either.
    const [first, ...rest] = wire.assignments ?? [];
    const assignments = [{ ...first!, title: 'Renamed' }, ...rest, { spark_assignment_id: 'assign_bio_004', title: 'Genetics Project' }];
    const result = await sync(repository, { ...wire, assignments }, { defaultPillar: 'art', defaultXpValue: 250 });
    expect(counts(result)).toEqual({ created: false, taskCount: 4, tasksCreated: 1, tasksUpdated: 1, tasksUnchanged: 2 });
    const tasks = tasksById(await stored(repository, wire));
    for (const id of ['assign_bio_001', 'assign_bio_002', 'assign_bio_003']) expect(tasks[id]).toMatchObject({ pillar: 'stem', xpValue: 100 });
    expect(tasks.assign_bio_004).toMatchObject({ pillar: 'art', xpValue: 250, orderIndex: 3, description: null, dueDate: null });
  });

  it('order-index-follows-payload: a reordered payload rewrites order_index', async () => {
    const { repository } = harness();
    const wire = freshCourse();
    await sync(repository, wire);
    const [first, second, third] = wire.assignments ?? [];
    const result = await sync(repository, { ...wire, assignments: [third!, first!, second!] });
    expect(counts(result)).toEqual({ created: false, taskCount: 3, tasksCreated: 0, tasksUpdated: 3, tasksUnchanged: 0 });
    const course = await stored(repository, wire);
    expect(course.tasks.map((task) => [task.assignmentId, task.orderIndex])).toEqual([
      ['assign_bio_003', 0],
      ['assign_bio_001', 1],
      ['assign_bio_002', 2],
    ]);
  });
}
