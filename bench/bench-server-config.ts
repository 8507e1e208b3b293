/** What `bench-server.ts` (the child process) serves; passed as JSON in `BENCH_SERVER`. */
export interface BenchServerConfig {
  readonly framework: 'fastify' | 'express';
  /** The webhook's repository: in memory, or the Postgres database at `connectionString`. */
  readonly repository: 'memory' | 'postgres';
  readonly connectionString?: string;
  readonly secret: string;
}

/** The ceiling: a bare route that parses the same JSON body with the framework's own parser. */
export const BARE_PATH = '/bare';

/** The webhook secret of every bench server. */
export const BENCH_SECRET = 'coursesync-bench-secret';

/** The fixed quest id of the bare route's reply (a UUID, so the reply is the webhook's size). */
const BARE_QUEST_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The bare route's reply: the webhook's success body for a resend of the same course, built from the parsed
 * request so that the work cannot be skipped, and so of the same size.
 */
export function bareReply(body: { course_title?: unknown; assignments?: unknown }): Record<string, unknown> {
  const tasks = Array.isArray(body.assignments) ? body.assignments.length : 0;
  return {
    success: true,
    quest_id: BARE_QUEST_ID,
    task_count: tasks,
    message: `Quest '${String(body.course_title)}' synced successfully`,
    created: false,
    tasks_created: 0,
    tasks_updated: 0,
    tasks_unchanged: tasks,
  };
}
