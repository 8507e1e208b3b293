import { syncCourse } from '@coursesync/core';
import { buildAssignments, buildCoursePayload, toCoursePayload } from '@coursesync/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKyselyRepository, type KyselyCourseSyncRepository } from './kysely-repository';
import { createDatabase } from './create-database';
import { describeEachDialect } from './test-support/dialects';
import { afterQuestWrite, createTestDatabase, type TestDatabase } from './testing';

describeEachDialect('concurrent deliveries', (dialect) => {
  let database: TestDatabase;
  let repository: KyselyCourseSyncRepository;
  beforeAll(async () => {
    database = await createTestDatabase({ dialect });
    repository = createKyselyRepository(database.db);
  });
  afterAll(() => database?.destroy());

  // PGlite has a single connection, so only Postgres can run deliveries truly in parallel.
  it.skipIf(dialect !== 'postgres')('concurrent-first-delivery: 50 identical first deliveries of a 50-assignment course make one quest and 50 tasks', async () => {
    // Force the race: the first delivery to write the quest holds its transaction open until the other
    // pooled deliveries (pool of 10) are blocked on that quest, as they are when deliveries overlap.
    const monitor = await createDatabase({ connectionString: database.connectionString, poolSize: 1 });
    let blocked = 0;
    let first = true;
    const barrier = afterQuestWrite(async () => {
      if (!first) return;
      first = false;
      for (let attempt = 0; attempt < 500 && blocked < 9; attempt++) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(monitor.db);
        blocked = rows[0]?.n ?? 0;
        if (blocked < 9) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const racing = createKyselyRepository(database.db.withPlugin(barrier));
    const payload = toCoursePayload(buildCoursePayload({ spark_org_id: '50', spark_course_id: 'course_rush', assignments: buildAssignments(50) }));
    const settled = await Promise.allSettled(Array.from({ length: 50 }, () => syncCourse(racing, payload))).finally(() => monitor.destroy());

    expect(blocked, 'deliveries waiting on the first one').toBe(9);
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    const results = settled.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof syncCourse>>>).value);
    expect(new Set(results.map((result) => result.questId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.every((result) => result.taskCount === 50)).toBe(true);
    const { rows } = await sql<{ quests: number; tasks: number }>`
      select count(distinct q.id)::int as quests, count(t.id)::int as tasks
      from quests q left join quest_sample_tasks t on t.quest_id = q.id
      where q.lms_org_id = '50' and q.lms_course_id = 'course_rush'`.execute(database.db);
    expect(rows[0]).toEqual({ quests: 1, tasks: 50 });
  });

  it('two-orgs-one-course-id: the same course id from two orgs makes two quests', async () => {
    const course = { spark_course_id: 'course_shared', assignments: buildAssignments(3) };
    const [first, second] = await Promise.all([
      syncCourse(repository, toCoursePayload(buildCoursePayload({ ...course, spark_org_id: '101', course_title: 'School A' }))),
      syncCourse(repository, toCoursePayload(buildCoursePayload({ ...course, spark_org_id: '102', course_title: 'School B' }))),
    ]);
    expect(first).toMatchObject({ created: true, taskCount: 3 });
    expect(second).toMatchObject({ created: true, taskCount: 3 });
    expect(first.questId).not.toBe(second.questId);
    const a = await repository.findCourse({ platform: 'spark', orgId: '101', courseId: 'course_shared' });
    const b = await repository.findCourse({ platform: 'spark', orgId: '102', courseId: 'course_shared' });
    expect([a?.quest.title, b?.quest.title]).toEqual(['School A', 'School B']);
  });
});
