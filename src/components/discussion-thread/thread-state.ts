/**
 * The thread's state and access to it: posts in hash buckets (an event copies one bucket, not the
 * thread), top-level ids in chunks, the limits every thread keeps, and the value checks the model's
 * other files share. Records are keyed by ids that come from clients ("__proto__" is a valid opId),
 * so reads check own properties and writes go to copies without a prototype.
 */
import { bucketOf as hashBucket, get, isObj } from '../../core/protocol/records.js';
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

/**
 * The objects one fold made itself (decisions §64). Nobody else holds them until the fold returns,
 * so the fold's later events change them in place; anything else is copied before it changes, so the
 * state a fold starts from (a snapshot someone stored, the state a view shows) is never touched.
 */
export type Owned = WeakSet<object>;

const shallow = <T extends object>(value: T): T => (Array.isArray(value) ? value.slice() : { ...value }) as T;

/**
 * A bucket's copy, without a prototype. Engines keep such an object as a hash table; a plain one is
 * kept as a hidden class per set of keys, and each post id added to it builds a new one that copies
 * every key before it (seconds for a 100,000-post fold). A loop copies it in a third of the time
 * `Object.assign` or a spread takes (decisions §64). JSON and structured clone see the same record;
 * reads check own properties either way, and without a prototype no key reaches a setter.
 */
function bucketCopy(bucket: Record<string, ThreadPost>): Record<string, ThreadPost> {
  const copy: Record<string, ThreadPost> = Object.create(null);
  for (const id of Object.keys(bucket)) copy[id] = bucket[id]!;
  return copy;
}

/** `value` itself when this fold made it, otherwise a shallow copy that this fold now owns. */
export function writable<T extends object>(own: Owned, value: T, copy: (value: T) => T = shallow): T {
  if (own.has(value)) return value;
  const mine = copy(value);
  own.add(mine);
  return mine;
}

/** Puts `post` in its bucket of `state` (writable: owned by this fold). */
export function setPost(state: ThreadState, post: ThreadPost, own: Owned): void {
  const buckets = (state.buckets = writable(own, state.buckets));
  const b = bucketOf(post.id);
  // A bucket this fold writes to is its own copy, without a prototype: any id is a plain key.
  (buckets[b] = writable(own, buckets[b]!, bucketCopy))[post.id] = post;
}

/** Takes the post `id` out of `state` (writable). */
export function dropPost(state: ThreadState, id: string, own: Owned): void {
  const buckets = (state.buckets = writable(own, state.buckets));
  const b = bucketOf(id);
  delete (buckets[b] = writable(own, buckets[b]!, bucketCopy))[id];
}

/** Appends a top-level id to `state` (writable); a full chunk starts a new one. */
export function pushRoot(state: ThreadState, id: string, own: Owned): void {
  const roots = (state.roots = writable(own, state.roots));
  const last = roots[roots.length - 1];
  if (!last || last.length >= CHUNK) roots.push([id]);
  else (roots[roots.length - 1] = writable(own, last)).push(id);
}

/** Takes a top-level id out of `state` (writable); an emptied chunk is dropped. */
export function dropRoot(state: ThreadState, id: string, own: Owned): void {
  const c = state.roots.findIndex((chunk) => chunk.includes(id));
  if (c < 0) return;
  const roots = (state.roots = writable(own, state.roots));
  const chunk = (roots[c] = writable(own, roots[c]!));
  chunk.splice(chunk.indexOf(id), 1);
  if (chunk.length === 0) roots.splice(c, 1);
}
