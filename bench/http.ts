import { DEFAULT_WEBHOOK_PATH, signBody, SIGNATURE_HEADER } from '@coursesync/core';
import { BARE_PATH, BENCH_SECRET } from './bench-server-config';
import { expectOk, withServer, type ChildServer } from './child-server';
import { HTTP_ASSIGNMENTS as ASSIGNMENTS, postgresRows, type HttpRow as Row } from './http-postgres';
import { runLoad, type LoadOptions, type LoadResult } from './load';
import { wireCourse } from './payloads';
import { STAGES } from './stage-routes';
import { judge, type BenchContext, type BenchSection, type TargetResult } from './report';
import { formatInt, formatMs, formatRatio, markdownTable, median } from './stats';

const FRAMEWORKS = ['fastify', 'express'] as const;
const STAGE_NOTE = [
  'Where the Fastify webhook\'s time goes, over HTTP: the same load on routes of the same server that do the webhook\'s',
  'work in cumulative stages (`bench/stage-routes.ts`), each behind the adapter\'s raw-body parser and answering the bare',
  'route\'s reply, alternating with the bare route and the webhook in the rounds above (median round). Added = server CPU per',
  'request over the line above.',
].join(' ');

/** A stage route's result, or the bare route's or the webhook's, in the Fastify attribution table. */
interface StageRow {
  readonly label: string;
  readonly result: LoadResult;
}
const CONNECTIONS = 10;
/** Issue 6: the Fastify webhook keeps at least this share of the bare route's req/s. */
const FASTIFY_TARGET = 0.7;

/** Issue 6 item 2: requests/s and p99 of the webhook against each framework's bare route. */
export async function runHttpBench(context: BenchContext): Promise<BenchSection> {
  const seconds = context.quick ? 1 : 4;
  const warmupSeconds = context.quick ? 0 : 1;
  const rounds = context.quick ? 1 : 3;
  const body = JSON.stringify(wireCourse('bench_http_resend', ASSIGNMENTS));
  const signed = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, BENCH_SECRET) };
  const load = (server: ChildServer, path: string, extra: Partial<LoadOptions> = {}) =>
    runLoad({ url: server.url, path, headers: signed, body, connections: CONNECTIONS, seconds, warmupSeconds, serverCpu: () => server.cpu(), ...extra });

  const rows: Row[] = [];
  const stages: StageRow[] = [];
  const notes: string[] = [];
  for (const framework of FRAMEWORKS) {
    context.log(`http: ${framework}, bare route and in-memory webhook`);
    await withServer({ framework, repository: 'memory', secret: BENCH_SECRET }, async (server) => {
      await expectOk(server, BARE_PATH, body, signed);
      await expectOk(server, DEFAULT_WEBHOOK_PATH, body, signed);
      // Alternating rounds, median of each: a burst of load from elsewhere on the machine hits all alike.
      // Fastify also runs the stage routes (bench/stage-routes.ts) in the same rounds.
      const paths = [BARE_PATH, ...(framework === 'fastify' ? STAGES.map((stage) => stage.path) : []), DEFAULT_WEBHOOK_PATH];
      for (const path of paths) await expectOk(server, path, body, signed);
      const results = new Map<string, LoadResult[]>(paths.map((path) => [path, []]));
      for (let round = 0; round < rounds; round += 1) {
        const warm = round === 0 ? {} : { warmupSeconds: 0 };
        for (const path of paths) results.get(path)?.push(await load(server, path, warm));
      }
      const resultOf = (path: string) => medianOf(results.get(path) ?? []);
      rows.push({ framework, route: `bare route (${framework} JSON parser, same body and reply size)`, result: resultOf(BARE_PATH), isCeiling: true });
      rows.push({ framework, route: 'webhook, in-memory repository (identical resends)', result: resultOf(DEFAULT_WEBHOOK_PATH) });
      if (framework === 'fastify') {
        stages.push({ label: 'bare route (Fastify\'s JSON parser)', result: resultOf(BARE_PATH) });
        for (const stage of STAGES) stages.push({ label: stage.label, result: resultOf(stage.path) });
        stages.push({ label: '+ the rest of the webhook: the log line, the response body (the plugin itself)', result: resultOf(DEFAULT_WEBHOOK_PATH) });
      }
    });
    if (!context.databaseUrl) {
      notes.push(`${framework}: Postgres rows skipped (no Postgres server).`);
      continue;
    }
    context.log(`http: ${framework}, webhook on Postgres`);
    rows.push(...(await postgresRows(framework, context.databaseUrl, (server, extra) => load(server, DEFAULT_WEBHOOK_PATH, extra))));
  }

  const markdown = [
    `autocannon ${CONNECTIONS} connections, no pipelining, ${seconds} s per run after ${warmupSeconds} s of warm-up, in this process;`,
    'each server in a child process of its own (a core each for load and server on a 2-core machine; Postgres shares them).',
    `Every request carries the same ${Buffer.byteLength(body)}-byte course of ${ASSIGNMENTS} assignments (creates: a new course id each, signed per request).`,
    `Bare route and in-memory webhook (and, for Fastify, the stage routes below) alternate for ${rounds} round(s) in one server process; the table shows the median round.`,
    'Frameworks run with their defaults (Fastify logger off); the webhook\'s rate limit is off (`rateLimit: false`).',
    'Ratios are to the same framework\'s bare route: req/s ÷ ceiling req/s, p99 ÷ ceiling p99.',
    'Server CPU is the server process\'s user + system time per completed request (Postgres\' own CPU not included): it is less',
    'sensitive than req/s to what else runs on the machine, so it shows the cost of the webhook path over the bare route more steadily.',
    'Server busy = CPU per request × req/s, the share of one core the server used (above 100%: V8\'s helper threads); well under 100% on the bare route means',
    'the server was not the bottleneck (the load generator or a busy machine was), and the req/s ratio then flatters the webhook.',
    ...notes,
  ].join(' ');
  const target = fastifyTarget(rows);
  const attribution = stages.length > 0 ? `\n\n${STAGE_NOTE}\n\n${stageTable(stages)}` : '';
  const analysis = target.status === 'MISS' && stages.length > 0 ? `\n\n${missAnalysis(stages)}` : '';
  return {
    title: 'HTTP: webhook against the bare framework',
    markdown: `${markdown}\n\n${table(rows)}${attribution}${analysis}`,
    targets: [target],
  };
}

function stageTable(stages: readonly StageRow[]): string {
  const bare = stages[0]?.result;
  return markdownTable(
    ['Fastify route', 'req/s', 'req/s ÷ bare', 'server CPU µs/req', 'added µs/req'],
    stages.map((stage, index) => [
      stage.label,
      formatInt(stage.result.requestsPerSecond),
      bare ? `**${formatRatio(stage.result.requestsPerSecond / bare.requestsPerSecond)}**` : 'n/a',
      formatInt(stage.result.serverCpuUs),
      index === 0 ? '' : formatSigned(stage.result.serverCpuUs - (stages[index - 1]?.result.serverCpuUs ?? Number.NaN)),
    ]),
  );
}

function formatSigned(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${formatInt(Math.abs(value))}` : 'n/a';
}

/**
 * Why the Fastify target was missed, from this run's stage routes: the CPU that verifying and validating a
 * delivery adds to a bare request already bounds the ratio, whatever the sync and the adapter cost.
 */
function missAnalysis(stages: readonly StageRow[]): string {
  const cpu = (index: number) => stages[index]?.result.serverCpuUs ?? Number.NaN;
  const [bare, bytes, signature, validation, sync, webhook] = [0, 1, 2, 3, 4, 5].map(cpu) as [number, number, number, number, number, number];
  const allowance = bare * (1 / FASTIFY_TARGET - 1);
  return [
    `**Fastify target missed: what limits it.** A bare Fastify request with this body costs ${formatInt(bare)} µs of server CPU,`,
    `HTTP included; to keep ${Math.round(FASTIFY_TARGET * 100)}% of its requests per second, the webhook may add at most ${formatInt(allowance)} µs to it`,
    `(${formatInt(bare)} × (1 ÷ ${FASTIFY_TARGET} − 1)). It adds ${formatInt(webhook - bare)} µs: the adapter's raw-body parser instead of Fastify's JSON parser`,
    `${formatSigned(bytes - bare)}, the HMAC ${formatSigned(signature - bytes)}, the validation ${formatSigned(validation - signature)}, the in-memory sync`,
    `${formatSigned(sync - validation)}, and the log line and the response ${formatSigned(webhook - sync)}. The HMAC and the validation alone, which no`,
    `signed webhook can skip, take ${formatInt(validation - bytes)} µs of those ${formatInt(allowance)}. (Timed alone in a loop during development, the HMAC of`,
    'this body took about 5 µs; in the busy server a CPU profile puts more of its cost in `createHmac`\'s set-up than in hashing the body.)',
    'Tried, by profiling the server under this load (`BENCH_CPU_PROF=<dir> pnpm bench -- --only http`): a one-pass signature',
    'decode and HMAC keys made once, a hand-written check of valid payloads before zod, a sync without per-call',
    'closures or extra promises, a cheaper memory repository (all adopted); an HMAC from two one-shot `crypto.hash` calls or',
    'from copied hash states saved about 4 µs per request over HTTP, too little to reach the target, and was not adopted',
    '(hand-written cryptography for a few per cent). The servers run the TypeScript sources through tsx, whose',
    'function names cost a little per closure made per request that the published build does not pay.',
  ].join(' ');
}

function medianOf(results: readonly LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    serverCpuUs: median(results.map((result) => result.serverCpuUs)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  };
}

function table(rows: readonly Row[]): string {
  return markdownTable(
    ['framework', 'route', 'req/s', 'p99 ms', 'req/s ÷ ceiling', 'p99 ÷ ceiling', 'server CPU µs/req', 'CPU ÷ ceiling', 'server busy', 'non-2xx / errors'],
    rows.map((row) => {
      const ceiling = rows.find((candidate) => candidate.framework === row.framework && candidate.isCeiling)?.result;
      return [
        row.framework,
        row.route,
        formatInt(row.result.requestsPerSecond),
        formatMs(row.result.p99Ms),
        ceiling ? `**${formatRatio(row.result.requestsPerSecond / ceiling.requestsPerSecond)}**` : 'n/a',
        ceiling ? formatRatio(row.result.p99Ms / ceiling.p99Ms) : 'n/a',
        formatInt(row.result.serverCpuUs),
        ceiling ? formatRatio(row.result.serverCpuUs / ceiling.serverCpuUs) : 'n/a',
        `${formatInt((row.result.serverCpuUs * row.result.requestsPerSecond) / 1e4)}%`,
        `${row.result.non2xx} / ${row.result.errors}`,
      ];
    }),
    2,
  );
}

function fastifyTarget(rows: readonly Row[]): TargetResult {
  const target = 'Fastify webhook, in-memory repository: ≥ 70% of the bare route\'s req/s';
  const ceiling = rows.find((row) => row.framework === 'fastify' && row.isCeiling)?.result;
  const webhook = rows.find((row) => row.framework === 'fastify' && row.route.includes('in-memory'))?.result;
  if (!ceiling || !webhook) return { target, measured: 'not run', status: 'NOT RUN' };
  const ratio = webhook.requestsPerSecond / ceiling.requestsPerSecond;
  const clean = webhook.non2xx === 0 && webhook.errors === 0;
  return judge(
    target,
    `${formatRatio(ratio)} (${formatInt(webhook.requestsPerSecond)} of ${formatInt(ceiling.requestsPerSecond)} req/s; server CPU per request ${formatRatio(webhook.serverCpuUs / ceiling.serverCpuUs)}× the bare route's)${clean ? '' : ', with non-2xx answers'}`,
    ratio >= FASTIFY_TARGET && clean,
  );
}
