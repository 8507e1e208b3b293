import type fc from 'fast-check';
import { expect } from 'vitest';
import { expectRefusal, expectStoredCourse, expectSuccessAnswer, expectUntouchedRows } from './course-check';
import { countOutcome, deliver, keyOf, type Slot, type WorldModel, type WorldReal } from './delivery-world';
import type { Breaker } from './invalid-arbitraries';
import { applyDelivery, type ExpectedAnswer, type WirePayload } from './model';

type Command = fc.AsyncCommand<WorldModel, WorldReal>;

/** Builds the next delivery of a course from what the model knows (its last payload and body). */
export type Derive = (model: WorldModel, slot: Slot, slotIndex: number) => { payload: WirePayload; body: string };

/**
 * Reads every course of the run back and compares it with the model. The delivered course's untouched rows
 * must keep their `updated_at`; every other course must be exactly as it was (no cross-org writes).
 */
async function verifyWorld(model: WorldModel, real: WorldReal, delivered?: { slotIndex: number; answer: ExpectedAnswer }): Promise<void> {
  for (const [index, slot] of real.slots.entries()) {
    const stored = await real.findCourse(keyOf(slot));
    expectStoredCourse(stored, model.courses.get(index), { orgId: String(slot.org), courseId: String(slot.course) });
    const questId = model.questIds.get(index);
    if (questId !== undefined) expect(stored?.quest.id, 'a course keeps its quest id').toBe(questId);
    const before = real.snapshots.get(index);
    if (delivered?.slotIndex === index) expectUntouchedRows(before, stored, delivered.answer);
    else expect(stored, 'a delivery must not change any other course').toEqual(before);
    real.snapshots.set(index, stored);
  }
}

/** A valid delivery: the database and the 200 must match the model after it. */
export class DeliveryCommand implements Command {
  constructor(
    private readonly label: string,
    private readonly slotIndex: number,
    private readonly derive: Derive,
    private readonly needsHistory = false,
  ) {}

  check(model: Readonly<WorldModel>): boolean {
    return !this.needsHistory || model.lastPayload.has(this.slotIndex);
  }

  async run(model: WorldModel, real: WorldReal): Promise<void> {
    const slot = real.slots[this.slotIndex] as Slot;
    const { payload, body } = this.derive(model, slot, this.slotIndex);
    const { course, answer } = applyDelivery(model.courses.get(this.slotIndex), payload);
    const response = await deliver(real, body);
    const questId = expectSuccessAnswer(response.status, response.text, payload.course_title, answer);
    const known = model.questIds.get(this.slotIndex);
    if (known !== undefined) expect(questId, 'every 200 of a course names the same quest').toBe(known);
    model.questIds.set(this.slotIndex, questId);
    model.courses.set(this.slotIndex, course);
    model.lastPayload.set(this.slotIndex, payload);
    model.lastBody.set(this.slotIndex, body);
    real.stats.accepted += 1;
    countOutcome(real.stats, `200 ${this.label}`);
    await verifyWorld(model, real, { slotIndex: this.slotIndex, answer });
  }

  toString(): string {
    return `${this.label}(slot ${this.slotIndex})`;
  }
}

/** The payload a breaker starts from when the course has had no valid delivery yet. */
const basePayload = (slot: Slot): WirePayload => ({
  spark_org_id: slot.org,
  spark_course_id: slot.course,
  course_title: 'Base course',
  assignments: [{ spark_assignment_id: 'a1', title: 'Base task' }],
});

/** An invalid delivery: a 400 and nothing written anywhere. */
export class InvalidDeliveryCommand implements Command {
  constructor(
    private readonly slotIndex: number,
    private readonly breaker: Breaker,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: WorldModel, real: WorldReal): Promise<void> {
    const slot = real.slots[this.slotIndex] as Slot;
    const body = this.breaker.apply(model.lastPayload.get(this.slotIndex) ?? basePayload(slot));
    const response = await deliver(real, body);
    expectRefusal(response.status, response.text);
    real.stats.refused += 1;
    countOutcome(real.stats, `400 ${(JSON.parse(response.text) as { code: string }).code}`);
    await verifyWorld(model, real);
  }

  toString(): string {
    return `invalid[${this.breaker.label}](slot ${this.slotIndex})`;
  }
}
