import { afterAll, beforeAll, describe } from 'vitest';
import type { RepositoryHarness } from './conformance-context';
import { describeSyncGuarantees } from './conformance-guarantees';
import { describeQuestRules } from './conformance-quests';
import { describeTaskRules } from './conformance-tasks';

export type { RepositoryHarness } from './conformance-context';

/**
 * The conformance suite every `CourseSyncRepository` must pass (SPEC 5), written once and run against the
 * memory repository, PGlite and Postgres. It drives the repository through `syncCourse` and asserts on the
 * rows `findCourse` returns and on the sync results. `setup` runs once per suite; each test uses its own
 * random org and course ids, so the suite can share a database with other data. Needs vitest.
 *
 * @example
 * ```ts
 * describeRepositoryConformance('memory', async () => {
 *   const repository = createMemoryRepository()
 *   const failingRepository = repository.withOptions({ beforeTaskWrites: () => { throw new Error('injected') } })
 *   return { repository, failingRepository, close: async () => {} }
 * })
 * ```
 */
export function describeRepositoryConformance(name: string, setup: () => Promise<RepositoryHarness>): void {
  // Generous limits: the same suite runs on a busy shared Postgres; nothing in it depends on timing.
  describe(`repository conformance: ${name}`, { timeout: 60_000 }, () => {
    let harness: RepositoryHarness | undefined;
    beforeAll(async () => {
      harness = await setup();
    }, 120_000);
    afterAll(async () => {
      await harness?.close();
    }, 60_000);
    const current = (): RepositoryHarness => {
      if (!harness) throw new Error(`The setup of repository conformance suite "${name}" did not finish; see its error above.`);
      return harness;
    };

    describe('quests', () => describeQuestRules(current));
    describe('tasks', () => describeTaskRules(current));
    describe('guarantees', () => describeSyncGuarantees(current));
  });
}
