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
