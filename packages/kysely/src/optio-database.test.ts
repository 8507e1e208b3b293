import { syncCourse } from '@coursesync/core';
import { biology101, toCoursePayload } from '@coursesync/core/testing';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKyselyRepository } from './kysely-repository';
import { migrateToLatest } from './migrate';
import { describeEachDialect } from './test-support/dialects';
import { createOptioTables, describeSchema, insertQuest, insertTask, snapshotRows } from './test-support/optio-fixture';
import { createTestDatabase, type TestDatabase } from './testing';

describeEachDialect('migrating an existing Optio database', (dialect) => {
  let database: TestDatabase;
  // Each test starts from an empty database of its own (created in a hook: starting PGlite can be slow).
  beforeEach(async () => {
    database = await createTestDatabase({ dialect, migrate: false });
  });
  afterEach(() => database?.destroy());

  it('admin-quest-untouched: migrating adds only what is missing, and a sync of the same course id creates its own quest', async () => {
    const { db } = database;
    await createOptioTables(db);
    const adminQuest = await insertQuest(db, {
      title: 'Biology 101 (admin copy)', description: 'Made by hand', lms_course_id: biology101.spark_course_id,
      is_public: true, big_idea: 'Cells', organization_id: '00000000-0000-4000-8000-000000000001',
    });
    await insertTask(db, adminQuest, { title: 'Admin lab', spark_assignment_id: 'assign_bio_001', pillar: 'art', xp_value: 250, order_index: 4 });
    await insertTask(db, adminQuest, { title: 'Admin reflection', order_index: 1 });
    const optioQuest = await insertQuest(db, { title: 'Explore the city', quest_type: 'optio' });
    const canvasQuest = await insertQuest(db, { title: 'Canvas class', quest_type: 'class', lms_platform: 'canvas', lms_course_id: biology101.spark_course_id });
    const ids = [adminQuest, optioQuest, canvasQuest];
    const schemaBefore = await describeSchema(db);
    const rowsBefore = await snapshotRows(db, ids);

    await migrateToLatest(db);

    const schemaAfter = await describeSchema(db);
    expect(schemaAfter.columns).toEqual(
      [...schemaBefore.columns, 'quests.lms_org_id character varying YES ', 'quest_sample_tasks.due_date timestamp with time zone YES '].sort(),
    );
    expect(schemaAfter.constraints).toEqual(schemaBefore.constraints);
    expect(schemaAfter.indexes).toHaveLength(schemaBefore.indexes.length + 2);
    const withNewColumns = (rowsBefore as Array<Record<string, unknown> & { tasks: Array<Record<string, unknown>> }>).map((row) => ({
      ...row, lms_org_id: null, tasks: row.tasks.map((task) => ({ ...task, due_date: null })),
    }));
    expect(await snapshotRows(db, ids)).toEqual(withNewColumns);

    const repository = createKyselyRepository(db);
    const first = await syncCourse(repository, toCoursePayload(biology101));
    expect(first).toMatchObject({ created: true, taskCount: 3, tasksCreated: 3 });
    expect(ids).not.toContain(first.questId);
    const resend = await syncCourse(repository, toCoursePayload(biology101));
    expect(resend).toMatchObject({ questId: first.questId, created: false, tasksUnchanged: 3 });
    expect(await snapshotRows(db, ids)).toEqual(withNewColumns);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from quests`.execute(db);
    expect(rows[0]?.n).toBe(4);
  });

  it('duplicate-keys-stop-migration: rows that break a new unique index fail the migration with their keys', async () => {
    const { db } = database;
    await createOptioTables(db);
    // Someone already added lms_org_id by hand, and two quests share a key.
    await sql`alter table quests add column lms_org_id varchar(255)`.execute(db);
    const twin = { lms_platform: 'spark', lms_org_id: '24', lms_course_id: 'course_twin' };
    await insertQuest(db, { title: 'Twin A', ...twin });
    await insertQuest(db, { title: 'Twin B', ...twin });
    // Optio's current code creates two tasks for a repeated assignment id.
    const quest = await insertQuest(db, { title: 'Legacy', lms_course_id: 'course_legacy' });
    for (const id of ['assign_1', 'assign_1', 'assign_2', 'assign_2', 'assign_2', 'assign_3']) await insertTask(db, quest, { title: id, spark_assignment_id: id });
    await insertTask(db, quest, { title: 'No id' });
    await insertTask(db, quest, { title: 'No id either' });

    await expect(migrateToLatest(db)).rejects.toMatchObject({
      name: 'MigrationError',
      migrationName: '0002_lms_unique_keys',
      message: expect.stringContaining('1 key(s) of quests (lms_platform, lms_org_id, lms_course_id) are used by more than one row: ("spark", "24", "course_twin") ×2;'),
    });
    // The whole run rolled back: no bookkeeping row, no new column.
    expect((await describeSchema(db)).columns.some((column) => column.startsWith('quest_sample_tasks.due_date'))).toBe(false);

    await db.deleteFrom('quests').where('title', '=', 'Twin B').execute();
    await expect(migrateToLatest(db)).rejects.toMatchObject({
      message: expect.stringContaining(
        `2 key(s) of quest_sample_tasks (quest_id, spark_assignment_id) are used by more than one row: ("${quest}", "assign_1") ×2, ("${quest}", "assign_2") ×3; merge or delete the duplicate rows, then run the migrations again.`,
      ),
    });

    await sql`delete from quest_sample_tasks a using quest_sample_tasks b where a.spark_assignment_id = b.spark_assignment_id and a.id > b.id`.execute(db);
    await migrateToLatest(db);
    expect((await describeSchema(db)).indexes.join('\n')).toContain('quest_sample_tasks_spark_assignment_key');
  });
});
