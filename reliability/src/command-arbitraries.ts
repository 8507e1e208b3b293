import fc from 'fast-check';
import { type Derive, DeliveryCommand, InvalidDeliveryCommand } from './delivery-commands';
import { SLOT_COUNT, type Slot } from './delivery-world';
import { breakerArb } from './invalid-arbitraries';
import type { WireAssignment, WireId, WirePayload } from './model';
import { assignmentFieldsArb, assignmentsArb, descriptionArb, MAX_GENERATED_ASSIGNMENTS, renderId, titleArb } from './wire-arbitraries';

// The steps of a generated delivery sequence: fresh payloads, identical and reformatted resends, reordered,
// edited, added and removed assignments, quest edits, and invalid deliveries, over the four courses of a run.

const slotArb = fc.nat({ max: SLOT_COUNT - 1 });
/** `undefined` stands for "the key is absent from the payload". */
const maybeAbsent = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), arb);

function payloadFor(slot: Slot, asString: boolean, fields: Omit<WirePayload, 'spark_org_id' | 'spark_course_id'>): WirePayload {
  const payload: Record<string, unknown> = { spark_org_id: renderId(slot.org, asString), spark_course_id: renderId(slot.course, !asString) };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) payload[key] = value;
  return payload as unknown as WirePayload;
}

/** A derivation that edits the course's last payload and serialises the result plainly. */
const fromLast = (edit: (last: WirePayload) => WirePayload): Derive => (model, _slot, index) => {
  const payload = edit(model.lastPayload.get(index) as WirePayload);
  return { payload, body: JSON.stringify(payload) };
};
const withAssignments = (last: WirePayload, assignments: readonly WireAssignment[]): WirePayload => ({ ...last, assignments: [...assignments] });
const normalId = (assignment: WireAssignment): string => String(assignment.spark_assignment_id);

const fresh = fc
  .record({
    slot: slotArb,
    asString: fc.boolean(),
    title: titleArb,
    description: maybeAbsent(descriptionArb),
    assignments: fc.oneof({ weight: 8, arbitrary: assignmentsArb }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) }),
  })
  .map(({ slot, asString, ...fields }) => {
    const derive: Derive = (_model, s) => {
      const payload = payloadFor(s, asString, { course_title: fields.title, course_description: fields.description, assignments: fields.assignments });
      return { payload, body: JSON.stringify(payload) };
    };
    return new DeliveryCommand('fresh payload', slot, derive);
  });

const resend = slotArb.map(
  (slot) => new DeliveryCommand('identical resend', slot, (model, _s, index) => ({ payload: model.lastPayload.get(index) as WirePayload, body: model.lastBody.get(index) as string }), true),
);

/** Same meaning, other bytes: indented, keys in reverse order, integer ids switched to strings or back. */
const reformatted = slotArb.map((slot) =>
  new DeliveryCommand('reformatted resend', slot, (model, _s, index) => {
    const last = model.lastPayload.get(index) as WirePayload;
    const flip = (id: WireId): WireId => (typeof id === 'number' ? String(id) : /^-?[1-9]\d{0,14}$|^0$/.test(id) ? Number(id) : id);
    const reversed = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const payload = { ...last, spark_org_id: flip(last.spark_org_id), assignments: last.assignments?.map((a) => reversed({ ...a, spark_assignment_id: flip(a.spark_assignment_id) })) ?? last.assignments };
    return { payload: payload as WirePayload, body: JSON.stringify(reversed(payload), null, 2) };
  }, true),
);

const reorder = fc.tuple(slotArb, fc.array(fc.nat(), { minLength: MAX_GENERATED_ASSIGNMENTS, maxLength: MAX_GENERATED_ASSIGNMENTS })).map(
  ([slot, keys]) =>
    new DeliveryCommand('reordered assignments', slot, fromLast((last) => {
      const list = last.assignments ?? [];
      const order = list.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || b - a);
      return withAssignments(last, order.map((i) => list[i] as WireAssignment));
    }), true),
);

const edit = fc.tuple(slotArb, fc.array(fc.tuple(fc.nat(), assignmentFieldsArb), { minLength: 1, maxLength: 3 })).map(
  ([slot, edits]) =>
    new DeliveryCommand('edited titles/descriptions/due dates', slot, fromLast((last) => {
      const list = [...(last.assignments ?? [])];
      for (const [at, fields] of edits) {
        if (list.length === 0) break;
        const index = at % list.length;
        list[index] = { spark_assignment_id: (list[index] as WireAssignment).spark_assignment_id, ...fields };
      }
      return withAssignments(last, list);
    }), true),
);

const add = fc.tuple(slotArb, assignmentsArb).map(
  ([slot, extra]) =>
    new DeliveryCommand('added assignments', slot, fromLast((last) => {
      const list = [...(last.assignments ?? [])];
      const present = new Set(list.map(normalId));
      for (const assignment of extra) {
        if (list.length >= MAX_GENERATED_ASSIGNMENTS || present.has(normalId(assignment))) continue;
        present.add(normalId(assignment));
        list.push(assignment);
      }
      return withAssignments(last, list);
    }), true),
);

const remove = fc.tuple(slotArb, fc.array(fc.boolean(), { minLength: MAX_GENERATED_ASSIGNMENTS, maxLength: MAX_GENERATED_ASSIGNMENTS })).map(
  ([slot, keep]) =>
    new DeliveryCommand('assignments removed from the payload', slot, fromLast((last) => withAssignments(last, (last.assignments ?? []).filter((_, i) => keep[i]))), true),
);

const questEdit = fc.tuple(slotArb, titleArb, maybeAbsent(descriptionArb)).map(
  ([slot, title, description]) =>
    new DeliveryCommand('quest title/description edit', slot, fromLast((last) => {
      const { course_description: _dropped, ...rest } = last;
      return description === undefined ? { ...rest, course_title: title } : { ...rest, course_title: title, course_description: description };
    }), true),
);

const invalid = fc.tuple(slotArb, breakerArb).map(([slot, breaker]) => new InvalidDeliveryCommand(slot, breaker));

/** Every kind of step; fresh payloads and invalid deliveries weigh a little more. */
export const commandArbs = [fresh, fresh, resend, reformatted, reorder, edit, add, remove, questEdit, invalid, invalid];
