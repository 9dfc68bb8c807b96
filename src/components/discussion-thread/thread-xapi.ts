/**
 * xAPI statements of `thread:<id>` events (docs/xapi.md): posts are comments on the thread, replies
 * replies to a post, with the text as the response; upvotes, reactions and moderation act on the
 * post. Anonymous posts (and their edits and deletion) and every upvote and reaction come from the
 * room's anonymous group, as the thread shows them to everyone. Pure.
 */

import { activity, dataOf, actorFor, ACTIVITY_TYPES, EXTENSIONS, statement, topicIri, VERBS } from '../../core/protocol/xapi.js';
import type { StatementBuilder, XapiActivity, XapiOptions, XapiVerb } from '../../core/protocol/xapi-types.js';
import type { StoredEvent } from '../../core/protocol/model.js';
import { getPost } from './thread-model.js';
import type { ThreadState } from './thread-types.js';

const threadActivity = (topic: string, o: XapiOptions): XapiActivity => activity(topicIri(topic, o), { type: ACTIVITY_TYPES.discussion });

/** A post as an activity: `<thread>/posts/<id>`, a topic when top-level, a reply otherwise. */
const postActivity = (topic: string, id: string, reply: boolean, o: XapiOptions): XapiActivity =>
  activity(`${topicIri(topic, o)}/posts/${encodeURIComponent(id)}`, {
    type: reply ? ACTIVITY_TYPES.forumReply : ACTIVITY_TYPES.forumTopic,
  });

/** Verbs of the facilitator's moderation, for setting the flag and for clearing it. */
const MODERATION: Record<string, { field: string; on: XapiVerb; off: XapiVerb }> = {
  pin: { field: 'pinned', on: VERBS.promoted, off: VERBS.demoted },
  hide: { field: 'hidden', on: VERBS.rejected, off: VERBS.approved },
  answer: { field: 'answered', on: VERBS.resolved, off: VERBS.unresolved },
};

function postStatement(event: StoredEvent, d: Record<string, unknown>, before: ThreadState, o: XapiOptions) {
  const id = typeof d.id === 'string' ? d.id : event.opId;
  const parent = typeof d.parent === 'string' ? getPost(before, d.parent) : undefined;
  const thread = threadActivity(event.topic, o);
  const created = postActivity(event.topic, id, !!parent, o);
  // A reply answers the post it sits under, or the deeper one it names (past the depth limit).
  const answered = typeof d.replyTo === 'string' ? (getPost(before, d.replyTo) ?? parent) : parent;
  return statement(event, o, {
    actor: actorFor(event, d.anonymous === false, o),
    verb: answered ? VERBS.replied : VERBS.commented,
    object: answered ? postActivity(event.topic, answered.id, answered.parent !== null, o) : thread,
    result: { response: typeof d.body === 'string' ? d.body : '' },
    parent: parent ? [thread] : undefined,
    other: [created],
    extensions: { [EXTENSIONS.post]: created.id },
  });
}

/** Statements of one accepted thread event (`before`: the thread just before it). */
export const threadStatements: StatementBuilder<ThreadState> = (event, before, o) => {
  const d = dataOf(event);
  const thread = threadActivity(event.topic, o);
  if (event.type === 'post') return [postStatement(event, d, before, o)];
  if (event.type === 'lock')
    return [
      statement(event, o, { actor: actorFor(event, true, o), verb: d.locked === true ? VERBS.closed : VERBS.opened, object: thread }),
    ];
  if (typeof d.postId !== 'string') return [];
  const post = postActivity(event.topic, d.postId, (getPost(before, d.postId)?.parent ?? null) !== null, o);
  const onPost = { object: post, parent: [thread] };
  const moderation = Object.hasOwn(MODERATION, event.type) ? MODERATION[event.type] : undefined;
  if (moderation)
    return [
      statement(event, o, {
        actor: actorFor(event, true, o),
        verb: d[moderation.field] === true ? moderation.on : moderation.off,
        ...onPost,
      }),
    ];
  switch (event.type) {
    case 'edit':
      return [
        statement(event, o, {
          actor: actorFor(event, d.anonymous === false, o),
          verb: VERBS.updated,
          result: { response: typeof d.body === 'string' ? d.body : '' },
          ...onPost,
        }),
      ];
    case 'delete':
      return [statement(event, o, { actor: actorFor(event, d.anonymous === false, o), verb: VERBS.deleted, ...onPost })];
    case 'upvote':
      // The thread never says who upvoted or reacted, to anyone: nor do the statements.
      return [
        statement(event, o, {
          actor: actorFor(event, false, o),
          verb: d.on === true ? VERBS.votedUp : VERBS.retracted,
          ...onPost,
          extensions: { [EXTENSIONS.signal]: 'upvote' },
        }),
      ];
    case 'react':
      return [
        statement(event, o, {
          actor: actorFor(event, false, o),
          verb: d.on === true ? VERBS.responded : VERBS.retracted,
          result: { response: typeof d.reaction === 'string' ? d.reaction : '' },
          ...onPost,
          extensions: { [EXTENSIONS.signal]: 'reaction' },
        }),
      ];
    default:
      return [];
  }
};
