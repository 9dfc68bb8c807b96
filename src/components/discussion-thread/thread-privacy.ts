/**
 * What each viewer may know of who did what in a thread: in the events they receive and in the
 * snapshots they load.
 */
import type { StoredEvent } from '../../core/protocol/model.js';
import { isObj, put } from '../../core/protocol/records.js';
import { canModerate, type Actor } from '../../core/protocol/wire.js';
import { isState } from './thread-state.js';
import { REACTIONS, type Reaction, type ThreadPost, type ThreadState } from './thread-types.js';

/**
 * Who may see who caused an event. Anonymous posts, and edits and deletions of them, hide their
 * author from everyone else (facilitators included); upvotes and reactions are counted publicly but
 * never say who; moderation is public. The viewer's own events always keep their actor.
 */
export function actorVisible(_state: ThreadState, event: StoredEvent, _viewer: Actor): boolean {
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
export function viewState(state: ThreadState, viewer: Actor): ThreadState {
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
