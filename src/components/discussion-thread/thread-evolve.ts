/**
 * The fold of thread events into the state, run by the authority and by every client. Events of
 * other people's anonymous posts, upvotes and reactions may arrive without an actor, so each event
 * carries what folding needs; anything unreadable leaves the state as it was.
 */
import { isObj } from '../../core/protocol/records.js';
import { isRole, type Actor, type EventEnvelope } from '../../core/protocol/wire.js';
import { cleanMentions } from './thread-text.js';
import {
  dropPost,
  dropRoot,
  getPost,
  isBool,
  isId,
  isReaction,
  isState,
  isTime,
  pushRoot,
  setPost,
  writable,
  type Owned,
} from './thread-state.js';
import type { Mention, PostAuthor, ThreadPost, ThreadState } from './thread-types.js';

function authorOf(actor: Actor | undefined): PostAuthor | null {
  if (!isObj(actor) || typeof actor.id !== 'string' || typeof actor.name !== 'string' || !isRole(actor.role)) return null;
  return { id: actor.id, name: actor.name, role: actor.role };
}

function cleanMentionList(v: unknown): Mention[] {
  return cleanMentions(v) ?? [];
}

// Each apply function gets a state this fold owns (`writable`) and changes it; see `Owned`.

function applyPost(s: ThreadState, d: Record<string, unknown>, event: EventEnvelope, own: Owned): void {
  const parent = d.parent ? getPost(s, d.parent as string) : undefined;
  const post: ThreadPost = {
    id: d.id as string,
    parent: parent ? parent.id : null,
    depth: parent ? parent.depth + 1 : 0,
    replyTo: isId(d.replyTo) ? d.replyTo : parent || d.parent === null ? null : (d.parent as string),
    body: d.body as string,
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
  setPost(s, post, own);
  if (parent) {
    const p = writable(own, parent);
    (p.kids = writable(own, p.kids)).push(post.id);
    setPost(s, p, own);
  } else {
    pushRoot(s, post.id, own);
  }
  s.count++;
}

function applyDelete(s: ThreadState, post: ThreadPost, own: Owned): void {
  s.count = Math.max(0, s.count - 1);
  if (post.kids.length > 0) {
    setPost(s, { ...post, deleted: true, body: '', mentions: [], pinned: false, answered: false, hidden: false }, own);
    return;
  }
  let gone: ThreadPost | undefined = post;
  // Remove the post; a tombstone left without replies goes too, and so on upwards.
  while (gone) {
    dropPost(s, gone.id, own);
    const parent: ThreadPost | undefined = gone.parent ? getPost(s, gone.parent) : undefined;
    if (!parent) {
      dropRoot(s, gone.id, own);
      return;
    }
    const kids = parent.kids.filter((k) => k !== gone!.id);
    if (parent.deleted && kids.length === 0) {
      gone = parent;
      continue;
    }
    setPost(s, { ...parent, kids }, own);
    return;
  }
}

function toggle(list: string[], id: string, on: boolean): string[] {
  const has = list.includes(id);
  if (on && !has) return [...list, id];
  if (!on && has) return list.filter((x) => x !== id);
  return list;
}

/** `state` with one event folded in: changed in place where this fold owns it, `state` itself when the event changes nothing. */
function apply(state: ThreadState, event: EventEnvelope, own: Owned): ThreadState {
  const d = event.data;
  if (!isObj(d) || !isState(state)) return state;
  if (event.type === 'post') {
    if (!isId(d.id) || typeof d.body !== 'string' || (d.parent !== null && !isId(d.parent)) || getPost(state, d.id)) return state;
    const s = writable(own, state);
    applyPost(s, d, event, own);
    return s;
  }
  if (event.type === 'lock') {
    if (!isBool(d.locked)) return state;
    const s = writable(own, state);
    s.locked = d.locked;
    return s;
  }
  if (!isId(d.postId)) return state;
  const post = getPost(state, d.postId);
  if (!post) return state;
  const actorId = isObj(event.actor) && typeof event.actor.id === 'string' ? event.actor.id : null;
  let change: Partial<ThreadPost>;
  switch (event.type) {
    case 'edit':
      if (post.deleted || typeof d.body !== 'string') return state;
      change = { body: d.body, rev: typeof d.rev === 'number' && Number.isSafeInteger(d.rev) ? d.rev : post.rev + 1, editedAt: event.at };
      break;
    case 'delete': {
      if (post.deleted) return state;
      const s = writable(own, state);
      applyDelete(s, post, own);
      return s;
    }
    case 'upvote':
      if (!isBool(d.on)) return state;
      change = { votes: Math.max(0, post.votes + (d.on ? 1 : -1)), voters: actorId ? toggle(post.voters, actorId, d.on) : post.voters };
      break;
    case 'react': {
      if (!isReaction(d.reaction) || !isBool(d.on)) return state;
      const r = d.reaction;
      const reactions = { ...post.reactions, [r]: Math.max(0, (post.reactions[r] ?? 0) + (d.on ? 1 : -1)) };
      if (reactions[r] === 0) delete reactions[r];
      change = { reactions, reactors: actorId ? { ...post.reactors, [r]: toggle(post.reactors[r] ?? [], actorId, d.on) } : post.reactors };
      break;
    }
    case 'pin':
      if (!isBool(d.pinned)) return state;
      change = { pinned: d.pinned };
      break;
    case 'hide':
      if (!isBool(d.hidden)) return state;
      change = { hidden: d.hidden };
      break;
    case 'answer':
      if (!isBool(d.answered)) return state;
      change = { answered: d.answered };
      break;
    default:
      return state;
  }
  const s = writable(own, state);
  setPost(s, Object.assign(writable(own, post), change), own);
  return s;
}

/**
 * Folds events in order (catch-up, replay, load): exactly what `evolve` gives one event at a time,
 * but whatever the first event copies (a bucket of posts, the list of top-level ids) the later ones
 * change in place, so a long history costs a copy per bucket, not one per event (decisions §64).
 * `state` itself is never changed.
 */
export function fold(state: ThreadState, events: Iterable<EventEnvelope>): ThreadState {
  const own: Owned = new WeakSet();
  for (const event of events) state = apply(state, event, own);
  return state;
}

/** Folds one event into the state. */
export const evolve = (state: ThreadState, event: EventEnvelope): ThreadState => fold(state, [event]);
