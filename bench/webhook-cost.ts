import { createMemoryRepository, createWebhookHandler, parseCoursePayload, signBody, SIGNATURE_HEADER, syncCourse, verifySignature } from '@coursesync/core';
import { bareReply, BENCH_SECRET } from './bench-server-config';
import { wireCourse } from './payloads';
import { formatMs, markdownTable, median } from './stats';

/**
 * Where the webhook's CPU goes, in this process and without HTTP: each step of the handler on the same
 * 20-assignment body as the HTTP loads, next to what the bare route does with it (parse, build and
 * serialise the reply). CPU microseconds per call, median of interleaved rounds.
 */
export async function webhookCostTable(assignments: number, quick: boolean): Promise<string> {
  const body = Buffer.from(JSON.stringify(wireCourse('bench_cost', assignments)));
  const signature = signBody(body, BENCH_SECRET);
  const repository = createMemoryRepository();
  const handle = createWebhookHandler({ secret: BENCH_SECRET, repository });
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature };
  const parsed = parseCoursePayload(body);
  if (!parsed.ok) throw new Error('The bench course does not parse.');
  await syncCourse(repository, parsed.payload); // later calls are resends, as in the HTTP load
  const steps: readonly (readonly [string, () => unknown])[] = [
    ['bare route\'s own work: JSON.parse, build and JSON.stringify the reply', () => JSON.stringify(bareReply(JSON.parse(body.toString('utf8')) as Record<string, unknown>))],
    ['verifySignature (HMAC-SHA256 over the body)', () => verifySignature(body, signature, BENCH_SECRET)],
    ['parseCoursePayload (UTF-8 decode, JSON.parse, zod schema)', () => parseCoursePayload(body)],
    ['JSON.parse alone (its share of the line above)', () => JSON.parse(body.toString('utf8'))],
    ['syncCourse on the in-memory repository (a resend)', () => syncCourse(repository, parsed.payload)],
    ['whole handler (all of the above, the log line, the reply)', () => handle({ headers, rawBody: body, ip: '127.0.0.1' })],
  ];
  const calls = quick ? 200 : 3_000;
  const rounds = quick ? 1 : 7;
  const samples = steps.map(() => [] as number[]);
  for (let round = 0; round < rounds + 1; round += 1) {
    for (const [index, [, step]] of steps.entries()) {
      const startedAt = process.cpuUsage();
      for (let call = 0; call < calls; call += 1) await step();
      const { user, system } = process.cpuUsage(startedAt);
      if (round > 0 || rounds === 1) samples[index]?.push((user + system) / calls); // round 0 warms up
    }
  }
  return markdownTable(
    ['step (in process, no HTTP)', 'CPU µs per call'],
    steps.map(([label], index) => [label, formatMs(median(samples[index] ?? []))]),
  );
}
