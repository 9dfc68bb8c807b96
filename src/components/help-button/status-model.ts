import { accept, refuse, type Decision, type StoredEvent, type TopicModel } from '../../core/protocol/model.js';
import { get, isObj, put } from '../../core/protocol/records.js';
import { canModerate, isTopic, topicOf, type Actor, type EventEnvelope, type Operation, type Role } from '../../core/protocol/wire.js';
import { DIAG_STATES, DIAG_TRANSPORTS, type HelpDiagnostics } from './help-types.js';

/**
 * The pure model of a room's connection health (`status:<id>` topics): each person's own client
 * reports its connection state, transport and outbox, when it changes (docs/decisions.md §42).
 * Staff read everyone's; a participant reads only their own, through the projection, on every
 * transport. One entry per person, at most `STATUS_MAX_PEOPLE`, so the state stays bounded.
 */

/** Topic kind of connection-health topics. */
export const STATUS_KIND = 'status' as const;
/** Topic name of the connection health with this id (`status:room`). */
export const statusTopic = (id: string): string => topicOf(STATUS_KIND, id);
/** Most people one topic keeps. */
export const STATUS_MAX_PEOPLE = 5000;
/** Most widget topics one person's entry lists (the latest ones). */
export const STATUS_MAX_WIDGETS = 20;

/** One person's latest report. */
export interface PersonStatus {
  name: string;
  role: Role;
  state: HelpDiagnostics['state'];
  transport: HelpDiagnostics['transport'];
  /** Their operations waiting in the outbox (not counting status reports). */
  queued: number;
  /** When the authority accepted the report. */
  at: number;
  /** Language their page shows the widgets in (absent from pages older than decisions §48). */
  language?: string;
  /** Authority time of their latest accepted operation in a widget (decisions §48), or null. */
  active?: number | null;
  /** Widget topics they took part in, latest last (never where staff may not see who acted). */
  widgets?: string[];
}

/** Connection health: the latest report per person id. */
export interface StatusState {
  people: Record<string, PersonStatus>;
  count: number;
}

const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/;

/** What is wrong with a report's optional activity fields (decisions §48), or null. */
function activityProblem(d: Record<string, unknown>, now: number): string | null {
  if (d.language !== undefined && (typeof d.language !== 'string' || !LANGUAGE.test(d.language) || d.language.length > 35))
    return 'language must be a language tag such as "pt-BR".';
  if (
    d.active !== undefined &&
    d.active !== null &&
    (!Number.isSafeInteger(d.active) || (d.active as number) < 0 || (d.active as number) > now)
  )
    return 'active must be a time (ms) no later than now, or null.';
  const w = d.widgets;
  if (w !== undefined && (!Array.isArray(w) || w.length > STATUS_MAX_WIDGETS || !w.every(isTopic)))
    return `widgets must be at most ${STATUS_MAX_WIDGETS} topic names.`;
  return null;
}

function decide(state: StatusState, op: Operation, actor: Actor, now: number): Decision {
  if (op.type !== 'report') return refuse('bad_operation', `Connection health does not understand the operation "${op.type}".`);
  const d = op.data;
  if (!isObj(d)) return refuse('bad_operation', 'A status report must be an object.');
  if (!DIAG_STATES.includes(d.state as never)) return refuse('bad_operation', `Unknown connection state "${String(d.state)}".`);
  if (!DIAG_TRANSPORTS.includes(d.transport as never)) return refuse('bad_operation', `Unknown transport "${String(d.transport)}".`);
  if (!Number.isInteger(d.queued) || (d.queued as number) < 0 || (d.queued as number) > 1_000_000)
    return refuse('bad_operation', 'queued must be a whole number from 0 to 1000000.');
  const extra = activityProblem(d, now);
  if (extra) return refuse('bad_operation', extra);
  if (!get(state.people, actor.id) && state.count >= STATUS_MAX_PEOPLE)
    return refuse('too_many', 'This room reports the health of as many people as it can keep.');
  // Who reports is the authority's actor, never a field a client could set for someone else.
  const { language, active, widgets } = d;
  return accept({
    who: actor.id,
    name: actor.name,
    role: actor.role,
    state: d.state,
    transport: d.transport,
    queued: d.queued,
    language,
    active,
    widgets,
  });
}

function evolve(state: StatusState, event: EventEnvelope): StatusState {
  const d = event.data;
  if (event.type !== 'report' || !isObj(d) || typeof d.who !== 'string' || typeof d.name !== 'string') return state;
  const people = { ...state.people };
  const before = get(people, d.who) as PersonStatus | undefined;
  const entry: PersonStatus = {
    name: d.name,
    role: d.role as Role,
    state: d.state as PersonStatus['state'],
    transport: d.transport as PersonStatus['transport'],
    queued: Number(d.queued) || 0,
    at: event.at,
  };
  // A reloaded page starts its own record afresh: what this person did before stays (widgets joined, latest activity kept).
  const language = typeof d.language === 'string' ? d.language : before?.language;
  if (language) entry.language = language;
  const active = Math.max(typeof d.active === 'number' ? d.active : 0, before?.active ?? 0);
  if (active) entry.active = active;
  const widgets = [...new Set([...(before?.widgets ?? []), ...(Array.isArray(d.widgets) ? d.widgets.filter(isTopic) : [])])];
  if (widgets.length) entry.widgets = widgets.slice(-STATUS_MAX_WIDGETS);
  put(people, d.who, entry);
  const known = before !== undefined;
  return { people, count: state.count + (known ? 0 : 1) };
}

const whoOf = (event: EventEnvelope): unknown => (isObj(event.data) ? event.data.who : undefined);

/** A participant receives only their own reports. */
function viewEvent(event: StoredEvent, viewer: Actor): StoredEvent {
  return canModerate(viewer.role) || whoOf(event) === viewer.id ? event : { ...event, type: 'hidden', data: {} };
}

/** A snapshot for one viewer: staff get everyone, a participant themselves. */
function viewState(state: StatusState, viewer: Actor): StatusState {
  if (canModerate(viewer.role)) return state;
  const people: Record<string, PersonStatus> = {};
  const mine = get(state.people, viewer.id);
  if (mine) put(people, viewer.id, mine);
  return { people, count: state.count };
}

/** The connection-health topic model, shared by every authority and every client. */
export const statusModel: TopicModel<StatusState> = {
  kind: STATUS_KIND,
  initial: () => ({ people: {}, count: 0 }),
  decide,
  evolve,
  viewEvent,
  actorVisible: (_s, event, viewer) => canModerate(viewer.role) || whoOf(event) === viewer.id,
  viewState,
  maxDataBytes: 1024,
};
