import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRepository } from './memory-repository';
import { syncCourse } from './sync-course';
import { biology101, describeRepositoryConformance, toCoursePayload } from './testing';

describeRepositoryConformance('memory', async () => {
  const repository = createMemoryRepository();
  const failingRepository = repository.withOptions({
    beforeTaskWrites: () => {
      throw new Error('Injected failure between the quest and the task writes');
    },
  });
  return { repository, failingRepository, close: async () => {} };
});

describe('memory repository', () => {
  const key = { platform: 'spark', orgId: '24', courseId: 'course_bio101' };

  afterEach(() => {
    vi.useRealTimers();
  });

  it('unchanged-rows-keep-updatedAt: a later sync only stamps the rows it changes', async () => {
    // Postgres's now() moves between transactions; a fake clock makes the same true here within one millisecond.
    vi.useFakeTimers({ toFake: ['Date'] });
    const created = new Date('2025-01-01T00:00:00Z');
    const later = new Date('2025-01-01T01:00:00Z');
    vi.setSystemTime(created);
    const repository = createMemoryRepository();
    await syncCourse(repository, toCoursePayload(biology101));
    vi.setSystemTime(later);
    await syncCourse(repository, toCoursePayload(biology101));
    const resent = await repository.findCourse(key);
    expect([resent!.quest, ...resent!.tasks].map((row) => row.updatedAt)).toEqual([created, created, created, created]);

    const [first, ...rest] = biology101.assignments ?? [];
    await syncCourse(repository, toCoursePayload({ ...biology101, course_title: 'Biology 102', assignments: [{ ...first!, title: 'New' }, ...rest] }));
    const renamed = await repository.findCourse(key);
    expect([renamed!.quest, ...renamed!.tasks].map((row) => row.updatedAt)).toEqual([later, later, created, created]);
    expect(renamed!.quest.createdAt).toEqual(created);
  });

  it('stored-rows-not-shared: mutating what findCourse returns changes nothing stored', async () => {
    const repository = createMemoryRepository();
    await syncCourse(repository, toCoursePayload(biology101));
    const read = await repository.findCourse(key);
    (read!.quest as { title: string }).title = 'Mutated';
    read!.tasks[0]!.dueDate!.setTime(0);
    (read!.tasks as unknown[]).pop();
    const again = await repository.findCourse(key);
    expect(again!.quest.title).toBe('Biology 101');
    expect(again!.tasks[0]!.dueDate).toEqual(new Date('2025-02-15T23:59:59Z'));
    expect(again!.tasks).toHaveLength(3);
  });

  it('separate-instances: two repositories do not share storage, views from withOptions do', async () => {
    const repository = createMemoryRepository();
    await syncCourse(repository, toCoursePayload(biology101));
    expect(await createMemoryRepository().findCourse(key)).toBeUndefined();
    expect(await repository.withOptions({}).findCourse(key)).toEqual(await repository.findCourse(key));
  });

  it('async-fault-hook: a rejecting beforeTaskWrites rejects the sync with its error and writes nothing', async () => {
    const seen: unknown[] = [];
    const repository = createMemoryRepository({
      beforeTaskWrites: async (hookKey) => {
        seen.push(hookKey);
        throw new Error('disk on fire');
      },
    });
    await expect(syncCourse(repository, toCoursePayload(biology101))).rejects.toThrow('disk on fire');
    expect(seen).toEqual([key]);
    expect(await repository.findCourse(key)).toBeUndefined();
  });

  it('database-constraints: refuses a write Postgres would refuse, and writes nothing', async () => {
    const repository = createMemoryRepository();
    const write = {
      key,
      quest: { title: 'Biology 101' },
      questDefaults: { questType: 'course', isActive: true, isPublic: false, organizationId: null },
      taskDefaults: { pillar: 'stem' as const, xpValue: 100 },
      tasks: [
        { assignmentId: 'a', title: 'A', orderIndex: 0 },
        { assignmentId: 'a', title: 'A again', orderIndex: 1 },
      ],
    };
    await expect(repository.applyCourseSync(write)).rejects.toThrow(/at most once/);
    await expect(repository.applyCourseSync({ ...write, tasks: [], taskDefaults: { pillar: 'stem', xpValue: 0 } })).rejects.toThrow();
    expect(await repository.findCourse(key)).toBeUndefined();
  });
});
