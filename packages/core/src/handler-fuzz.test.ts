import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from './handler';
import { silentLogger } from './logger';
import { createMemoryRepository } from './memory-repository';
import { signBody } from './signature';

const SECRET = 'fuzz-secret';
const handle = createWebhookHandler({ secret: SECRET, repository: createMemoryRepository(), logger: silentLogger, maxAssignments: 4 });

// Values near the edges of SPEC 4, mixed with anything JSON can hold.
const awkward = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '\u0000', 'a\ud800', '2025-02-30', '2025-02-15', '2025-02-15T23:59:59+02:00', '0000-01-01', 'x'.repeat(256)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53, -0, true, null),
  fc.jsonValue({ maxDepth: 1 }),
);
/** Mostly a valid value, so that some deliveries get through to the sync; sometimes an awkward one. */
const field = (valid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: awkward, weight: 1 });
const assignment = fc.record(
  {
    spark_assignment_id: field(fc.constantFrom('a', 'b', 'c', 1, 2)),
    title: field(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /\S/.test(s))),
    description: field(fc.option(fc.string({ maxLength: 8 }))),
    due_date: field(fc.option(fc.constantFrom('2025-02-15', '2025-02-15T23:59:59.5-01:00'))),
  },
  { requiredKeys: ['spark_assignment_id', 'title'] },
);
const course = fc.record(
  {
    spark_org_id: field(fc.constantFrom('24', 24)),
    spark_course_id: field(fc.constantFrom('c1', 'c2')),
    course_title: field(fc.constant('Biology 101')),
    course_description: field(fc.option(fc.string({ maxLength: 8 }))),
    assignments: field(fc.array(field(assignment), { maxLength: 4 })),
  },
  { requiredKeys: ['spark_org_id', 'spark_course_id', 'course_title'] },
);

describe('generated deliveries', () => {
  it('generated-payload-5xx: no signed payload, however malformed, gets a 5xx', async () => {
    const body = fc.oneof(course.map((value) => JSON.stringify(value)), fc.json({ maxDepth: 2 }), fc.uint8Array({ maxLength: 64 }));
    await fc.assert(
      fc.asyncProperty(body, async (rawBody) => {
        const response = await handle({ headers: { 'x-spark-signature': signBody(rawBody, SECRET) }, rawBody });
        expect([200, 400]).toContain(response.status);
        const answer = JSON.parse(response.body) as { success?: boolean; code?: string };
        expect(response.status === 200 ? answer.success : answer.code).toBeTruthy();
      }),
      { numRuns: 400 },
    );
  });
});
