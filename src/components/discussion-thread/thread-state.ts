/**
 * The thread's state and access to it: posts in hash buckets (an event copies one bucket, not the
 * thread), top-level ids in chunks, the limits every thread keeps, and the value checks the model's
 * other files share. Records are keyed by ids that come from clients ("__proto__" is a valid opId),
 * so reads check own properties and writes define properties.
 */
import { bucketOf as hashBucket, get, isObj, put } from '../../core/protocol/records.js';
import { REACTIONS, type Reaction, type ThreadPost, type ThreadState } from './thread-types.js';

/** Limits the model enforces. */
export const THREAD_LIMITS = {
  /** Longest post, in UTF-16 code units after cleaning. */
  maxBody: 4000,
  /** Deepest nesting a page may ask for. */
  maxDepth: 8,
  /** Nesting when the page does not say (`max-depth`). */
  defaultDepth: 3,
  /** Edit window when the page does not say, in minutes. */
  defaultEditMinutes: 15,
  /** Longest edit window a page may ask for, in minutes (a day). */
  maxEditMinutes: 1440,
  /** Most participants mentioned in one post. */
  maxMentions: 20,
  /** Most posts (not deleted) in one thread. */
  maxPosts: 100_000,
} as const;

const BUCKETS = 256;
const CHUNK = 256;

/** A post id as operations carry it: 1 to 128 characters. */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128;
/** True or false, nothing else. */
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
/** A finite number of milliseconds. */
export const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** One reaction of the fixed set. */
export const isReaction = (v: unknown): v is Reaction => typeof v === 'string' && (REACTIONS as readonly string[]).includes(v);

const bucketOf = (id: string): number => hashBucket(id, BUCKETS);

// ---------------------------------------------------------------------------------------------
// State access

/** State of a thread nobody has posted in. */
export function initialThreadState(): ThreadState {
  return { locked: false, count: 0, buckets: Array.from({ length: BUCKETS }, () => ({})), roots: [] };
}

/** True when `s` has the shape of a thread state (a snapshot from an authority, for instance). */
export function isState(s: unknown): s is ThreadState {
  return isObj(s) && Array.isArray(s.buckets) && s.buckets.length === BUCKETS && Array.isArray(s.roots);
}

/** The post with this id (a tombstone included), or undefined. */
export function getPost(state: ThreadState, id: string): ThreadPost | undefined {
  if (typeof id !== 'string') return undefined;
  const bucket = state.buckets[bucketOf(id)];
  return bucket ? get(bucket, id) : undefined;
}

/** Top-level post ids in posting order. */
export function rootIds(state: ThreadState): string[] {
  return state.roots.length === 1 ? (state.roots[0] as string[]) : state.roots.flat();
}

/** Calls `fn` for every post (tombstones included), in no particular order. */
export function forEachPost(state: ThreadState, fn: (post: ThreadPost) => void): void {
  for (const bucket of state.buckets) for (const key of Object.keys(bucket)) fn(bucket[key] as ThreadPost);
}

/** `state` with `post` (and `also`, its parent) put in their buckets; only those buckets are copied. */
export function withPost(state: ThreadState, post: ThreadPost, also?: ThreadPost): ThreadState {
  const buckets = state.buckets.slice();
  for (const p of also ? [post, also] : [post]) {
    const b = bucketOf(p.id);
    // Copy a bucket once per event, even when both posts land in it.
    const bucket = buckets[b] === state.buckets[b] ? { ...state.buckets[b] } : (buckets[b] as Record<string, ThreadPost>);
    put(bucket, p.id, p);
    buckets[b] = bucket;
  }
  return { ...state, buckets };
}

/** `state` without the post `id` (its bucket copied). */
export function withoutPost(state: ThreadState, id: string): ThreadState {
  const b = bucketOf(id);
  const bucket = { ...state.buckets[b] };
  delete bucket[id];
  const buckets = state.buckets.slice();
  buckets[b] = bucket;
  return { ...state, buckets };
}

/** Top-level ids with `id` appended to the last chunk (a full chunk starts a new one). */
export function appendRoot(roots: string[][], id: string): string[][] {
  const last = roots[roots.length - 1];
  if (!last || last.length >= CHUNK) return [...roots, [id]];
  const out = roots.slice();
  out[out.length - 1] = [...last, id];
  return out;
}

/** Top-level ids without `id` (an emptied chunk is dropped). */
export function removeRoot(roots: string[][], id: string): string[][] {
  for (let c = 0; c < roots.length; c++) {
    const i = (roots[c] as string[]).indexOf(id);
    if (i < 0) continue;
    const chunk = (roots[c] as string[]).filter((x) => x !== id);
    const out = roots.slice();
    if (chunk.length === 0) out.splice(c, 1);
    else out[c] = chunk;
    return out;
  }
  return roots;
}
