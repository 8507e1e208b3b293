import { createWebhookHandler, silentLogger, type WebhookHandler } from '@coursesync/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandArbs } from './command-arbitraries';
import { deliver, newSlots, newStats, newWorldModel, SECRET, type WorldReal } from './delivery-world';
import { DIALECTS, openTarget, type RepositoryTarget, SOAK_FACTOR } from './targets';
import { MAX_GENERATED_ASSIGNMENTS } from './wire-arbitraries';

// SPEC 9: "thousands of generated payloads never produce a 5xx", and after every step of a generated
// sequence the database equals a small model of SPEC 5 (src/model.ts).

const SEQUENCE_RUNS = 60 * SOAK_FACTOR;
const MAX_STEPS = 40;
/** At least this many malformed bodies; more when the sequences fell short of the bar below. */
const GARBAGE_RUNS = 1_000 * SOAK_FACTOR;
/** What `pnpm test` must have exercised per dialect: the bar. */
const MIN_DELIVERIES = 2_000 * SOAK_FACTOR;
const TIMEOUT = 240_000 * SOAK_FACTOR;

describe.each(DIALECTS)('generated deliveries through the handler on %s', (dialect) => {
  const stats = newStats();
  let target: RepositoryTarget;
  let handle: WebhookHandler;
  beforeAll(async () => {
    target = await openTarget(dialect);
    // One assignment over the generated maximum, so "too many assignments" is cheap to generate.
    handle = createWebhookHandler({ secret: SECRET, repository: target.repository, logger: silentLogger, maxAssignments: MAX_GENERATED_ASSIGNMENTS + 1 });
  });
  afterAll(async () => {
    await target?.close();
    const outcomes = [...stats.outcomes].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${outcome}: ${n}`);
    console.log(
      `[reliability] generated deliveries on ${dialect}: ${stats.runs} runs, ${stats.deliveries} deliveries ` +
        `(${stats.accepted} accepted and matched the model, ${stats.refused} refused with a 400 and wrote nothing), 0 5xx\n  ${outcomes.join('\n  ')}`,
    );
  });

  it('model-divergence: after every step of a generated sequence the database and the 200 equal the SPEC 5 model, and invalid steps get a 400 and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: MAX_STEPS, size: 'max' }), async (commands) => {
        stats.runs += 1;
        const real: WorldReal = { handle, findCourse: (key) => target.repository.findCourse(key), slots: newSlots(), snapshots: new Map(), stats };
        await fc.asyncModelRun(() => ({ model: newWorldModel(), real }), commands);
      }),
      { numRuns: SEQUENCE_RUNS },
    );
  }, TIMEOUT);

  it('generated-payload-5xx: no signed body at all, however malformed, gets a 5xx', async () => {
    const real: WorldReal = { handle, findCourse: (key) => target.repository.findCourse(key), slots: newSlots(), snapshots: new Map(), stats };
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 96 }),
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ spark_org_id: 'garbage', spark_course_id: 'garbage', course_title: value, assignments: [value] })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (rawBody) => {
        stats.runs += 1;
        const { status, text } = await deliver(real, rawBody);
        expect([200, 400]).toContain(status);
        if (status === 200) stats.accepted += 1;
        else stats.refused += 1;
        expect(JSON.parse(text)).toBeTypeOf('object');
      }),
      // Sequences vary in length; malformed bodies (cheap: refused before the database) make up the rest.
      { numRuns: Math.max(GARBAGE_RUNS, MIN_DELIVERIES - stats.deliveries) },
    );
  }, TIMEOUT);

  it(`generated-deliveries-count: at least ${MIN_DELIVERIES} deliveries were generated and checked`, () => {
    expect(stats.deliveries).toBeGreaterThanOrEqual(MIN_DELIVERIES);
  });
});
