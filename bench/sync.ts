import { syncCourse, type CourseSyncRepository, type CourseSyncResult } from '@coursesync/core';
import { createKyselyRepository } from '@coursesync/kysely';
import { createPerRowRepository } from './baseline/per-row-repository';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { timeTaskRowsAlone } from './floor';
import { courseOf } from './payloads';
import type { BenchContext, BenchSection, TargetResult } from './report';
import { boundTable, label, PHASES, resultTable, SIZES, SPEEDUP_TARGET, speedupMissNote, speedupTarget, statementTarget, statementTargetName, type Engine, type Phase, type Samples, type SizeResults } from './sync-report';

/** Measured iterations per course size; 1,000 gets fewer because the baseline makes ~1,000 round trips. */
const ITERATIONS: Record<number, number> = { 1: 30, 20: 30, 200: 15, 1_000: 5 };
const WARMUP: Record<number, number> = { 1: 5, 20: 5, 200: 2, 1_000: 1 };

const BOUND_NOTE = [
  'What bounds the create speedup in this run: the same iterations also time the tasks of a new course written by one',
  'INSERT on its own (`bench/floor.ts`; autocommitted, for a quest inserted beforehand and not timed), the least any',
  'implementation that stores those rows must pay. The baseline\'s create divided by it is the most any of them could reach here.',
].join(' ');

/** Issue 6 item 1: statements and time per sync, ours against the per-row baseline, on Postgres and PGlite. */
export async function runSyncBench(context: BenchContext): Promise<BenchSection> {
  const parts: string[] = [];
  const targets: TargetResult[] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    if (kind === 'postgres' && !context.databaseUrl) {
      parts.push('### Postgres\n\nSkipped: no Postgres server answered at the default address.');
      targets.push(...notRun(kind));
      continue;
    }
    let database: BenchDatabase;
    try {
      database = await openBenchDatabase(kind, context.databaseUrl);
    } catch (error) {
      parts.push(`### ${label(kind)}\n\nSkipped: could not open the database (${(error as Error).message}).`);
      targets.push(...notRun(kind));
      continue;
    }
    try {
      const results = await benchDatabase(database, context);
      const speedup = kind === 'postgres' ? speedupTarget(results) : undefined;
      const note = speedup?.status === 'MISS' ? `\n\n${speedupMissNote(results)}` : '';
      const bound = `${BOUND_NOTE}\n\n${boundTable(results)}`;
      parts.push(`### ${label(kind)}\n\n${database.version.split(' on ')[0]}\n\n${resultTable(results)}\n\n${bound}${note}`);
      targets.push(statementTarget(kind, results), ...(speedup ? [speedup] : []));
    } finally {
      await database.destroy();
    }
  }
  const notes = [
    'Each iteration syncs a new course (create), sends it again unchanged (resend), then sends it with every',
    'assignment title changed (update), through `syncCourse` with `createKyselyRepository` (ours) or the per-row',
    'baseline in `bench/baseline/` (Optio\'s algorithm: select quest by `lms_course_id`, update or insert it,',
    'select its tasks, one update or insert per assignment, no transaction), alternating which engine goes',
    'first. Statements are counted with Kysely\'s `log` option (transaction control included); without a transaction,',
    'each baseline statement is a commit of its own, which Postgres flushes to disk. Speedup =',
    'baseline p50 / ours p50 in the same run. The baseline gets an index on `quests.lms_course_id` for its lookup,',
    'and one SQL round trip per step where Optio makes one Supabase REST call per step: it is a generous baseline.',
    `Iterations per size: ${sizes(context.quick).map((size) => `${size} → ${iterations(size, context.quick)}`).join(', ')} (after ${sizes(context.quick).map((size) => warmup(size, context.quick)).join('/')} warm-up).`,
  ].join(' ');
  return { title: 'Sync: statements and time per sync', markdown: `${notes}\n\n${parts.join('\n\n')}`, targets };
}

async function benchDatabase(database: BenchDatabase, context: BenchContext): Promise<Map<number, SizeResults>> {
  const repositories: Record<Engine, CourseSyncRepository> = {
    ours: createKyselyRepository(database.db),
    baseline: createPerRowRepository(database.db),
  };
  const runTag = Date.now().toString(36);
  const results = new Map<number, SizeResults>();
  for (const size of sizes(context.quick)) {
    context.log(`sync: ${database.dialect}, ${size} assignments`);
    const samples: SizeResults = { ours: emptySamples(), baseline: emptySamples(), taskRowsAlone: [] };
    const total = warmup(size, context.quick) + iterations(size, context.quick);
    for (let index = 0; index < total; index += 1) {
      const measured = index >= warmup(size, context.quick);
      const order: readonly Engine[] = index % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const engine of order) {
        const courseId = `bench_${engine}_${size}_${runTag}_${index}`;
        await syncPhases(database, repositories[engine], engine, courseId, size, measured ? samples[engine] : undefined);
      }
      const floor = await timeTaskRowsAlone(database, `bench_floor_${size}_${runTag}_${index}`, size);
      if (measured) samples.taskRowsAlone.push(floor);
    }
    results.set(size, samples);
  }
  return results;
}

async function syncPhases(database: BenchDatabase, repository: CourseSyncRepository, engine: Engine, courseId: string, size: number, into: Samples | undefined): Promise<void> {
  const payloads: Record<Phase, ReturnType<typeof courseOf>> = {
    create: courseOf(courseId, size),
    resend: courseOf(courseId, size),
    update: courseOf(courseId, size, 1),
  };
  for (const phase of PHASES) {
    const before = database.statements.count;
    const startedAt = performance.now();
    const result = await syncCourse(repository, payloads[phase]);
    const elapsed = performance.now() - startedAt;
    checkResult(engine, phase, size, result);
    into?.times[phase].push(elapsed);
    into?.statements[phase].add(database.statements.count - before);
  }
}

/** A bench that measures the wrong work is worse than none: every sync must do what its phase says. */
function checkResult(engine: Engine, phase: Phase, size: number, result: CourseSyncResult): void {
  const expected =
    phase === 'create'
      ? result.created && result.tasksCreated === size
      : !result.created && result.tasksCreated === 0 && (engine === 'baseline' || phase === 'update' ? result.tasksUpdated === size : result.tasksUnchanged === size);
  if (!expected || result.taskCount !== size) throw new Error(`${engine} ${phase} of ${size} assignments returned ${JSON.stringify(result)}.`);
}

function emptySamples(): Samples {
  return {
    times: { create: [], resend: [], update: [] },
    statements: { create: new Set(), resend: new Set(), update: new Set() },
  };
}

function notRun(kind: 'postgres' | 'pglite'): TargetResult[] {
  const names = kind === 'postgres' ? [statementTargetName(kind), SPEEDUP_TARGET] : [statementTargetName(kind)];
  return names.map((target) => ({ target, measured: 'not run', status: 'NOT RUN' }));
}

/** The smoke run leaves out 1,000 assignments, where the per-row baseline alone takes seconds per sync. */
function sizes(quick: boolean): readonly number[] {
  return quick ? SIZES.filter((size) => size < 1_000) : SIZES;
}

function iterations(size: number, quick: boolean): number {
  return quick ? 1 : (ITERATIONS[size] ?? 10);
}

function warmup(size: number, quick: boolean): number {
  return quick ? 0 : (WARMUP[size] ?? 1);
}
