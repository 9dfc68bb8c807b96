import { accept as ok, refuse as fail, type Decision, type StoredEvent, type TopicModel } from '../../core/protocol/model.js';
import { bucketOf as hashBucket, get, isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { canModerate, isRole, topicOf, type Actor, type EventEnvelope, type Operation } from '../../core/protocol/wire.js';
import {
  REACTIONS,
  type Mention,
  type PostAuthor,
  type PostEventData,
  type Reaction,
  type ThreadPost,
  type ThreadSort,
  type ThreadState,
} from './thread-types.js';

export { REACTIONS } from './thread-types.js';
export type { Mention, PostAuthor, PostEventData, PostOpData, Reaction, ThreadPost, ThreadSort, ThreadState } from './thread-types.js';

/**
 * The pure model of a discussion thread (`thread:<id>` topics), shared by every authority and every
 * client. The authority decides with the full actor and its own clock (`now`); clients fold events
 * in which other people's anonymous posts, upvotes and reactions arrive without an actor, so every
 * event carries what folding needs. No DOM, no clock, no randomness. Rate limiting is the server's
 * job, not the model's.
 *
 * Operations: `post` (new post or reply), `edit`, `delete` (own posts), `upvote`, `react`
 * (anyone while the thread is open), `pin`, `hide`, `answer`, `lock` (facilitators and producers).
 */

/** Topic kind of discussion threads. */
export const THREAD_KIND = 'thread' as const;

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
  maxPosts: 50_000,
} as const;

const BUCKETS = 256;
const CHUNK = 256;

/** Topic name of the thread with this id, for example `thread:week-3`. Throws on an unusable id. */
export const threadTopic = (id: string): string => topicOf(THREAD_KIND, id);

// ---------------------------------------------------------------------------------------------
// Records are keyed by ids that come from clients ("__proto__" is a valid opId), so reads check
// own properties and writes define properties.

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isReaction = (v: unknown): v is Reaction => typeof v === 'string' && (REACTIONS as readonly string[]).includes(v);

const bucketOf = (id: string): number => hashBucket(id, BUCKETS);

// ---------------------------------------------------------------------------------------------
// State access

/** State of a thread nobody has posted in. */
export function initialThreadState(): ThreadState {
  return { locked: false, count: 0, buckets: Array.from({ length: BUCKETS }, () => ({})), roots: [] };
}

/** True when `s` has the shape of a thread state (a snapshot from an authority, for instance). */
function isState(s: unknown): s is ThreadState {
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

function withPost(state: ThreadState, post: ThreadPost, also?: ThreadPost): ThreadState {
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

function withoutPost(state: ThreadState, id: string): ThreadState {
  const b = bucketOf(id);
  const bucket = { ...state.buckets[b] };
  delete bucket[id];
  const buckets = state.buckets.slice();
  buckets[b] = bucket;
  return { ...state, buckets };
}

function appendRoot(roots: string[][], id: string): string[][] {
  const last = roots[roots.length - 1];
  if (!last || last.length >= CHUNK) return [...roots, [id]];
  const out = roots.slice();
  out[out.length - 1] = [...last, id];
  return out;
}

function removeRoot(roots: string[][], id: string): string[][] {
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

// ---------------------------------------------------------------------------------------------
// Text

/** C0/C1 controls except tab and newline. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Unpaired surrogates (they would make the JSON of an op grow sixfold). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cleans a post body: line endings to `\n`, direction overrides and control characters removed,
 * unpaired surrogates replaced, Unicode NFC, trailing whitespace and leading blank lines dropped.
 */
export function cleanBody(text: string): string {
  const s = stripBidi(text.replace(/\r\n?/g, '\n')).replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
  let start = 0;
  // Leading blank lines only (the first line's indentation may matter, for code).
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\n') start = i + 1;
    else if (c !== ' ' && c !== '\t') break;
  }
  return s.slice(start).trimEnd();
}

function cleanMentions(v: unknown): Mention[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > THREAD_LIMITS.maxMentions) return null;
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const m of v) {
    if (!isObj(m) || !isId(m.id) || typeof m.name !== 'string' || m.name.length > 80) return null;
    const name = stripBidi(m.name).replace(CONTROLS, '').trim();
    if (!name || seen.has(m.id)) continue;
    seen.add(m.id);
    out.push({ id: m.id, name });
  }
  return out;
}

function intIn(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
}

// ---------------------------------------------------------------------------------------------
// decide

function checkBody(raw: unknown): { body: string } | Decision {
  if (typeof raw !== 'string') return fail('bad_operation', 'A post needs a text body.');
  const body = cleanBody(raw);
  if (body.trim() === '') return fail('post_empty', 'Write something before posting.');
  if (body.length > THREAD_LIMITS.maxBody) {
    return fail('post_too_long', `Posts can be at most ${THREAD_LIMITS.maxBody} characters; this one has ${body.length}.`);
  }
  return { body };
}

const isDecision = (v: unknown): v is Decision => isObj(v) && 'ok' in v;

function decidePost(state: ThreadState, op: Operation, d: Record<string, unknown>, actor: Actor, now: number): Decision {
  if (state.locked && !canModerate(actor.role)) return fail('thread_locked', 'This thread is locked.');
  if (state.count >= THREAD_LIMITS.maxPosts) return fail('thread_full', `This thread has reached ${THREAD_LIMITS.maxPosts} posts.`);
  const checked = checkBody(d.body);
  if (isDecision(checked)) return checked;
  if (d.anonymous !== undefined && !isBool(d.anonymous)) return fail('bad_operation', 'anonymous must be true or false.');
  const mentions = cleanMentions(d.mentions);
  if (!mentions) return fail('bad_operation', `mentions must be a list of at most ${THREAD_LIMITS.maxMentions} {id, name}.`);
  if (getPost(state, op.opId)) return fail('bad_operation', 'A post with this id exists.');
  const parentId = d.parent ?? null;
  let target: ThreadPost | null = null;
  let replyTo: string | null = null;
  if (parentId !== null) {
    if (!isId(parentId)) return fail('bad_operation', 'parent must be a post id or null.');
    const parent = getPost(state, parentId);
    if (!parent) return fail('post_not_found', 'The post you reply to no longer exists.');
    if (parent.deleted) return fail('post_deleted', 'The post you reply to was deleted.');
    const maxDepth = intIn(d.maxDepth, 1, THREAD_LIMITS.maxDepth, THREAD_LIMITS.defaultDepth);
    // Too deep: attach to the deepest allowed level and remember whom the reply answers.
    target = parent;
    while (target && target.depth >= maxDepth - 1) target = target.parent ? (getPost(state, target.parent) ?? null) : null;
    if (target !== parent) replyTo = parent.id;
  }
  const minutes =
    typeof d.editMinutes === 'number' &&
    Number.isFinite(d.editMinutes) &&
    d.editMinutes >= 0 &&
    d.editMinutes <= THREAD_LIMITS.maxEditMinutes
      ? d.editMinutes
      : THREAD_LIMITS.defaultEditMinutes;
  const data: PostEventData = {
    id: op.opId,
    parent: target ? target.id : null,
    depth: target ? target.depth + 1 : 0,
    replyTo,
    body: checked.body,
    anonymous: d.anonymous === true,
    editableUntil: now + Math.round(minutes * 60_000),
    mentions,
  };
  return ok(data);
}

/** Finds the post an op names, or the rejection to send. */
function target(state: ThreadState, d: Record<string, unknown>): ThreadPost | Decision {
  if (!isId(d.postId)) return fail('bad_operation', 'postId must be a post id.');
  const post = getPost(state, d.postId);
  if (!post) return fail('post_not_found', 'That post no longer exists.');
  if (post.deleted) return fail('post_deleted', 'That post was deleted.');
  return post;
}

const MODERATION: Record<string, { field: 'pinned' | 'hidden' | 'answered'; verb: string }> = {
  pin: { field: 'pinned', verb: 'pin posts' },
  hide: { field: 'hidden', verb: 'hide posts' },
  answer: { field: 'answered', verb: 'mark posts as answered' },
};

function decide(state: ThreadState, op: Operation, actor: Actor, now: number): Decision {
  const type = op.type;
  const moderation = Object.hasOwn(MODERATION, type) ? MODERATION[type] : undefined;
  if (moderation && !canModerate(actor.role)) return fail('forbidden', `Only a facilitator can ${moderation.verb}.`);
  if (type === 'lock' && !canModerate(actor.role)) return fail('forbidden', 'Only a facilitator can lock or unlock this thread.');
  const d = op.data;
  if (!isObj(d)) return fail('bad_operation', `The data of a thread "${type}" must be an object.`);
  if (!isState(state)) return fail('bad_operation', 'The thread state is unreadable.');
  const locked = state.locked && !canModerate(actor.role);

  switch (type) {
    case 'post':
      return decidePost(state, op, d, actor, now);
    case 'edit': {
      const post = target(state, d);
      if (isDecision(post)) return post;
      if (post.author?.id !== actor.id) return fail('not_author', 'You can only edit your own posts.');
      if (locked) return fail('thread_locked', 'This thread is locked.');
      if (now > post.editableUntil) return fail('edit_window_closed', 'The time to edit this post has passed.');
      if (d.rev !== undefined && d.rev !== post.rev) return fail('edit_conflict', 'This post changed since you started editing it.');
      const checked = checkBody(d.body);
      if (isDecision(checked)) return checked;
      return ok({ postId: post.id, body: checked.body, rev: post.rev + 1, anonymous: post.anonymous });
    }
    case 'delete': {
      const post = target(state, d);
      if (isDecision(post)) return post;
      if (post.author?.id !== actor.id) return fail('not_author', 'You can only delete your own posts.');
      return ok({ postId: post.id, anonymous: post.anonymous });
    }
    case 'upvote': {
      const post = target(state, d);
      if (isDecision(post)) return post;
      if (!isBool(d.on)) return fail('bad_operation', 'upvote needs on: true or false.');
      if (locked) return fail('thread_locked', 'This thread is locked.');
      if (post.author?.id === actor.id) return fail('own_post', 'You cannot upvote your own post.');
      const has = post.voters.includes(actor.id);
      if (d.on && has) return fail('already_upvoted', 'You have already upvoted this post.');
      if (!d.on && !has) return fail('not_upvoted', 'You have not upvoted this post.');
      return ok({ postId: post.id, on: d.on });
    }
    case 'react': {
      const post = target(state, d);
      if (isDecision(post)) return post;
      if (!isReaction(d.reaction)) return fail('bad_reaction', `Reactions are ${REACTIONS.join(', ')}.`);
      if (!isBool(d.on)) return fail('bad_operation', 'react needs on: true or false.');
      if (locked) return fail('thread_locked', 'This thread is locked.');
      const has = (post.reactors[d.reaction] ?? []).includes(actor.id);
      if (d.on && has) return fail('already_reacted', 'You already reacted this way.');
      if (!d.on && !has) return fail('not_reacted', 'You have not reacted this way.');
      return ok({ postId: post.id, reaction: d.reaction, on: d.on });
    }
    case 'pin':
    case 'hide':
    case 'answer': {
      const field = moderation!.field;
      const post = target(state, d);
      if (isDecision(post)) return post;
      if (!isBool(d[field])) return fail('bad_operation', `${type} needs ${field}: true or false.`);
      return ok({ postId: post.id, [field]: d[field] });
    }
    case 'lock':
      if (!isBool(d.locked)) return fail('bad_operation', 'lock needs locked: true or false.');
      return ok({ locked: d.locked });
    default:
      return fail('bad_operation', `Threads do not understand the operation "${type}".`);
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

function authorOf(actor: Actor | undefined): PostAuthor | null {
  if (!isObj(actor) || typeof actor.id !== 'string' || typeof actor.name !== 'string' || !isRole(actor.role)) return null;
  return { id: actor.id, name: actor.name, role: actor.role };
}

function cleanMentionList(v: unknown): Mention[] {
  return cleanMentions(v) ?? [];
}

function applyPost(state: ThreadState, d: Record<string, unknown>, event: EventEnvelope): ThreadState {
  if (!isId(d.id) || typeof d.body !== 'string' || (d.parent !== null && !isId(d.parent))) return state;
  if (getPost(state, d.id)) return state;
  const parent = d.parent ? getPost(state, d.parent) : undefined;
  const post: ThreadPost = {
    id: d.id,
    parent: parent ? parent.id : null,
    depth: parent ? parent.depth + 1 : 0,
    replyTo: isId(d.replyTo) ? d.replyTo : parent || d.parent === null ? null : (d.parent as string),
    body: d.body,
    author: authorOf(event.actor),
    anonymous: d.anonymous === true,
    at: event.at,
    editedAt: null,
    editableUntil: isTime(d.editableUntil) ? d.editableUntil : event.at,
    rev: 0,
    deleted: false,
    hidden: false,
    pinned: false,
    answered: false,
    votes: 0,
    voters: [],
    reactions: {},
    reactors: {},
    mentions: cleanMentionList(d.mentions),
    kids: [],
  };
  const next = parent ? withPost(state, post, { ...parent, kids: [...parent.kids, post.id] }) : withPost(state, post);
  return { ...next, roots: parent ? next.roots : appendRoot(next.roots, post.id), count: next.count + 1 };
}

function applyDelete(state: ThreadState, post: ThreadPost): ThreadState {
  if (post.kids.length > 0) {
    const tomb: ThreadPost = { ...post, deleted: true, body: '', mentions: [], pinned: false, answered: false, hidden: false };
    return { ...withPost(state, tomb), count: Math.max(0, state.count - 1) };
  }
  let next: ThreadState = { ...state, count: Math.max(0, state.count - (post.deleted ? 0 : 1)) };
  let gone: ThreadPost | undefined = post;
  // Remove the post; a tombstone left without replies goes too, and so on upwards.
  while (gone) {
    next = withoutPost(next, gone.id);
    const parent: ThreadPost | undefined = gone.parent ? getPost(next, gone.parent) : undefined;
    if (!parent) {
      next = { ...next, roots: removeRoot(next.roots, gone.id) };
      break;
    }
    const kids = parent.kids.filter((k) => k !== gone!.id);
    if (parent.deleted && kids.length === 0) {
      gone = parent;
      continue;
    }
    next = withPost(next, { ...parent, kids });
    break;
  }
  return next;
}

function toggle(list: string[], id: string, on: boolean): string[] {
  const has = list.includes(id);
  if (on && !has) return [...list, id];
  if (!on && has) return list.filter((x) => x !== id);
  return list;
}

function evolve(state: ThreadState, event: EventEnvelope): ThreadState {
  const d = event.data;
  if (!isObj(d) || !isState(state)) return state;
  if (event.type === 'post') return applyPost(state, d, event);
  if (event.type === 'lock') return isBool(d.locked) ? { ...state, locked: d.locked } : state;
  if (!isId(d.postId)) return state;
  const post = getPost(state, d.postId);
  if (!post) return state;
  const actorId = isObj(event.actor) && typeof event.actor.id === 'string' ? event.actor.id : null;
  switch (event.type) {
    case 'edit':
      if (post.deleted || typeof d.body !== 'string') return state;
      return withPost(state, {
        ...post,
        body: d.body,
        rev: typeof d.rev === 'number' && Number.isSafeInteger(d.rev) ? d.rev : post.rev + 1,
        editedAt: event.at,
      });
    case 'delete':
      return post.deleted ? state : applyDelete(state, post);
    case 'upvote': {
      if (!isBool(d.on)) return state;
      const votes = Math.max(0, post.votes + (d.on ? 1 : -1));
      return withPost(state, { ...post, votes, voters: actorId ? toggle(post.voters, actorId, d.on) : post.voters });
    }
    case 'react': {
      if (!isReaction(d.reaction) || !isBool(d.on)) return state;
      const r = d.reaction;
      const reactions = { ...post.reactions, [r]: Math.max(0, (post.reactions[r] ?? 0) + (d.on ? 1 : -1)) };
      if (reactions[r] === 0) delete reactions[r];
      const reactors = actorId ? { ...post.reactors, [r]: toggle(post.reactors[r] ?? [], actorId, d.on) } : post.reactors;
      return withPost(state, { ...post, reactions, reactors });
    }
    case 'pin':
      return isBool(d.pinned) ? withPost(state, { ...post, pinned: d.pinned }) : state;
    case 'hide':
      return isBool(d.hidden) ? withPost(state, { ...post, hidden: d.hidden }) : state;
    case 'answer':
      return isBool(d.answered) ? withPost(state, { ...post, answered: d.answered }) : state;
    default:
      return state;
  }
}

// ---------------------------------------------------------------------------------------------
// Privacy

/**
 * Who may see who caused an event. Anonymous posts, and edits and deletions of them, hide their
 * author from everyone else (facilitators included); upvotes and reactions are counted publicly but
 * never say who; moderation is public. The viewer's own events always keep their actor.
 */
function actorVisible(_state: ThreadState, event: StoredEvent, _viewer: Actor): boolean {
  const d = event.data;
  switch (event.type) {
    case 'post':
    case 'edit':
    case 'delete':
      return isObj(d) && d.anonymous === false;
    case 'upvote':
    case 'react':
      return false;
    default:
      return true;
  }
}

/**
 * The thread as one viewer may see it in a snapshot: authors of other people's anonymous posts
 * removed, only the viewer's own upvote and reactions named, and, for participants, the text of
 * posts a facilitator hid (except their own).
 */
function viewState(state: ThreadState, viewer: Actor): ThreadState {
  if (!isState(state)) return state;
  const moderator = canModerate(viewer.role);
  const buckets = state.buckets.map((bucket) => {
    const out: Record<string, ThreadPost> = {};
    for (const key of Object.keys(bucket)) {
      const p = bucket[key] as ThreadPost;
      const mine = p.author?.id === viewer.id;
      const reactors: Partial<Record<Reaction, string[]>> = {};
      for (const r of REACTIONS) if (p.reactors[r]?.includes(viewer.id)) reactors[r] = [viewer.id];
      put(out, key, {
        ...p,
        author: p.anonymous && !mine ? null : p.author,
        body: p.hidden && !moderator && !mine ? '' : p.body,
        voters: p.voters.includes(viewer.id) ? [viewer.id] : [],
        reactors,
      });
    }
    return out;
  });
  return { ...state, buckets };
}

/** The discussion thread topic model, shared by every authority and every client. */
export const threadModel: TopicModel<ThreadState> = {
  kind: THREAD_KIND,
  initial: initialThreadState,
  decide,
  evolve,
  actorVisible,
  viewState,
  statements: () => import('./thread-xapi.js').then((m) => m.threadStatements),
};

// ---------------------------------------------------------------------------------------------
// Queries the view and the exports use

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
