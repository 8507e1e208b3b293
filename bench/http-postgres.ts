import { DEFAULT_WEBHOOK_PATH, signBody, SIGNATURE_HEADER } from '@coursesync/core';
import { openBenchDatabase } from './bench-database';
import { BENCH_SECRET } from './bench-server-config';
import { expectOk, withServer, type ChildServer } from './child-server';
import type { LoadOptions, LoadResult } from './load';
import { wireCourse } from './payloads';

/** Assignments per course in every HTTP load. */
export const HTTP_ASSIGNMENTS = 20;
/** Courses the "resends" load rotates through. */
const ROTATED_COURSES = 50;

/** One row of the HTTP table. */
export interface HttpRow {
  readonly framework: 'fastify' | 'express';
  readonly route: string;
  readonly result: LoadResult;
  readonly isCeiling?: boolean;
}

type SignedBody = { body: string; headers: Record<string, string> };

/**
 * The webhook of `framework` on a fresh Postgres database: identical resends (rotating through
 * {@link ROTATED_COURSES} existing courses, then of one single course), and creates of new courses.
 */
export async function postgresRows(
  framework: HttpRow['framework'],
  serverUrl: string,
  load: (server: ChildServer, extra: Partial<LoadOptions>) => Promise<LoadResult>,
): Promise<HttpRow[]> {
  const database = await openBenchDatabase('postgres', serverUrl);
  const tag = `${framework}_${Date.now().toString(36)}`;
  const rows: HttpRow[] = [];
  try {
    const config = { framework, repository: 'postgres', connectionString: database.connectionString, secret: BENCH_SECRET } as const;
    await withServer(config, async (server) => {
      const courses = Array.from({ length: ROTATED_COURSES }, (_, index) => signed(JSON.stringify(wireCourse(`bench_resend_${tag}_${index}`, HTTP_ASSIGNMENTS))));
      for (const course of courses) await expectOk(server, DEFAULT_WEBHOOK_PATH, course.body, course.headers);
      let turn = 0;
      const rotate = () => courses[turn++ % courses.length] as SignedBody;
      rows.push({ framework, route: `webhook, Postgres: identical resends (${HTTP_ASSIGNMENTS} assignments, ${ROTATED_COURSES} courses in turn)`, result: await load(server, { next: rotate }) });
      const one = courses[0] as SignedBody;
      rows.push({ framework, route: `webhook, Postgres: identical resends of one course (queued on its row lock)`, result: await load(server, { body: one.body, headers: one.headers }) });
      rows.push({ framework, route: `webhook, Postgres: creates (${HTTP_ASSIGNMENTS} assignments, a new course id each)`, result: await load(server, { next: creates(tag) }) });
    });
  } finally {
    await database.destroy();
  }
  return rows;
}

/** Per request: a new course id in the same course, signed here (as SPARK would, and at the load's cost). */
function creates(tag: string): () => SignedBody {
  const template = JSON.stringify(wireCourse('COURSE_ID_PLACEHOLDER', HTTP_ASSIGNMENTS));
  let count = 0;
  return () => {
    count += 1;
    return signed(template.replace('COURSE_ID_PLACEHOLDER', `bench_create_${tag}_${count}`));
  };
}

function signed(body: string): SignedBody {
  return { body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, BENCH_SECRET) } };
}
