import { applyToCourse, type MemoryCourse } from './memory-course';
import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite, QuestKey, StoredCourse, StoredTask } from './repository';

/** Options of {@link createMemoryRepository}. */
export interface MemoryRepositoryOptions {
  /**
   * Testing hook for fault injection: awaited inside every sync after the quest row is prepared and before
   * any task is written. If it throws or rejects, the sync rejects with that error and writes nothing,
   * as a database dying mid-transaction would. The conformance suite builds its `failingRepository` with it.
   */
  readonly beforeTaskWrites?: (key: QuestKey) => void | Promise<void>;
}

/** The in-memory repository: a `CourseSyncRepository` plus a way to get views of the same storage. */
export interface MemoryCourseSyncRepository extends CourseSyncRepository {
  /**
   * A repository over the same storage and the same per-course serialisation, with other options; for
   * tests that need a second, faulty handle on the data (see `beforeTaskWrites`).
   */
  withOptions(options: MemoryRepositoryOptions): MemoryCourseSyncRepository;
}

interface MemoryStorage {
  readonly courses: Map<string, MemoryCourse>;
  /** The last queued sync of each course, so syncs of one key run one after the other. */
  readonly queues: Map<string, Promise<void>>;
}

/**
 * Creates an in-memory `CourseSyncRepository` with the same guarantees as the Postgres one: each sync is
 * all-or-nothing (the new state of the course is built aside and swapped in at once), syncs of one course
 * run one at a time (as the unique indexes make them in Postgres), and rows whose values do not change are
 * not rewritten. For tests, demos and benchmarks; the data lives as long as the process.
 *
 * @example
 * ```ts
 * const repository = createMemoryRepository()
 * await syncCourse(repository, payload)
 * const course = await repository.findCourse({ platform: 'spark', orgId: '24', courseId: 'course_bio101' })
 * ```
 */
export function createMemoryRepository(options: MemoryRepositoryOptions = {}): MemoryCourseSyncRepository {
  return createView({ courses: new Map(), queues: new Map() }, options);
}

function createView(storage: MemoryStorage, options: MemoryRepositoryOptions): MemoryCourseSyncRepository {
  const apply = async (id: string, write: CourseSyncWrite): Promise<CourseSyncResult> => {
    const outcome = await applyToCourse(storage.courses.get(id), write, options.beforeTaskWrites);
    storage.courses.set(id, outcome.course);
    return outcome.result;
  };
  return {
    applyCourseSync: (write) => {
      const id = storageKey(write.key);
      return serialise(storage.queues, id, () => apply(id, write));
    },
    findCourse: async (key) => {
      const course = storage.courses.get(storageKey(key));
      return course && copyCourse(course);
    },
    withOptions: (next) => createView(storage, next),
  };
}

/** Runs `task` after every earlier task queued under `id` has settled. */
function serialise<T>(queues: Map<string, Promise<void>>, id: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(id, settled);
  // Drop the queue entry once idle, so the map does not grow with every course ever synced.
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}

function storageKey(key: QuestKey): string {
  return JSON.stringify([key.platform, key.orgId, key.courseId]);
}

/** Callers get copies (Dates included), so they cannot change stored rows by mutating what they read. */
function copyCourse(course: MemoryCourse): StoredCourse {
  const quest = { ...course.quest, createdAt: new Date(course.quest.createdAt), updatedAt: new Date(course.quest.updatedAt) };
  const tasks = [...course.tasks.values()].sort(byOrder).map(
    (task): StoredTask => ({
      ...task,
      dueDate: task.dueDate && new Date(task.dueDate),
      createdAt: new Date(task.createdAt),
      updatedAt: new Date(task.updatedAt),
    }),
  );
  return { quest, tasks };
}

function byOrder(a: StoredTask, b: StoredTask): number {
  if (a.orderIndex !== b.orderIndex) return a.orderIndex - b.orderIndex;
  return compareNullsLast(a.assignmentId, b.assignmentId);
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
