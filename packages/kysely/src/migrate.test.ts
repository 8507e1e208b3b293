import { isCourseSyncError } from '@coursesync/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from './migrate';
import { describeEachDialect } from './test-support/dialects';
import { describeSchema, insertQuest } from './test-support/optio-fixture';
import { createTestDatabase, type TestDatabase } from './testing';

describeEachDialect('migrateToLatest on an empty database', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ dialect, migrate: false });
    await migrateToLatest(database.db);
  });
  afterAll(() => database?.destroy());

  it('creates both tables with the unique keys, in migration tables of its own', async () => {
    const schema = await describeSchema(database.db);
    expect(schema.columns).toEqual(
      expect.arrayContaining([
        'quests.lms_org_id character varying YES ',
        'quests.is_active boolean YES true',
        'quest_sample_tasks.due_date timestamp with time zone YES ',
        'quest_sample_tasks.xp_value integer YES 100',
      ]),
    );
    expect(schema.indexes.join('\n')).toContain('UNIQUE INDEX quests_lms_course_key ON public.quests USING btree (lms_platform, lms_org_id, lms_course_id)');
    expect(schema.indexes.join('\n')).toContain(
      'UNIQUE INDEX quest_sample_tasks_spark_assignment_key ON public.quest_sample_tasks USING btree (quest_id, spark_assignment_id)',
    );
    const { rows } = await sql<{ name: string }>`select name from coursesync_migration order by name`.execute(database.db);
    expect(rows.map((row) => row.name)).toEqual(['0001_optio_tables', '0002_lms_unique_keys']);
    const lock = await sql<{ is_locked: number }>`select is_locked from coursesync_migration_lock`.execute(database.db);
    expect(lock.rows).toEqual([{ is_locked: 0 }]);
  });

  it("enforces Optio's CHECK constraints on quest_type, pillar and xp_value", async () => {
    await expect(insertQuest(database.db, { title: 'Bad type', quest_type: 'lecture' })).rejects.toThrow(/quests_quest_type_check/);
    const questId = await insertQuest(database.db, { title: 'Good' });
    const task = (row: Record<string, unknown>) =>
      database.db.insertInto('quest_sample_tasks').values({ quest_id: questId, title: 'T', pillar: 'stem', ...row }).execute();
    await expect(task({ pillar: 'math' })).rejects.toThrow(/quest_sample_tasks_pillar_check/);
    await expect(task({ xp_value: 0 })).rejects.toThrow(/quest_sample_tasks_xp_value_check/);
    await expect(task({ pillar: 'art', xp_value: 5 })).resolves.toBeDefined();
  });

  it('is a no-op when run again', async () => {
    const before = await describeSchema(database.db);
    await migrateToLatest(database.db);
    expect(await describeSchema(database.db)).toEqual(before);
  });

  it('migration-error-is-clear: a database error surfaces as a MigrationError naming the migration', async () => {
    const other = await createTestDatabase({ dialect, migrate: false });
    try {
      // A `quests` that is not Optio's, without an id: quest_sample_tasks cannot reference it.
      await sql`create table quests (title text)`.execute(other.db);
      const failure = await migrateToLatest(other.db).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isCourseSyncError(failure)).toBe(true);
      expect(failure).toMatchObject({ name: 'MigrationError', migrationName: '0001_optio_tables', code: 'CONFIGURATION_ERROR' });
      expect((failure as Error).message).toMatch(/^coursesync migration 0001_optio_tables failed: .+; fix the cause, then run the migrations again\.$/);
    } finally {
      await other.destroy();
    }
  });
});
