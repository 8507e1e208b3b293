/** What every benchmark hands back to `run.ts`. */

/** One target of issue 6 and how this run did against it. */
export interface TargetResult {
  readonly target: string;
  /** What was measured, e.g. `24.1× (ours 3.1 ms, baseline 75 ms)`. */
  readonly measured: string;
  /** `NOT RUN` when the benchmark it needs was skipped or could not run (for example no Postgres). */
  readonly status: 'PASS' | 'MISS' | 'NOT RUN';
}

/** A benchmark's section of RESULTS.md. */
export interface BenchSection {
  readonly title: string;
  /** Markdown body: tables and short notes. */
  readonly markdown: string;
  readonly targets: readonly TargetResult[];
}

/** Run-wide settings every benchmark receives. */
export interface BenchContext {
  /** A very short smoke run: fewer iterations, shorter loads. The numbers are not meant to be read. */
  readonly quick: boolean;
  /** Postgres server to create the bench databases on, or `undefined` to skip Postgres. */
  readonly databaseUrl: string | undefined;
  /** Prints progress to stderr (stdout carries the report). */
  readonly log: (message: string) => void;
}

/** PASS when `ok`, else MISS. */
export function judge(target: string, measured: string, ok: boolean): TargetResult {
  return { target, measured, status: ok ? 'PASS' : 'MISS' };
}
