/**
 * Shared pieces of every widget's xAPI statements (docs/xapi.md): the vocabulary, activity ids under
 * the host's base IRI, actors that keep anonymity, and the statement frame with its stable id, the
 * authority's timestamp and the room's context. Pure: no DOM, no clock, no randomness.
 */

import type { StoredEvent } from './model.js';
import { URL_NAMESPACE, uuidV5 } from './uuid-v5.js';
import type { Actor } from './wire.js';
import type {
  LanguageMap,
  XapiActivity,
  XapiActivityDefinition,
  XapiAgent,
  XapiGroup,
  XapiOptions,
  XapiResult,
  XapiStatement,
  XapiVerb,
} from './xapi-types.js';

export type * from './xapi-types.js';

/** Pulsekit's own vocabulary (the terms no registry has), described in docs/xapi.md. */
export const VOCAB = 'https://pulsekit.github.io/xapi/';

/** Namespace of statement ids: the version 5 UUID of `${VOCAB}statements` in the URL namespace. */
export const STATEMENT_NAMESPACE = 'e0ad612f-de4d-54b2-9f19-d588ac7cdac2';

const ADL = 'http://adlnet.gov/expapi/verbs/';
const AS = 'http://activitystrea.ms/';
const TINCAN = 'http://id.tincanapi.com/verb/';

const verb = (id: string, display: string): XapiVerb => ({ id, display: { en: display } });

/** Every verb Pulsekit uses; docs/xapi.md says why each was chosen. */
export const VERBS = {
  answered: verb(`${ADL}answered`, 'answered'),
  commented: verb(`${ADL}commented`, 'commented'),
  completed: verb(`${ADL}completed`, 'completed'),
  responded: verb(`${ADL}responded`, 'responded'),
  shared: verb(`${ADL}shared`, 'shared'),
  acknowledged: verb(`${AS}acknowledge`, 'acknowledged'),
  approved: verb(`${AS}approve`, 'approved'),
  canceled: verb(`${AS}cancel`, 'canceled'),
  closed: verb(`${AS}close`, 'closed'),
  deleted: verb(`${AS}delete`, 'deleted'),
  opened: verb(`${AS}open`, 'opened'),
  rejected: verb(`${AS}reject`, 'rejected'),
  resolved: verb(`${AS}resolve`, 'resolved'),
  retracted: verb(`${AS}retract`, 'retracted'),
  scheduled: verb(`${AS}schedule`, 'scheduled'),
  started: verb(`${AS}start`, 'started'),
  unshared: verb(`${AS}unshare`, 'unshared'),
  updated: verb(`${AS}update`, 'updated'),
  bookmarked: verb(`${TINCAN}bookmarked`, 'bookmarked'),
  disabled: verb(`${TINCAN}disabled`, 'disabled'),
  enabled: verb(`${TINCAN}enabled`, 'enabled'),
  promoted: verb(`${TINCAN}promoted`, 'promoted'),
  replied: verb(`${TINCAN}replied`, 'replied'),
  requestedAttention: verb(`${TINCAN}requested-attention`, 'requested attention'),
  votedUp: verb(`${TINCAN}voted-up`, 'voted up'),
  cleared: verb(`${VOCAB}verbs/cleared`, 'cleared'),
  demoted: verb(`${VOCAB}verbs/demoted`, 'demoted'),
  unresolved: verb(`${VOCAB}verbs/unresolved`, 'unresolved'),
} as const;

/** Activity types. */
export const ACTIVITY_TYPES = {
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  profile: 'http://adlnet.gov/expapi/activities/profile',
  discussion: 'http://id.tincanapi.com/activitytype/discussion',
  forumTopic: 'http://id.tincanapi.com/activitytype/forum-topic',
  forumReply: 'http://id.tincanapi.com/activitytype/forum-reply',
  meter: `${VOCAB}activities/engagement-meter`,
  survey: `${VOCAB}activities/survey`,
} as const;

/** Extensions (context and result), all in Pulsekit's vocabulary. */
export const EXTENSIONS = {
  topic: `${VOCAB}extensions/topic`,
  seq: `${VOCAB}extensions/seq`,
  session: `${VOCAB}extensions/session`,
  round: `${VOCAB}extensions/round`,
  changed: `${VOCAB}extensions/changed`,
  closesAt: `${VOCAB}extensions/closes-at`,
  results: `${VOCAB}extensions/results`,
  post: `${VOCAB}extensions/post`,
  signal: `${VOCAB}extensions/signal`,
  feature: `${VOCAB}extensions/feature`,
  answers: `${VOCAB}extensions/answers`,
  hiddenFields: `${VOCAB}extensions/hidden-fields`,
} as const;

const base = (o: XapiOptions): string => o.baseIri.replace(/\/+$/, '');
const lang = (o: XapiOptions): string => o.language || 'und';

/** A language map of authored text in the options' language; undefined for empty text. */
export const authored = (text: string | undefined, o: XapiOptions): LanguageMap | undefined => (text ? { [lang(o)]: text } : undefined);

/** The room's IRI: `<base>/rooms/<room>`. */
export const roomIri = (o: XapiOptions): string => `${base(o)}/rooms/${encodeURIComponent(o.room)}`;

/** A topic's IRI: `<base>/rooms/<room>/<kind>/<id>`, for example `…/rooms/course-42/poll/warmup`. */
export function topicIri(topic: string, o: XapiOptions): string {
  const colon = topic.indexOf(':');
  return `${roomIri(o)}/${topic.slice(0, colon)}/${encodeURIComponent(topic.slice(colon + 1))}`;
}

/** An activity object. */
export function activity(id: string, definition: XapiActivityDefinition): XapiActivity {
  const def = Object.fromEntries(Object.entries(definition).filter(([, v]) => v !== undefined)) as XapiActivityDefinition;
  return { objectType: 'Activity', id, definition: def };
}

/**
 * The registration of every statement of a room: the version 5 UUID of the room's IRI in the URL
 * namespace, so any system can compute it from the room alone.
 */
export const registrationOf = (o: XapiOptions): string => uuidV5(URL_NAMESPACE, roomIri(o));

/** A named participant: the host's mapping when it gives one, else the id as an account. */
export function agentOf(actor: Actor, o: XapiOptions): XapiAgent {
  const mapped = o.agent?.({ ...actor });
  if (mapped) return { ...mapped, objectType: 'Agent' };
  return { objectType: 'Agent', account: { homePage: o.homePage ?? o.baseIri, name: actor.id } };
}

/**
 * The actor of anonymous data: one identified group standing for every anonymous participant of the
 * room, the same for all of them, so nothing in it tells two people apart.
 */
export function anonymousGroup(o: XapiOptions): XapiGroup {
  return {
    objectType: 'Group',
    name: 'Anonymous participants',
    account: { homePage: o.homePage ?? o.baseIri, name: `anonymous@${o.room}` },
  };
}

/** The actor for an event: the person when `named`, else the room's anonymous group. */
export const actorFor = (event: StoredEvent, named: boolean, o: XapiOptions): XapiAgent | XapiGroup =>
  named && event.actor ? agentOf(event.actor, o) : anonymousGroup(o);

/**
 * `v` when it is a plain record, else null. Written out rather than imported from records.ts: the
 * builders' shared chunk then needs nothing from a widget's own file, so the bundler keeps that file
 * whole (docs/decisions.md §12).
 */
export const recordOf = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** An event's data as a record (empty when it is not one). */
export const dataOf = (event: StoredEvent): Record<string, unknown> => recordOf(event.data) ?? {};

/** What differs between statements; `statement` adds the frame. */
export interface StatementParts {
  actor: XapiAgent | XapiGroup;
  verb: XapiVerb;
  object: XapiActivity;
  result?: XapiResult;
  /** Context activities the object belongs to (a post's thread). */
  parent?: XapiActivity[];
  /** Other context activities (the post a comment created). */
  other?: XapiActivity[];
  /** More context extensions. */
  extensions?: Record<string, unknown>;
  /** Session label of this statement, when it carries its own (a survey response). */
  session?: string;
}

/**
 * One statement for an accepted event: its id is the version 5 UUID of room, topic and opId (so a
 * statement sent twice is stored once), its timestamp the authority's clock when it accepted the
 * event, its context the room (registration and grouping), the session label and the event's place
 * in its topic.
 */
export function statement(event: StoredEvent, o: XapiOptions, parts: StatementParts): XapiStatement {
  const session = parts.session || o.sessionLabel;
  const out: XapiStatement = {
    id: uuidV5(STATEMENT_NAMESPACE, `${o.room}\n${event.topic}\n${event.opId}`),
    actor: parts.actor,
    verb: parts.verb,
    object: parts.object,
    context: {
      registration: registrationOf(o),
      platform: 'Pulsekit',
      contextActivities: {
        grouping: [activity(roomIri(o), { type: ACTIVITY_TYPES.meeting, name: authored(o.room, o) })],
        category: [activity(VOCAB, { type: ACTIVITY_TYPES.profile })],
      },
      extensions: {
        [EXTENSIONS.topic]: event.topic,
        [EXTENSIONS.seq]: event.seq,
        ...(session ? { [EXTENSIONS.session]: session } : {}),
        ...parts.extensions,
      },
    },
    timestamp: new Date(event.at).toISOString(),
  };
  if (parts.result) out.result = parts.result;
  if (parts.parent) out.context.contextActivities.parent = parts.parent;
  if (parts.other) out.context.contextActivities.other = parts.other;
  return out;
}
