import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, serverVersion } from './bench-database';
import { installInterruptHandlers, interruption } from './cleanup';
import { runHttpBench } from './http';
import { describeMachine, loadAverage } from './machine';
import { runMemoryBench } from './memory';
import type { BenchContext, BenchSection } from './report';
import { runSignatureBench } from './signature';
import { markdownTable } from './stats';
import { runSyncBench } from './sync';

const BENCHMARKS = {
  sync: runSyncBench,
  http: runHttpBench,
  signature: runSignatureBench,
  memory: runMemoryBench,
} satisfies Record<string, (context: BenchContext) => Promise<BenchSection>>;
type BenchName = keyof typeof BENCHMARKS;

const USAGE = `Usage: pnpm bench [-- options]

  --only <names>  run only these benchmarks (comma-separated or repeated): ${Object.keys(BENCHMARKS).join(', ')}
  --quick         a very short smoke run (numbers not meant to be read)
  --out <file>    where to write the report; default bench/RESULTS.md for a full run,
                  bench/RESULTS.partial.md with --only or --quick
  -h, --help      this text

Postgres: DATABASE_URL (default ${DEFAULT_DATABASE_URL}); each benchmark creates a database of its own and drops it.`;

async function main(): Promise<void> {
  // `pnpm bench -- --only sync` hands the script a literal `--`; parseArgs would treat what follows as positionals.
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const { values } = parseArgs({
    args,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const selected = selectBenchmarks(values.only);
  const quick = values.quick ?? false;
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  installInterruptHandlers(log);
  const databaseUrl = await reachablePostgres(process.env.DATABASE_URL, log);
  const context: BenchContext = { quick, databaseUrl, log };

  const startedAt = new Date();
  const loadBefore = loadAverage();
  const machine = await describeMachine(databaseUrl);
  const sections: BenchSection[] = [];
  let failed = false;
  for (const name of selected) {
    const began = performance.now();
    log(`${name}: starting`);
    if (interruption.interrupted) break;
    try {
      sections.push(await BENCHMARKS[name](context));
    } catch (error) {
      failed = true;
      log(`${name}: failed: ${(error as Error).stack ?? String(error)}`);
      sections.push({ title: name, markdown: `Failed: ${(error as Error).message}`, targets: [] });
    }
    log(`${name}: done in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
  const elapsed = (Date.now() - startedAt.getTime()) / 1000;

  const command = ['pnpm bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
  const report = [
    '# Benchmark results',
    '',
    `Command: \`${command}\`${quick ? ' (smoke run: too short for the numbers to mean anything)' : ''}  `,
    `Date: ${startedAt.toISOString()}; took ${elapsed.toFixed(0)} s.`,
    '',
    'The machine may be shared and busy: absolute numbers are noisy. What counts are the ratios, each measured',
    'within this one run (ours against the baseline or the ceiling, side by side).',
    '',
    '## Machine',
    '',
    markdownTable(
      ['CPU', 'cores', 'memory', 'Node', 'Postgres', 'PGlite', 'load average 1/5/15 min (start → end)'],
      [[machine.cpu, String(machine.cores), machine.memory, machine.node, machine.postgres, machine.pglite, `${loadBefore} → ${loadAverage()}`]],
      7,
    ),
    '',
    '## Targets (issue 6)',
    '',
    markdownTable(
      ['target', 'measured', 'result'],
      sections.flatMap((section) => section.targets.map((target) => [target.target, target.measured, `**${target.status}**`])),
      3,
    ),
    ...sections.flatMap((section) => ['', `## ${section.title}`, '', section.markdown]),
    '',
  ].join('\n');

  if (interruption.interrupted) return;
  const out = values.out ?? new URL(quick || values.only ? './RESULTS.partial.md' : './RESULTS.md', import.meta.url).pathname;
  writeFileSync(out, report);
  process.stdout.write(report);
  log(`report written to ${out}`);
  if (failed) process.exitCode = 1;
}

function selectBenchmarks(only: readonly string[] | undefined): BenchName[] {
  if (!only) return Object.keys(BENCHMARKS) as BenchName[];
  const names = only.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`Unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}.`);
  return [...new Set(names)] as BenchName[];
}

/**
 * The Postgres URL when its server answers. A `DATABASE_URL` that was set must work (throws otherwise); when
 * the default server is not there, the Postgres parts are skipped and their targets reported NOT RUN.
 */
async function reachablePostgres(configured: string | undefined, log: (message: string) => void): Promise<string | undefined> {
  const url = configured ?? DEFAULT_DATABASE_URL;
  try {
    await serverVersion(url);
    return url;
  } catch (error) {
    const reason = `Postgres at ${new URL(url).host} is unreachable (${(error as Error).message})`;
    if (configured) throw new Error(`${reason}; fix DATABASE_URL, or unset it to skip the Postgres parts when the default server is down.`);
    log(`${reason}; skipping the Postgres parts.`);
    return undefined;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 1;
});
