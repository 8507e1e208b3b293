import { randomUUID } from 'node:crypto';
import type { QuestKey, StoredCourse, WebhookHandler } from '@coursesync/core';
import { signBody } from '@coursesync/core';
import type { ModelCourse, WireId, WirePayload } from './model';

export const SECRET = 'reliability-suite-secret';

/** Counters shared by every run of a property, for the asserted minimum and the printed summary. */
export interface DeliveryStats {
  deliveries: number;
  accepted: number;
  refused: number;
  runs: number;
  readonly outcomes: Map<string, number>;
}

export const newStats = (): DeliveryStats => ({ deliveries: 0, accepted: 0, refused: 0, runs: 0, outcomes: new Map() });

export const countOutcome = (stats: DeliveryStats, outcome: string): void => {
  stats.outcomes.set(outcome, (stats.outcomes.get(outcome) ?? 0) + 1);
};

/** One course of a run: an (org, course) pair; integer ids may be sent either as numbers or as strings. */
export interface Slot {
  readonly org: WireId;
  readonly course: WireId;
}

let nextInteger = Date.now() * 1_000;

/**
 * The four courses of one run: two orgs (one with a string id, one with an integer id) each holding the SAME
 * two course ids, so a delivery to one org's course must never touch the other's. Fresh ids per run let
 * every run share one database.
 */
export function newSlots(): readonly Slot[] {
  const nonce = randomUUID().slice(0, 8);
  const orgs: WireId[] = [`org-${nonce}`, (nextInteger += 10)];
  const courses: WireId[] = [`course-${nonce}`, (nextInteger += 10)];
  return orgs.flatMap((org) => courses.map((course) => ({ org, course })));
}

export const SLOT_COUNT = 4;

export const keyOf = (slot: Slot): QuestKey => ({ platform: 'spark', orgId: String(slot.org), courseId: String(slot.course) });

/** What the model knows about one run. */
export interface WorldModel {
  readonly courses: Map<number, ModelCourse>;
  readonly lastPayload: Map<number, WirePayload>;
  readonly lastBody: Map<number, string>;
  readonly questIds: Map<number, string>;
}

/** The system under test for one run, and the last rows read back per course. */
export interface WorldReal {
  readonly handle: WebhookHandler;
  readonly findCourse: (key: QuestKey) => Promise<StoredCourse | undefined>;
  readonly slots: readonly Slot[];
  readonly snapshots: Map<number, StoredCourse | undefined>;
  readonly stats: DeliveryStats;
}

export const newWorldModel = (): WorldModel => ({ courses: new Map(), lastPayload: new Map(), lastBody: new Map(), questIds: new Map() });

/** Signs `body` and hands it to the handler, counting the delivery; any 5xx fails the property at once. */
export async function deliver(real: WorldReal, body: string | Uint8Array): Promise<{ status: number; text: string }> {
  const response = await real.handle({ headers: { 'x-spark-signature': signBody(body, SECRET), 'content-type': 'application/json' }, rawBody: body, ip: '127.0.0.1' });
  real.stats.deliveries += 1;
  if (response.status >= 500) throw new Error(`A delivery got a ${response.status}: ${response.body}`);
  return { status: response.status, text: response.body };
}
