import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Creates Optio's `quests` and `quest_sample_tasks` (columns, defaults, CHECKs as Optio has them) when they
 * do not exist, then adds the columns an older Optio database may lack — among them our `lms_org_id` and
 * `due_date`. `if not exists` everywhere: an existing column, constraint or row is never altered.
 */
export const optioTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table if not exists quests (
        id uuid primary key default gen_random_uuid(),
        title text not null,
        description text,
        quest_type varchar(100) not null
          constraint quests_quest_type_check check (quest_type in ('optio', 'course', 'class')),
        is_active boolean default true,
        is_public boolean default false,
        organization_id uuid,
        lms_platform varchar(50),
        lms_course_id varchar(255),
        lms_org_id varchar(255),
        created_at timestamptz default now(),
        updated_at timestamptz default now()
      )`.execute(db);
    await sql`
      alter table quests
        add column if not exists is_active boolean default true,
        add column if not exists is_public boolean default false,
        add column if not exists organization_id uuid,
        add column if not exists lms_platform varchar(50),
        add column if not exists lms_course_id varchar(255),
        add column if not exists lms_org_id varchar(255),
        add column if not exists created_at timestamptz default now(),
        add column if not exists updated_at timestamptz default now()`.execute(db);
    await sql`
      create table if not exists quest_sample_tasks (
        id uuid primary key default gen_random_uuid(),
        quest_id uuid not null references quests (id) on delete cascade,
        title text not null,
        description text,
        pillar text not null
          constraint quest_sample_tasks_pillar_check check (pillar in ('stem', 'wellness', 'communication', 'civics', 'art')),
        xp_value integer default 100 constraint quest_sample_tasks_xp_value_check check (xp_value > 0),
        order_index integer default 0,
        spark_assignment_id varchar(255),
        due_date timestamptz,
        created_at timestamptz default now(),
        updated_at timestamptz default now()
      )`.execute(db);
    await sql`
      alter table quest_sample_tasks
        add column if not exists description text,
        add column if not exists xp_value integer default 100,
        add column if not exists order_index integer default 0,
        add column if not exists spark_assignment_id varchar(255),
        add column if not exists due_date timestamptz,
        add column if not exists created_at timestamptz default now(),
        add column if not exists updated_at timestamptz default now()`.execute(db);
  },
};
