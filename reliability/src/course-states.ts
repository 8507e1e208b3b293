import { isDeepStrictEqual } from 'node:util';
import type { StoredCourse } from '@coursesync/core';
import { modelView, observed } from './course-check';
import { applyDelivery, type ModelCourse, type WirePayload } from './model';

/**
 * The states a course may be in after deliveries some of which failed: a 200 was applied; a 500 was applied
 * either wholly or not at all (its commit may have reached the server before the connection died). Any
 * other state (a quest updated without its tasks, half the tasks) is a partial course.
 */
export class CourseStates {
  private candidates: (ModelCourse | undefined)[] = [undefined];

  /** A delivery answered 200: it was applied, on top of whichever candidate was real. */
  accepted(payload: WirePayload): void {
    this.candidates = this.unique(this.candidates.map((state) => applyDelivery(state, payload).course));
  }

  /** A delivery answered 500: applied wholly or not at all. */
  failed(payload: WirePayload): void {
    this.candidates = this.unique([...this.candidates, ...this.candidates.map((state) => applyDelivery(state, payload).course)]);
  }

  /** Whether `stored` is one of the candidates; after a 200, `collapse` keeps only that one. */
  matches(stored: StoredCourse | undefined, collapse = false): boolean {
    const index = this.candidates.findIndex((state) =>
      state === undefined ? stored === undefined : stored !== undefined && isDeepStrictEqual(observed(stored), modelView(state)),
    );
    if (index === -1) return false;
    if (collapse) this.candidates = [this.candidates[index]];
    return true;
  }

  /** Human-readable candidates, for a failure message. */
  describe(): string {
    return JSON.stringify(this.candidates.map((state) => state && modelView(state)));
  }

  private unique(states: (ModelCourse | undefined)[]): (ModelCourse | undefined)[] {
    const seen: (ModelCourse | undefined)[] = [];
    for (const state of states) {
      if (!seen.some((other) => isDeepStrictEqual(other && modelView(other), state && modelView(state)))) seen.push(state);
    }
    return seen;
  }
}

/**
 * Version `version` of a course as a full payload: every assignment so far (three base ones plus one new per
 * version), all retitled, the order reversed on odd versions. Whatever subset of earlier versions was applied,
 * applying this one gives the same course, so the candidates stay few.
 */
export function versionedPayload(orgId: string, courseId: string, version: number): WirePayload {
  const ids = ['a1', 'a2', 'a3', ...Array.from({ length: version }, (_, i) => `n${i + 1}`)];
  const ordered = version % 2 === 1 ? [...ids].reverse() : ids;
  return {
    spark_org_id: orgId,
    spark_course_id: courseId,
    course_title: `Course ${courseId} v${version}`,
    course_description: `Description v${version}`,
    assignments: ordered.map((id) => ({ spark_assignment_id: id, title: `${id} v${version}`, description: `${id} description v${version}`, due_date: `2025-03-${String((version % 28) + 1).padStart(2, '0')}T12:00:00Z` })),
  };
}
