import { applyToCourse, type MemoryCourse } from './memory-course';
import type { CourseSyncRepository, CourseSyncResult, CourseSyncWrite, QuestKey, StoredCourse, StoredTask } from './repository';

/** Options of {@link createMemoryRepository}. */
export interface MemoryRepositoryOptions {
  /**
   * Testing hook for fault injection: awaited inside every sync, in its turn among the syncs of that course
   * and before anything of it is stored (where a database would be between the quest and the task
   * statements). If it throws or rejects, the sync rejects with that error and writes nothing, as a database
   * dying mid-transaction would. The conformance suite builds its `failingRepository` with it.
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
  /** The last queued sync of each busy course, so syncs of one key run one after the other. */
  readonly queues: Map<string, Promise<unknown>>;
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
  const { beforeTaskWrites } = options;
  // Reads the stored course and stores its successor in one synchronous step, so the write is all or nothing.
  const apply = (id: string, write: CourseSyncWrite): CourseSyncResult => {
    const outcome = applyToCourse(storage.courses.get(id), write);
    storage.courses.set(id, outcome.course);
    return outcome.result;
  };
  return {
    applyCourseSync: (write) => {
      const id = storageKey(write.key);
      if (beforeTaskWrites) {
        // The hook runs where a database would be between the quest and the task statements; as nothing is
        // stored before `apply`, a hook that fails leaves the course as it was.
        return serialise(storage.queues, id, async () => {
          await beforeTaskWrites(write.key);
          return apply(id, write);
        });
      }
      if (storage.queues.has(id)) return serialise(storage.queues, id, () => apply(id, write));
      // Nothing of this course queued and nothing to await: the write happens now, in one synchronous step.
      try {
        return Promise.resolve(apply(id, write));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    findCourse: async (key) => {
      const course = storage.courses.get(storageKey(key));
      return course && copyCourse(course);
    },
    withOptions: (next) => createView(storage, next),
  };
}

/**
 * Runs `task` after every earlier task queued under `id` has settled, and right away when none is queued.
 * The map holds the last task of each busy course and forgets it once it settles, so it does not grow with
 * every course ever synced.
 */
function serialise<T>(queues: Map<string, Promise<unknown>>, id: string, task: () => T | Promise<T>): Promise<T> {
  const previous = queues.get(id);
  const run = previous ? previous.then(task, task) : settle(task);
  queues.set(id, run);
  const forget = () => {
    if (queues.get(id) === run) queues.delete(id);
  };
  run.then(forget, forget);
  return run;
}

/** `task()` as a promise, rejected rather than thrown when `task` throws. */
function settle<T>(task: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** One string per key, and two keys never share one: the first two parts carry their length. */
function storageKey({ platform, orgId, courseId }: QuestKey): string {
  return `${platform.length}:${platform}${orgId.length}:${orgId}${courseId}`;
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
