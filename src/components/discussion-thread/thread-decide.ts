/**
 * The authority's decision on one thread operation: posts and replies (nesting capped), edits and
 * deletions of one's own posts, upvotes, reactions, and the facilitators' moderation and lock.
 * Each refusal carries a code and a specific English message.
 */
import { accept as ok, refuse as fail, type Decision } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import { canModerate, type Actor, type Operation } from '../../core/protocol/wire.js';
import { cleanBody, cleanMentions } from './thread-text.js';
import { getPost, isBool, isId, isReaction, isState, THREAD_LIMITS } from './thread-state.js';
import { REACTIONS, type PostEventData, type ThreadPost, type ThreadState } from './thread-types.js';

function intIn(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
}

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

/** The authority's decision on one operation (see the file's header for what each one checks). */
export function decide(state: ThreadState, op: Operation, actor: Actor, now: number): Decision {
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
