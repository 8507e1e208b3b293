import { createMemoryRepository, createWebhookHandler, parseCoursePayload, signBody, SIGNATURE_HEADER, syncCourse, verifySignature } from '@coursesync/core';
import { bareReply, BENCH_SECRET } from './bench-server-config';
import { wireCourse } from './payloads';
import { formatMs, markdownTable, median } from './stats';

const STEPS = {
  bare: 'bare route\'s own work: JSON.parse, build and JSON.stringify the reply',
  verify: 'verifySignature (HMAC-SHA256 over the body)',
  parse: 'parseCoursePayload (UTF-8 decode, JSON.parse, zod schema)',
  jsonParse: 'JSON.parse alone (its share of the line above)',
  sync: 'syncCourse on the in-memory repository (a resend)',
  handler: 'whole handler (all of the above, the log line, the reply)',
} as const;
type Step = keyof typeof STEPS;

/** CPU microseconds per call of each step, and their table. */
export interface WebhookCost {
  readonly perCall: Readonly<Record<Step, number>>;
  readonly table: string;
}

/**
 * Where the webhook's CPU goes, in this process and without HTTP: each step of the handler on the same
 * body as the HTTP loads, next to what the bare route does with it (parse, build and serialise the reply).
 * CPU microseconds per call, median of interleaved rounds.
 */
export async function measureWebhookCost(assignments: number, quick: boolean): Promise<WebhookCost> {
  const body = Buffer.from(JSON.stringify(wireCourse('bench_cost', assignments)));
  const signature = signBody(body, BENCH_SECRET);
  const repository = createMemoryRepository();
  const handle = createWebhookHandler({ secret: BENCH_SECRET, repository });
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature };
  const parsed = parseCoursePayload(body);
  if (!parsed.ok) throw new Error('The bench course does not parse.');
  await syncCourse(repository, parsed.payload); // later calls are resends, as in the HTTP load
  const steps: Record<Step, () => unknown> = {
    bare: () => JSON.stringify(bareReply(JSON.parse(body.toString('utf8')) as Record<string, unknown>)),
    verify: () => verifySignature(body, signature, BENCH_SECRET),
    parse: () => parseCoursePayload(body),
    jsonParse: () => JSON.parse(body.toString('utf8')),
    sync: () => syncCourse(repository, parsed.payload),
    handler: () => handle({ headers, rawBody: body, ip: '127.0.0.1' }),
  };
  const names = Object.keys(steps) as Step[];
  const calls = quick ? 200 : 2_000;
  const rounds = quick ? 1 : 9;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Step, number[]>;
  for (let round = 0; round <= rounds; round += 1) {
    for (const name of names) {
      const startedAt = process.cpuUsage();
      for (let call = 0; call < calls; call += 1) await steps[name]();
      const { user, system } = process.cpuUsage(startedAt);
      if (round > 0) samples[name].push((user + system) / calls); // round 0 warms up
    }
  }
  const perCall = Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<Step, number>;
  const table = markdownTable(
    ['step (in process, no HTTP)', 'CPU µs per call'],
    names.map((name) => [STEPS[name], formatMs(perCall[name])]),
  );
  return { perCall, table };
}
