import { judge, type TargetResult } from './report';
import { formatMs, formatRatio, markdownTable, percentile } from './stats';

export const SIZES = [1, 20, 200, 1_000] as const;
export const PHASES = ['create', 'resend', 'update'] as const;
export type Phase = (typeof PHASES)[number];
export type Engine = 'ours' | 'baseline';

/** Times (ms) and statement counts of one engine at one course size. */
export interface Samples {
  readonly times: Record<Phase, number[]>;
  readonly statements: Record<Phase, Set<number>>;
}

export interface SizeResults extends Record<Engine, Samples> {
  /** Times (ms) of the course's task rows in one INSERT alone (`floor.ts`). */
  readonly taskRowsAlone: number[];
}

export const statementTargetName = (kind: 'postgres' | 'pglite') => `${label(kind)}: statements per sync equal for every size in every phase`;
export const SPEEDUP_TARGET = 'Postgres, 200 assignments: create ≥ 20× faster than the per-row baseline';

/** The sync table of one database: p50/p95 and statements per phase and size, ours and the baseline. */
export function resultTable(results: Map<number, SizeResults>): string {
  const rows: string[][] = [];
  for (const [size, { ours, baseline }] of results) {
    for (const phase of PHASES) {
      const oursP50 = percentile(ours.times[phase], 50);
      const baseP50 = percentile(baseline.times[phase], 50);
      rows.push([
        String(size),
        phase,
        formatMs(oursP50),
        formatMs(percentile(ours.times[phase], 95)),
        statementText(ours.statements[phase]),
        formatMs(baseP50),
        formatMs(percentile(baseline.times[phase], 95)),
        statementText(baseline.statements[phase]),
        `**${formatRatio(baseP50 / oursP50, '×')}**`,
      ]);
    }
  }
  return markdownTable(
    ['assignments', 'phase', 'ours p50 ms', 'ours p95 ms', 'ours statements', 'baseline p50 ms', 'baseline p95 ms', 'baseline statements', 'speedup (p50)'],
    rows,
    2,
  );
}

/** Per size: the baseline's create against the task rows alone, the bound that puts on any speedup, and ours. */
export function boundTable(results: Map<number, SizeResults>): string {
  const rows = [...results].map(([size, cell]) => {
    const baseline = percentile(cell.baseline.times.create, 50);
    const alone = percentile(cell.taskRowsAlone, 50);
    return [
      String(size),
      formatMs(baseline),
      formatMs(alone),
      `**${formatRatio(baseline / alone, '×')}**`,
      formatMs(percentile(cell.ours.times.create, 50)),
      formatRatio(baseline / percentile(cell.ours.times.create, 50), '×'),
    ];
  });
  return markdownTable(
    ['assignments', 'baseline create p50 ms', 'task rows alone p50 ms', 'most any implementation could reach', 'ours create p50 ms', 'ours'],
    rows,
  );
}

/** Statements per sync must not depend on the course size, in any phase. */
export function statementTarget(kind: 'postgres' | 'pglite', results: Map<number, SizeResults>): TargetResult {
  const perPhase = PHASES.map((phase) => new Set([...results.values()].flatMap(({ ours }) => [...ours.statements[phase]])));
  const equal = perPhase.every((counts) => counts.size === 1);
  const counts = PHASES.map((phase, index) => `${phase} ${statementText(perPhase[index] ?? new Set())}`).join(', ');
  const measured = `ours: ${counts} statement(s) per sync at each of ${[...results.keys()].join(', ')} assignments`;
  return judge(statementTargetName(kind), measured, equal);
}

/** At 200 assignments on Postgres, our create at least 20× the baseline's speed. */
export function speedupTarget(results: Map<number, SizeResults>): TargetResult {
  const cell = results.get(200);
  if (!cell) return { target: SPEEDUP_TARGET, measured: 'not run', status: 'NOT RUN' };
  const ours = percentile(cell.ours.times.create, 50);
  const baseline = percentile(cell.baseline.times.create, 50);
  const ratio = baseline / ours;
  return judge(
    SPEEDUP_TARGET,
    `${formatRatio(ratio, '×')} (p50 ours ${formatMs(ours)} ms, baseline ${formatMs(baseline)} ms)`,
    ratio >= 20,
  );
}

function statementText(counts: ReadonlySet<number>): string {
  return [...counts].sort((a, b) => a - b).join(' / ');
}

export function label(kind: 'postgres' | 'pglite'): string {
  return kind === 'postgres' ? 'Postgres' : 'PGlite';
}

/**
 * Why the 20× target was missed, from this run's numbers: the task rows alone, written by one INSERT, already
 * cost more than a twentieth of the baseline's create, so no implementation could reach it here.
 */
export function speedupMissNote(results: Map<number, SizeResults>): string {
  const cell = results.get(200);
  if (!cell) return '';
  const ours = percentile(cell.ours.times.create, 50);
  const baseline = percentile(cell.baseline.times.create, 50);
  const alone = percentile(cell.taskRowsAlone, 50);
  const perStatement = baseline / Math.max(...cell.baseline.statements.create);
  return [
    '**Postgres 20× target missed: what limits it.** The baseline\'s create of 200 assignments costs',
    `${formatMs(perStatement)} ms per statement here (a round trip on a local socket, and a commit of its own as there is no transaction).`,
    `Writing the 200 task rows takes ${formatMs(alone)} ms even as one INSERT on its own, so in this run no implementation that`,
    `stores them could be more than ${formatRatio(baseline / alone, '×')} faster than the baseline; ours, ${formatMs(ours)} ms for its four`,
    `statements (begin, the quest, the tasks, commit), is ${formatRatio(baseline / ours, "×")}, ${Math.round((100 * alone) / ours)}% of that bound.`,
    'The rows\' cost is Postgres\' own work per row, which the baseline pays as well on top of its round trips: EXPLAIN (ANALYZE)',
    'of that INSERT at 200 rows during development (not part of this run) showed about 0.6 ms of planning, 2.2 ms inserting the',
    'rows (heap and two index entries each, and their WAL), 1.2 ms in the foreign-key trigger that Optio\'s schema requires',
    '(one call per row) and 0.75 ms reading the JSON parameter. Tried: a plain INSERT for the tasks of a quest this',
    'transaction created instead of the compare-and-merge statement (adopted: about 1.5 ms less at 200 rows); `json` instead of',
    '`jsonb` for the parameter (adopted, within noise); five `unnest` arrays instead of one JSON parameter (about 0.2 ms less at',
    '200 rows, not adopted: a second way to pass rows for 5%); prepared statements would save the planning but Kysely sends none.',
    'The bound grows with the cost of a round trip and a commit: this database is on the same machine, where a networked one',
    '(Optio makes one Supabase REST call per step) costs a millisecond or more per statement.',
  ].join(' ');
}
