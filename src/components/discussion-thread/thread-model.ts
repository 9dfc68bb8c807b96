import type { TopicModel } from '../../core/protocol/model.js';
import { topicOf } from '../../core/protocol/wire.js';
import { decide } from './thread-decide.js';
import { evolve, fold } from './thread-evolve.js';
import { actorVisible, viewState } from './thread-privacy.js';
import { initialThreadState } from './thread-state.js';
import type { ThreadState } from './thread-types.js';

export { REACTIONS } from './thread-types.js';
export type { Mention, PostAuthor, PostEventData, PostOpData, Reaction, ThreadPost, ThreadSort, ThreadState } from './thread-types.js';
export { forEachPost, getPost, initialThreadState, rootIds, THREAD_LIMITS } from './thread-state.js';
export { cleanBody } from './thread-text.js';
export { canEdit, threadRows, type RowOptions, type ThreadRow } from './thread-rows.js';

/**
 * The pure model of a discussion thread (`thread:<id>` topics), shared by every authority and every
 * client. The authority decides with the full actor and its own clock (`now`); clients fold events
 * in which other people's anonymous posts, upvotes and reactions arrive without an actor, so every
 * event carries what folding needs. No DOM, no clock, no randomness. Rate limiting is the server's
 * job, not the model's.
 *
 * Operations: `post` (new post or reply), `edit`, `delete` (own posts), `upvote`, `react`
 * (anyone while the thread is open), `pin`, `hide`, `answer`, `lock` (facilitators and producers).
 *
 * This file holds the topic kind and the model object; the jobs have files of their own:
 * `thread-state.ts` (state, limits, access), `thread-text.ts` (cleaning what people type),
 * `thread-decide.ts` (the authority's decisions), `thread-evolve.ts` (the fold of events),
 * `thread-privacy.ts` (what each viewer may see) and `thread-rows.ts` (rows to render).
 */

/** Topic kind of discussion threads. */
export const THREAD_KIND = 'thread' as const;

/** Topic name of the thread with this id, for example `thread:week-3`. Throws on an unusable id. */
export const threadTopic = (id: string): string => topicOf(THREAD_KIND, id);

/** The discussion thread topic model, shared by every authority and every client. */
export const threadModel: TopicModel<ThreadState> = {
  kind: THREAD_KIND,
  initial: initialThreadState,
  decide,
  evolve,
  fold,
  actorVisible,
  viewState,
  statements: () => import('./thread-xapi.js').then((m) => m.threadStatements),
};
