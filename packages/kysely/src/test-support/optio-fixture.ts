import { sql, type Kysely } from 'kysely';

/**
 * Optio's tables as they are before this package: its columns and CHECK constraints (SPEC 6) plus a column
 * of Optio's own we never touch, and no `lms_org_id`, `due_date` or unique indexes.
 */
export async function createOptioTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table quests (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      description text,
      quest_type varchar(100) not null check (quest_type in ('optio', 'course', 'class')),
      is_active boolean default true,
      is_public boolean default false,
      organization_id uuid,
      lms_platform varchar(50),
      lms_course_id varchar(255),
      big_idea text,
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    )`.execute(db);
  await sql`
    create table quest_sample_tasks (
      id uuid primary key default gen_random_uuid(),
      quest_id uuid not null references quests (id) on delete cascade,
      title text not null,
      description text,
      pillar text not null check (pillar in ('stem', 'wellness', 'communication', 'civics', 'art')),
      xp_value integer default 100 check (xp_value > 0),
      order_index integer default 0,
      spark_assignment_id varchar(255),
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    )`.execute(db);
}

/** Inserts a quest row (Optio's columns) and returns its id. */
export async function insertQuest(db: Kysely<any>, row: Record<string, unknown>): Promise<string> {
  const inserted = await db
    .insertInto('quests')
    .values({ quest_type: 'course', created_at: new Date('2024-01-01T00:00:00Z'), updated_at: new Date('2024-01-01T00:00:00Z'), ...row })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id as string;
}

/** Inserts a task row of `questId`. */
export async function insertTask(db: Kysely<any>, questId: string, row: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('quest_sample_tasks')
    .values({ quest_id: questId, pillar: 'stem', created_at: new Date('2024-01-01T00:00:00Z'), updated_at: new Date('2024-01-01T00:00:00Z'), ...row })
    .execute();
}

/** Every row of both tables as JSON, ordered by id: what "untouched" is checked against. */
export async function snapshotRows(db: Kysely<any>, questIds: readonly string[]): Promise<unknown[]> {
  const { rows } = await sql<{ row: unknown }>`
    select to_jsonb(q) || jsonb_build_object('tasks', (
      select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]'::jsonb) from quest_sample_tasks t where t.quest_id = q.id)) as row
    from quests q where q.id in (${sql.join(questIds)}) order by q.id`.execute(db);
  return rows.map((row) => row.row);
}

/** Columns and constraints of the two tables, to prove a migration added only what was missing. */
export async function describeSchema(db: Kysely<any>): Promise<{ columns: string[]; constraints: string[]; indexes: string[] }> {
  const columns = await sql<{ name: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as name
    from information_schema.columns where table_name in ('quests', 'quest_sample_tasks') and table_schema = current_schema()`.execute(db);
  const constraints = await sql<{ name: string }>`
    select conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) as name
    from pg_constraint where conrelid in ('quests'::regclass, 'quest_sample_tasks'::regclass)`.execute(db);
  const indexes = await sql<{ name: string }>`
    select indexdef as name from pg_indexes where tablename in ('quests', 'quest_sample_tasks') and schemaname = current_schema()`.execute(db);
  // Sorted here, not in SQL: the server's collation may order differently from JavaScript.
  const names = (result: { rows: Array<{ name: string }> }) => result.rows.map((row) => row.name).sort();
  return { columns: names(columns), constraints: names(constraints), indexes: names(indexes) };
}
