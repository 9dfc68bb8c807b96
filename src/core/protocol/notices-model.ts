import { accept, refuse, type Decision, type TopicModel } from './model.js';
import { isObj } from './records.js';
import { stripBidi } from './text.js';
import { canModerate, topicOf, type EventEnvelope, type Operation, type Actor } from './wire.js';

/**
 * The pure model of a room's notices (`notices:room`): short messages staff post to the whole class
 * ("Audio restarts in one minute"), shown and announced by every widget until they expire or are
 * withdrawn (docs/decisions.md §47). Only facilitators and producers post and withdraw; every
 * authority runs this model, so a participant's forged operation is refused `forbidden` everywhere.
 * A notice ends at `until`, an instant on the authority's clock that the authority fixes when it
 * accepts the post (from a duration or an end time the poster gave).
 */

/** Topic kind of notices. */
export const NOTICES_KIND = 'notices' as const;
/** The room's one notices topic: every widget of the room follows it. */
export const NOTICES_TOPIC = topicOf(NOTICES_KIND, 'room');
/** Longest notice text, in characters (a line a class reads at a glance). */
export const NOTICE_TEXT_MAX = 140;
/** Shortest and longest life of a notice, in seconds (10 s to 12 h). */
export const NOTICE_SECONDS = { min: 10, max: 12 * 3600 } as const;
/** Most notices showing at once: more would bury the widgets under them. */
export const NOTICE_MAX_ACTIVE = 5;

/** One notice as every widget keeps it. */
export interface Notice {
  /** The post's operation id. */
  id: string;
  /** What it says (direction controls removed, trimmed). */
  text: string;
  /** When the authority accepted it (its clock, ms). */
  at: number;
  /** When it stops showing (the authority's clock, ms). */
  until: number;
}

/** The notices of a room still showing, oldest first. */
export interface NoticesState {
  notices: Notice[];
}

/** The notices of `state` still showing at `now` (the authority's clock). */
export const activeNotices = (state: NoticesState, now: number): Notice[] => state.notices.filter((n) => n.until > now);

/** When a post's notice ends: from `seconds` or an end time `until` (ms), never both; null when unusable. */
function endOf(data: Record<string, unknown>, now: number): number | null {
  const { seconds, until } = data;
  if (until === undefined && Number.isInteger(seconds)) return now + (seconds as number) * 1000;
  if (seconds === undefined && Number.isInteger(until)) return until as number;
  return null;
}

function decidePost(state: NoticesState, op: Operation, data: Record<string, unknown>, now: number): Decision {
  const text = typeof data.text === 'string' ? stripBidi(data.text).trim() : null;
  if (text === null) return refuse('bad_operation', "A notice's text must be a string.");
  if (!text) return refuse('text_required', 'A notice needs some text.');
  if (text.length > NOTICE_TEXT_MAX) return refuse('too_long', `A notice is at most ${NOTICE_TEXT_MAX} characters.`);
  const end = endOf(data, now);
  if (end === null || end - now < NOTICE_SECONDS.min * 1000 || end - now > NOTICE_SECONDS.max * 1000)
    return refuse(
      'bad_duration',
      'A notice lasts from 10 seconds to 12 hours: give seconds (a whole number) or an end time (ms), not both.',
    );
  if (activeNotices(state, now).length >= NOTICE_MAX_ACTIVE)
    return refuse('too_many_notices', `At most ${NOTICE_MAX_ACTIVE} notices show at once; withdraw one first.`);
  return accept({ id: op.opId, text, until: end });
}

function decide(state: NoticesState, op: Operation, actor: Actor, now: number): Decision {
  const data = op.data;
  if (!isObj(data)) return refuse('bad_operation', `The data of a notice "${op.type}" must be an object.`);
  if (op.type !== 'post' && op.type !== 'withdraw') return refuse('bad_operation', `Notices do not understand the operation "${op.type}".`);
  if (!canModerate(actor.role)) return refuse('forbidden', `Only a facilitator or producer can ${op.type} a notice.`);
  if (op.type === 'post') return decidePost(state, op, data, now);
  if (!state.notices.some((n) => n.id === data.id)) return refuse('unknown_notice', 'There is no notice with this id (it may have ended).');
  return accept({ id: data.id });
}

function evolve(state: NoticesState, event: EventEnvelope): NoticesState {
  const d = event.data;
  if (!isObj(d) || typeof d.id !== 'string') return state;
  if (event.type === 'withdraw') return { notices: state.notices.filter((n) => n.id !== d.id) };
  if (event.type !== 'post' || typeof d.text !== 'string' || typeof d.until !== 'number') return state;
  if (state.notices.some((n) => n.id === d.id)) return state;
  // Ended notices go as new ones come, so the state (and a snapshot) stays small.
  const kept = state.notices.filter((n) => n.until > event.at);
  return { notices: [...kept, { id: d.id, text: d.text, at: event.at, until: d.until }] };
}

/** The notices topic model, shared by every authority and every client. */
export const noticesModel: TopicModel<NoticesState> = {
  kind: NOTICES_KIND,
  initial: () => ({ notices: [] }),
  decide,
  evolve,
  maxDataBytes: 1024,
};
