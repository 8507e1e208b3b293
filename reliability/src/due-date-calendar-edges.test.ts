import { createWebhookHandler, silentLogger, signBody, type WebhookHandler } from '@coursesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from './delivery-world';
import { DIALECTS, openTarget, type RepositoryTarget } from './targets';

// Found by this suite's generators, pinned here by name: SPEC 4 accepts any RFC 3339 date-time from year
// 0001 to 9999 with an offset, and SPEC 3.2 says a payload problem is never a 5xx.

describe.each(DIALECTS)('due dates at the edges of the calendar on %s', (dialect) => {
  let target: RepositoryTarget;
  let handle: WebhookHandler;
  let courses = 0;
  beforeAll(async () => {
    target = await openTarget(dialect);
    handle = createWebhookHandler({ secret: SECRET, repository: target.repository, logger: silentLogger });
  });
  afterAll(() => target?.close());

  async function deliverDueDate(dueDate: string) {
    const courseId = `edge-${Date.now()}-${(courses += 1)}`;
    const body = JSON.stringify({ spark_org_id: 'edges', spark_course_id: courseId, course_title: 'Edges', assignments: [{ spark_assignment_id: 'a', title: 'A', due_date: dueDate }] });
    const response = await handle({ headers: { 'x-spark-signature': signBody(body, SECRET) }, rawBody: body });
    const stored = await target.repository.findCourse({ platform: 'spark', orgId: 'edges', courseId });
    return { status: response.status, code: (JSON.parse(response.body) as { code?: string }).code, stored };
  }

  // '0001-01-01T00:00:00+14:00' is 0000-12-31T10:00Z (year 0, which Postgres rejects as written by
  // toISOString); '9999-12-31T23:59:59-14:00' is +010000-01-01T13:59:59Z (which Postgres reads as a bad offset).
  it.each(['0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00', '0001-01-01T00:00:00.000+00:01'])(
    'due-date-outside-storable-range-5xx: %s is refused with a 400 or stored as that exact instant, never a 500',
    async (dueDate) => {
      const { status, code, stored } = await deliverDueDate(dueDate);
      expect([200, 400], `got ${status} ${code}`).toContain(status);
      if (status === 400) expect({ code, stored }).toEqual({ code: 'INVALID_PAYLOAD', stored: undefined });
      else expect(stored?.tasks[0]?.dueDate?.getTime()).toBe(new Date(dueDate).getTime());
    },
  );

  // PGlite's timestamptz parser reads '0050-06-01 00:00:00+00' as 1950: findCourse would report a wrong date.
  it.each(['0001-01-01', '0050-06-01T12:00:00+02:00', '0099-12-31T23:59:59.999Z', '0100-01-01'])(
    'early-year-due-date-readback: %s reads back as the instant that was written',
    async (dueDate) => {
      const { status, stored } = await deliverDueDate(dueDate);
      expect(status).toBe(200);
      expect(stored?.tasks[0]?.dueDate?.toISOString()).toBe(new Date(dueDate).toISOString());
    },
  );
});
