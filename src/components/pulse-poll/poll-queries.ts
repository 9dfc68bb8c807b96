/**
 * What a poll's state means at a moment and to a viewer: closed or not, time left, whether results
 * may be seen, and what of the voters each viewer's events and snapshots keep.
 */
import type { StoredEvent } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import { canModerate, type Actor } from '../../core/protocol/wire.js';
import { voterChoices, withVoter } from './poll-tally.js';
import type { PollConfig, PollState, PollViewer } from './poll-types.js';

/** True when the poll takes no more votes at `now`: closed by a facilitator or its timer ran out. */
export function isClosed(state: PollState, now: number): boolean {
  return state.status === 'closed' || (state.closesAt !== null && now >= state.closesAt);
}

/** Milliseconds until the timer closes the poll (0 once it has), or null without a running timer. */
export function timeLeft(state: PollState, now: number): number | null {
  if (state.status === 'closed' || state.closesAt === null) return null;
  return Math.max(0, state.closesAt - now);
}

/**
 * Whether `viewer` may see results now. Facilitators and producers always do; a reveal shows them to
 * everyone; otherwise the config's mode decides: live (always), after-vote (once voted or closed),
 * after-close (once closed), hidden (never). A poll without config behaves as live.
 */
export function canSeeResults(state: PollState, cfg: PollConfig | null, viewer: PollViewer): boolean {
  if (canModerate(viewer.role) || state.revealed) return true;
  switch (cfg?.results ?? 'live') {
    case 'live':
      return true;
    case 'after-vote':
      return viewer.voted || isClosed(state, viewer.now);
    case 'after-close':
      return isClosed(state, viewer.now);
    default:
      return false;
  }
}

/**
 * Who may see who voted. Votes in anonymous polls hide the voter from everyone else (the voter's own
 * events keep their actor, see `projectEvent`); other votes show the voter only to facilitators and
 * producers. When the data is unreadable the voter stays hidden. Control events are public.
 */
export function actorVisible(_state: PollState, event: StoredEvent, viewer: Actor): boolean {
  if (event.type !== 'vote') return true;
  const d = event.data;
  if (!isObj(d) || d.anonymous !== false) return false;
  return canModerate(viewer.role);
}

/**
 * The poll as one viewer may see it in a snapshot: the tally is public; of the voters, facilitators
 * and producers keep everyone in a round where every vote was named (what the vote events show
 * them too), everyone else, and everyone in a round with any anonymous vote, only their own entry.
 */
export function viewState(state: PollState, viewer: Actor): PollState {
  if (state.named === true && canModerate(viewer.role)) return state;
  const mine = voterChoices(state.voters, viewer.id);
  return { ...state, voters: mine ? withVoter({}, viewer.id, [...mine]) : {} };
}
