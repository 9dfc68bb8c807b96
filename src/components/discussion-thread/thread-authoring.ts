import { THREAD_LIMITS } from './thread-model.js';
import type { ThreadSort } from './thread-types.js';

/** The orders a thread can show its top-level posts in. */
export const SORTS: readonly ThreadSort[] = ['oldest', 'newest', 'top'];

/** The attributes of a thread an author sets. */
export interface ThreadAuthoring {
  sort: string;
  maxDepth: number;
  editWindow: number;
}

/** The authoring mistake in a thread's attributes (besides its id), in English for the page's author; null when fine. */
export function threadAuthoringProblem(a: ThreadAuthoring): string | null {
  if (!(SORTS as readonly string[]).includes(a.sort)) return `Unknown sort "${a.sort}": use oldest, newest or top.`;
  if (!Number.isInteger(a.maxDepth) || a.maxDepth < 1 || a.maxDepth > THREAD_LIMITS.maxDepth) {
    return `max-depth must be a whole number from 1 to ${THREAD_LIMITS.maxDepth}.`;
  }
  if (!Number.isFinite(a.editWindow) || a.editWindow < 0 || a.editWindow > THREAD_LIMITS.maxEditMinutes) {
    return `edit-window must be a number of minutes from 0 to ${THREAD_LIMITS.maxEditMinutes}.`;
  }
  return null;
}
