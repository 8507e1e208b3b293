// A small pure model of SPEC 5, written from the spec and independent of the code under test: what the
// database should hold after each valid delivery, and what the 200 should say.

/** An id as a sender may write it: a string, or an integer (PHP senders) that means its decimal string. */
export type WireId = string | number;

/** A valid wire assignment as the generators build it; an absent key is a field the sender left out. */
export interface WireAssignment {
  readonly spark_assignment_id: WireId;
  readonly title: string;
  readonly description?: string | null;
  readonly due_date?: string | null;
}

/** A valid wire payload as the generators build it. */
export interface WirePayload {
  readonly spark_org_id: WireId;
  readonly spark_course_id: WireId;
  readonly course_title: string;
  readonly course_description?: string | null;
  readonly assignments?: readonly WireAssignment[] | null;
}

export interface ModelTask {
  readonly title: string;
  readonly description: string | null;
  /** Milliseconds since the epoch, or null. */
  readonly dueDate: number | null;
  readonly orderIndex: number;
  readonly pillar: string;
  readonly xpValue: number;
}

export interface ModelCourse {
  readonly title: string;
  readonly description: string | null;
  /** By assignment id (decimal string for integer ids). */
  readonly tasks: ReadonlyMap<string, ModelTask>;
}

/** What the 200 of a delivery must report. */
export interface ExpectedAnswer {
  readonly created: boolean;
  readonly taskCount: number;
  readonly tasksCreated: number;
  readonly tasksUpdated: number;
  readonly tasksUnchanged: number;
  /** Whether the quest row's title or description changed (so its `updated_at` may move). */
  readonly questChanged: boolean;
  /** Assignment ids whose row must keep its `updated_at` (unchanged or not in the payload). */
  readonly untouchedTasks: ReadonlySet<string>;
}

export const DEFAULT_PILLAR = 'stem';
export const DEFAULT_XP = 100;

/** The identity of a quest: (platform 'spark', org, course), with integer ids as their decimal string. */
export const courseKey = (payload: Pick<WirePayload, 'spark_org_id' | 'spark_course_id'>): string =>
  `${String(payload.spark_org_id)}\u0001${String(payload.spark_course_id)}`;

/** `""` clears like null; absent (`undefined`) keeps. */
const cleared = (value: string | null | undefined): string | null | undefined => (value === '' ? null : value);
const dueMillis = (value: string | null): number | null => (value === null ? null : new Date(value).getTime());

/** Applies one valid delivery to `current`; returns the course after it and the expected answer. */
export function applyDelivery(current: ModelCourse | undefined, payload: WirePayload): { course: ModelCourse; answer: ExpectedAnswer } {
  const description = cleared(payload.course_description);
  const questDescription = description === undefined ? (current?.description ?? null) : description;
  const questChanged = current === undefined || current.title !== payload.course_title || current.description !== questDescription;
  const tasks = new Map(current?.tasks);
  const untouched = new Set(tasks.keys());
  let tasksCreated = 0;
  let tasksUpdated = 0;
  (payload.assignments ?? []).forEach((assignment, orderIndex) => {
    const id = String(assignment.spark_assignment_id);
    const stored = tasks.get(id);
    const taskDescription = cleared(assignment.description);
    const due = assignment.due_date === undefined ? undefined : dueMillis(assignment.due_date);
    if (!stored) {
      tasksCreated += 1;
      tasks.set(id, {
        title: assignment.title,
        description: taskDescription ?? null,
        dueDate: due ?? null,
        orderIndex,
        pillar: DEFAULT_PILLAR,
        xpValue: DEFAULT_XP,
      });
      return;
    }
    const next: ModelTask = {
      ...stored,
      title: assignment.title,
      orderIndex,
      description: taskDescription === undefined ? stored.description : taskDescription,
      dueDate: due === undefined ? stored.dueDate : due,
    };
    const changed = (['title', 'orderIndex', 'description', 'dueDate'] as const).some((field) => next[field] !== stored[field]);
    if (changed) {
      tasksUpdated += 1;
      untouched.delete(id);
      tasks.set(id, next);
    }
  });
  const count = (payload.assignments ?? []).length;
  return {
    course: { title: payload.course_title, description: questDescription, tasks },
    answer: {
      created: current === undefined,
      taskCount: tasks.size,
      tasksCreated,
      tasksUpdated,
      tasksUnchanged: count - tasksCreated - tasksUpdated,
      questChanged,
      untouchedTasks: untouched,
    },
  };
}
