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

export type SizeResults = Record<Engine, Samples>;

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
 * Why the 20× target was missed, from this run's numbers: the baseline pays a round trip and a commit per
 * row, ours pays Postgres' own per-row work once; their quotient bounds the speedup however large the course.
 */
export function speedupMissNote(results: Map<number, SizeResults>): string {
  const one = results.get(1);
  const cell = results.get(200);
  if (!one || !cell) return '';
  const ours = percentile(cell.ours.times.create, 50);
  const oursOne = percentile(one.ours.times.create, 50);
  const baseline = percentile(cell.baseline.times.create, 50);
  const perStatement = baseline / Math.max(...cell.baseline.statements.create);
  const perRow = (ours - oursOne) / 199;
  return [
    '**Postgres 20× target missed: what limits it.** The baseline\'s create of 200 assignments costs',
    `${formatMs(perStatement)} ms per statement here (a round trip, and a commit of its own since there is no transaction),`,
    `ours ${formatMs(oursOne)} ms for the fixed part (4 statements, one commit) plus ${formatMs(perRow * 1_000)} µs per`,
    `assignment (${formatMs(oursOne)} ms at 1, ${formatMs(ours)} ms at 200), so the speedup tends to`,
    `${formatRatio(perStatement / perRow, '×')} for large courses and is ${formatRatio(baseline / ours, '×')} at 200.`,
    'Most of the per-assignment part is Postgres\' own work for each new task row: EXPLAIN ANALYZE of the tasks statement at',
    '200 rows during development (not part of this run) showed about 5 ms in all: 2.6 ms inserting (heap and two indexes), 1 ms',
    'of foreign-key checks (one trigger call per row), 0.4 ms of ON CONFLICT arbitration and 0.5 to 1 ms of planning. The',
    'baseline pays the same row work on top of its round trips. The ratio therefore grows with the cost of a round trip and a commit: on this',
    'machine a commit is cheap, where a networked database (Optio makes one Supabase REST call per step) costs a millisecond',
    'or more per statement.',
  ].join(' ');
}
