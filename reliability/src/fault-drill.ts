import type { QuestKey, StoredCourse } from '@coursesync/core';
import { expect } from 'vitest';
import { CourseStates, versionedPayload } from './course-states';
import type { WirePayload } from './model';
import type { TcpProxy } from './tcp-proxy';

/** How a drill reaches the system under test, and how it reads the database behind the fault. */
export interface DrillTarget {
  /** Delivers one payload; resolves with the status and the parsed JSON answer. */
  deliver(payload: WirePayload): Promise<{ status: number; body: unknown }>;
  /** Reads a course in one snapshot, on a path the fault does not touch. */
  read(key: QuestKey): Promise<StoredCourse | undefined>;
  /** The proxy between the system under test and Postgres. */
  readonly proxy: TcpProxy;
  /** Called after every delivery (for example: the server process is still alive). */
  afterDelivery?(): void;
}

export interface DrillCounts {
  cuts: number;
  healthy200: number;
  cut500: number;
  straddling200: number;
  straddling500: number;
}

/**
 * `senders` concurrent senders each deliver successive versions of a course of their own, while the path to
 * the database is cut (`reset`) and restored `cycles` times, every phase lasting `perPhase` deliveries. A
 * delivery that starts and ends with the database reachable must get a 200; one that starts and ends while it
 * is cut must get a 500 `SYNC_FAILED`; one that straddles a switch may get either. After every delivery the
 * course must be a whole application of some subset of the deliveries that may have committed: never partial.
 */
export async function runFaultDrill(target: DrillTarget, options: { senders: number; cycles: number; perPhase: number; orgId: string }): Promise<DrillCounts> {
  const { proxy } = target;
  let epoch = 0;
  let stop = false;
  let phaseDeliveries = 0;
  const counts: DrillCounts = { cuts: 0, healthy200: 0, cut500: 0, straddling200: 0, straddling500: 0 };

  const sender = async (courseId: string) => {
    const states = new CourseStates();
    const key = { platform: 'spark', orgId: options.orgId, courseId };
    for (let version = 1; !stop; version++) {
      const payload = versionedPayload(options.orgId, courseId, version);
      const [startEpoch, startMode] = [epoch, proxy.mode];
      const { status, body } = await target.deliver(payload);
      target.afterDelivery?.();
      const steady = startEpoch === epoch;
      if (steady && startMode === 'forward') expect({ status, body }, 'a delivery with the database reachable').toMatchObject({ status: 200 });
      else if (steady) expect({ status, body }, 'a delivery while the database was unreachable').toEqual({ status: 500, body: { error: 'Course sync failed', code: 'SYNC_FAILED' } });
      else expect([200, 500], `a delivery during a switch got ${status} ${JSON.stringify(body)}`).toContain(status);
      if (status === 200) states.accepted(payload);
      else states.failed(payload);
      const stored = await target.read(key);
      if (!states.matches(stored, status === 200)) expect.fail(`partial course after a ${status}: ${JSON.stringify(stored)}; allowed: ${states.describe()}`);
      counts[steady ? (status === 200 ? 'healthy200' : 'cut500') : status === 200 ? 'straddling200' : 'straddling500'] += 1;
      phaseDeliveries += 1;
    }
  };
  const phase = async () => {
    phaseDeliveries = 0;
    while (phaseDeliveries < options.perPhase) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  const nonce = Date.now().toString(36);
  const senders = Array.from({ length: options.senders }, (_, i) => sender(`drill-${nonce}-${i}`));
  // A sender that fails stops the drill at once instead of leaving the phases waiting for it.
  const failed = Promise.race(senders.map((s) => s.then(() => new Promise<never>(() => {}))));
  const drill = async () => {
    await phase();
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      epoch += 1;
      proxy.setMode('reset');
      counts.cuts += 1;
      await phase();
      epoch += 1;
      proxy.setMode('forward');
      await phase();
    }
  };
  try {
    await Promise.race([drill(), failed]);
  } finally {
    stop = true;
    proxy.setMode('forward');
  }
  await Promise.all(senders);
  return counts;
}

/** The figures of a drill, as one line. */
export const describeDrill = (counts: DrillCounts, proxy: TcpProxy, senders: number): string =>
  `${counts.cuts} cuts (${proxy.connectionsCut} open connections cut) under ${senders} concurrent senders -> ` +
  `${counts.cut500} x 500 while cut, ${counts.healthy200} x 200 while reachable, ` +
  `${counts.straddling200} x 200 + ${counts.straddling500} x 500 across a switch; no partial course after any delivery`;
