import { syncCourse } from '@coursesync/core';
import { buildAssignments, buildCoursePayload, toCoursePayload } from '@coursesync/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselyRepository } from './kysely-repository';
import { afterQuestWrite, createTestDatabase, type TestDatabase } from './testing';

describe('a Postgres connection that dies mid-sync', () => {
  let database: TestDatabase | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(error);
  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    if (process.env.DATABASE_URL) database = await createTestDatabase({ dialect: 'postgres' });
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.destroy();
  });

  it.skipIf(!process.env.DATABASE_URL)('connection-terminated-mid-sync: the sync rejects, leaves nothing, and the next sync succeeds', async () => {
    const { db } = database!;
    const terminated: number[] = [];
    let armed = true;
    // Between the quest statement and the task statement, kill the backend holding the open transaction
    // (from another pooled connection) and wait until it is gone.
    const killer = afterQuestWrite(async () => {
      if (!armed) return;
      armed = false;
      const { rows } = await sql<{ pid: number; gone: boolean }>`
        select pid, pg_terminate_backend(pid, 10000) as gone from pg_stat_activity
        where datname = current_database() and state = 'idle in transaction' and pid <> pg_backend_pid()`.execute(db);
      for (const row of rows) if (row.gone) terminated.push(row.pid);
    });
    const repository = createKyselyRepository(db.withPlugin(killer));
    const payload = toCoursePayload(buildCoursePayload({ spark_course_id: 'course_killed', assignments: buildAssignments(25) }));

    await expect(syncCourse(repository, payload)).rejects.toThrow();
    expect(terminated).toHaveLength(1);
    expect(await repository.findCourse({ platform: 'spark', orgId: payload.orgId, courseId: 'course_killed' })).toBeUndefined();
    const { rows } = await sql<{ quests: number; tasks: number }>`
      select (select count(*) from quests)::int as quests, (select count(*) from quest_sample_tasks)::int as tasks`.execute(db);
    expect(rows[0]).toEqual({ quests: 0, tasks: 0 });

    // Same pool: the dead client was dropped, the next sync gets a live one.
    const next = await syncCourse(repository, payload);
    expect(next).toMatchObject({ created: true, taskCount: 25, tasksCreated: 25 });
    expect(uncaught, 'errors of the dead connection escaped as uncaught exceptions').toEqual([]);
  });
});
