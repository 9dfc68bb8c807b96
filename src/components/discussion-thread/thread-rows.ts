/**
 * The thread as rows to render and export: order, nesting, held posts, and whether a post can
 * still be edited.
 */
import { getPost, rootIds } from './thread-state.js';
import type { ThreadPost, ThreadSort, ThreadState } from './thread-types.js';

/** One line of the rendered thread. */
export interface ThreadRow {
  /** Post id. */
  id: string;
  /** Indentation level. */
  depth: number;
}

/** How `threadRows` orders and filters. */
export interface RowOptions {
  /** Order of top-level posts (replies are always oldest first under their parent). */
  sort: ThreadSort;
  /** Whether a post is shown now; posts it refuses (and their replies) are counted as `held`. */
  shown?: (post: ThreadPost) => boolean;
  /** Score for sort=top (for instance a snapshot, so live upvotes do not move what is read). */
  rank?: (post: ThreadPost) => number;
}

/** Live (not deleted) posts in the subtree of `post`, itself included. */
function liveIn(state: ThreadState, post: ThreadPost): number {
  let n = 0;
  const stack = [post];
  while (stack.length) {
    const p = stack.pop()!;
    if (!p.deleted) n++;
    for (const k of p.kids) {
      const kid = getPost(state, k);
      if (kid) stack.push(kid);
    }
  }
  return n;
}

/**
 * The thread as rows to render, depth first: pinned top-level posts first, then the others in
 * `sort` order, each followed by its replies. Tombstones appear only above replies that are shown.
 * Linear in the number of posts (plus the sort of top-level posts).
 */
export function threadRows(state: ThreadState, options: RowOptions): { rows: ThreadRow[]; held: number } {
  let roots = rootIds(state);
  if (options.sort === 'newest') roots = roots.slice().reverse();
  else if (options.sort === 'top') {
    const rank = options.rank ?? ((p: ThreadPost) => p.votes);
    const scored = roots.map((id, i) => {
      const p = getPost(state, id);
      return { id, i, score: p ? rank(p) : 0 };
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    roots = scored.map((s) => s.id);
  }
  const pinned: string[] = [];
  const rest: string[] = [];
  for (const id of roots) (getPost(state, id)?.pinned ? pinned : rest).push(id);
  const ordered = pinned.length ? [...pinned, ...rest] : rest;

  const rows: ThreadRow[] = [];
  let held = 0;
  type Frame = { id: string; depth: number; exit?: number };
  const stack: Frame[] = [];
  for (let i = ordered.length - 1; i >= 0; i--) stack.push({ id: ordered[i] as string, depth: 0 });
  while (stack.length) {
    const f = stack.pop()!;
    if (f.exit !== undefined) {
      if (rows.length === f.exit + 1) rows.pop(); // a tombstone with nothing shown under it
      continue;
    }
    const p = getPost(state, f.id);
    if (!p) continue;
    if (!p.deleted && options.shown && !options.shown(p)) {
      held += liveIn(state, p);
      continue;
    }
    rows.push({ id: p.id, depth: f.depth });
    if (p.deleted) stack.push({ id: p.id, depth: f.depth, exit: rows.length - 1 });
    for (let k = p.kids.length - 1; k >= 0; k--) stack.push({ id: p.kids[k] as string, depth: f.depth + 1 });
  }
  return { rows, held };
}

/** Whether `actorId` may still edit `post` at `now` (own post, not deleted, inside the window). */
export function canEdit(post: ThreadPost, actorId: string, now: number): boolean {
  return !post.deleted && post.author?.id === actorId && now <= post.editableUntil;
}
