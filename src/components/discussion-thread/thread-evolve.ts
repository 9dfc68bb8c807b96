/**
 * The fold of thread events into the state, run by the authority and by every client. Events of
 * other people's anonymous posts, upvotes and reactions may arrive without an actor, so each event
 * carries what folding needs; anything unreadable leaves the state as it was.
 */
import { isObj } from '../../core/protocol/records.js';
import { isRole, type Actor, type EventEnvelope } from '../../core/protocol/wire.js';
import { cleanMentions } from './thread-text.js';
import { appendRoot, getPost, isBool, isId, isReaction, isState, isTime, removeRoot, withoutPost, withPost } from './thread-state.js';
import type { Mention, PostAuthor, ThreadPost, ThreadState } from './thread-types.js';

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

/** Folds one event into the state. */
export function evolve(state: ThreadState, event: EventEnvelope): ThreadState {
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
