import { syncCourse } from '@coursesync/core';
import { buildAssignments, buildCoursePayload, toCoursePayload } from '@coursesync/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKyselyRepository, type KyselyCourseSyncRepository } from './kysely-repository';
import { describeEachDialect } from './test-support/dialects';
import { createTestDatabase, type TestDatabase } from './testing';

describeEachDialect('statements per sync', (dialect) => {
  let database: TestDatabase;
  let repository: KyselyCourseSyncRepository;
  const statements: string[] = [];
  beforeAll(async () => {
    // Kysely's log hook sees every statement sent, transaction control included.
    database = await createTestDatabase({ dialect, log: (event) => void statements.push(event.query.sql) });
    repository = createKyselyRepository(database.db);
  });
  afterAll(() => database?.destroy());

  async function countStatements(run: () => Promise<unknown>): Promise<number> {
    statements.length = 0;
    await run();
    return statements.length;
  }

  it('constant-round-trips: create, resend and update each take the same statements for 0, 1, 50 and 500 assignments', async () => {
    const measured: Record<string, number[]> = { create: [], resend: [], update: [] };
    for (const size of [0, 1, 50, 500]) {
      const wire = buildCoursePayload({ spark_course_id: `course_count_${size}`, assignments: buildAssignments(size) });
      const payload = toCoursePayload(wire);
      const changed = toCoursePayload({ ...wire, course_title: 'Renamed', assignments: buildAssignments(size).map((a) => ({ ...a, title: `${a.title} v2` })) });

      measured.create!.push(await countStatements(() => syncCourse(repository, payload)));
      measured.resend!.push(await countStatements(() => syncCourse(repository, payload)));
      measured.update!.push(await countStatements(() => syncCourse(repository, changed)));
      const course = await repository.findCourse({ platform: 'spark', orgId: String(wire.spark_org_id), courseId: `course_count_${size}` });
      expect(course?.tasks).toHaveLength(size);
      expect(course?.tasks.every((task) => task.title.endsWith(' v2'))).toBe(true);
    }
    // begin, the quest statement, the task statement, commit.
    expect(measured).toEqual({ create: [4, 4, 4, 4], resend: [4, 4, 4, 4], update: [4, 4, 4, 4] });
  });

  it('resend-writes-no-row: a resend that changes nothing creates no new row version', async () => {
    const payload = toCoursePayload(buildCoursePayload({ spark_course_id: 'course_resend', assignments: buildAssignments(20) }));
    const first = await syncCourse(repository, payload);
    // xmin changes with every write of a row, even one that writes identical values.
    const versions = () =>
      sql<{ v: string }>`
        select xmin::text as v from quests where id = ${first.questId}
        union all (select xmin::text || id::text from quest_sample_tasks where quest_id = ${first.questId} order by id)`.execute(database.db);
    const before = (await versions()).rows;
    expect(await syncCourse(repository, payload)).toMatchObject({ questId: first.questId, created: false, tasksUnchanged: 20 });
    expect((await versions()).rows).toEqual(before);
  });
});
