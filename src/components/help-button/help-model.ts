import { accept, refuse, type Decision, type StoredEvent, type TopicModel } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { canModerate, topicOf, type Actor, type EventEnvelope, type Operation } from '../../core/protocol/wire.js';
import {
  DIAG_BROWSERS,
  DIAG_STATES,
  DIAG_TRANSPORTS,
  HELP_KINDS,
  HELP_STEPS,
  type HelpDiagnostics,
  type HelpKind,
  type HelpRequest,
  type HelpStaff,
  type HelpState,
  type HelpStep,
} from './help-types.js';

/**
 * The pure model of a room's tech-help queue (`help:<id>` topics). Participants ask, withdraw and
 * read their own requests; facilitators and producers read every request and work them
 * (acknowledge, checklist, reply, resolve). The authority enforces both halves: staff operations
 * from a participant, or any operation on someone else's request, are refused `forbidden`, and the
 * projection (`viewEvent`, `viewState`) never gives a participant another person's request.
 * Handling rule (docs/decisions.md §42): whoever acknowledged a request handles it; only they or a
 * producer may act on it afterwards.
 */

/** Topic kind of help queues. */
export const HELP_KIND = 'help' as const;
/** Topic name of the help queue with this id, for example `help:room`. Throws on an unusable id. */
export const helpTopic = (id: string): string => topicOf(HELP_KIND, id);

/** Longest text of a request or a reply, in characters. */
export const HELP_TEXT_MAX = 280;
/** Most requests one queue keeps (a class of 2,000 asking twice or so). */
export const HELP_MAX_REQUESTS = 5000;
/** Most replies on one request. */
export const HELP_MAX_REPLIES = 20;
/** Longest browser language tag accepted in diagnostics. */
const LANG_MAX = 35;

/** Operations only facilitators and producers may send, with what a refusal calls them. */
const STAFF_OPS: Record<string, string> = { ack: 'acknowledge', step: 'record a checklist step of', reply: 'reply to', resolve: 'resolve' };

const isOpen = (r: HelpRequest) => r.status === 'open' || r.status === 'acknowledged';
const find = (state: HelpState, id: unknown) => (typeof id === 'string' ? state.requests.find((r) => r.id === id) : undefined);

/** Typed text as a request keeps it: direction controls removed, trimmed. */
const clean = (v: unknown): string | null => (typeof v === 'string' ? stripBidi(v).trim() : null);

/** The diagnostics if they are well formed, else a message saying what is wrong. */
export function checkDiagnostics(v: unknown): HelpDiagnostics | string {
  if (!isObj(v)) return 'Diagnostics must be an object.';
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'browser,language,queued,state,transport') return 'Diagnostics hold exactly state, transport, queued, language and browser.';
  if (!DIAG_STATES.includes(v.state as never)) return `Diagnostics: unknown connection state "${String(v.state)}".`;
  if (!DIAG_TRANSPORTS.includes(v.transport as never)) return `Diagnostics: unknown transport "${String(v.transport)}".`;
  if (!DIAG_BROWSERS.includes(v.browser as never))
    return 'Diagnostics: the browser must be a family (chrome, edge, firefox, safari, opera, samsung, other), never a user-agent string.';
  if (!Number.isInteger(v.queued) || (v.queued as number) < 0 || (v.queued as number) > 1_000_000)
    return 'Diagnostics: queued must be a whole number from 0 to 1000000.';
  if (typeof v.language !== 'string' || v.language.length > LANG_MAX || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(v.language))
    return 'Diagnostics: language must be a language tag such as "pt-BR".';
  return { state: v.state, transport: v.transport, queued: v.queued, language: v.language, browser: v.browser } as HelpDiagnostics;
}

function decideAsk(state: HelpState, op: Operation, actor: Actor, data: Record<string, unknown>): Decision {
  if (!HELP_KINDS.includes(data.kind as HelpKind))
    return refuse('bad_operation', `A help request's kind is one of ${HELP_KINDS.join(', ')}.`);
  const text = clean(data.text ?? '');
  if (text === null) return refuse('bad_operation', "A help request's text must be a string.");
  if (text.length > HELP_TEXT_MAX) return refuse('too_long', `A help request is at most ${HELP_TEXT_MAX} characters.`);
  if (data.kind === 'other' && !text) return refuse('text_required', 'Say in a few words what is wrong.');
  let diagnostics: HelpDiagnostics | null = null;
  if (data.diagnostics !== undefined && data.diagnostics !== null) {
    const checked = checkDiagnostics(data.diagnostics);
    if (typeof checked === 'string') return refuse('bad_operation', checked);
    diagnostics = checked;
  }
  if (state.requests.some((r) => r.who.id === actor.id && isOpen(r)))
    return refuse('already_asked', 'You already have a help request open; withdraw it to ask again.');
  if (state.requests.length >= HELP_MAX_REQUESTS) return refuse('queue_full', 'This help queue is full; ask the facilitator another way.');
  return accept({ id: op.opId, owner: actor.id, name: actor.name, kind: data.kind, text, diagnostics });
}

function decide(state: HelpState, op: Operation, actor: Actor): Decision {
  const data = op.data;
  if (!isObj(data)) return refuse('bad_operation', `The data of a help "${op.type}" must be an object.`);
  if (op.type === 'ask') return decideAsk(state, op, actor, data);
  const verb = STAFF_OPS[op.type];
  if (op.type !== 'withdraw' && !verb) return refuse('bad_operation', `Help queues do not understand the operation "${op.type}".`);
  if (verb && !canModerate(actor.role)) return refuse('forbidden', `Only a facilitator or producer can ${verb} a help request.`);
  const request = find(state, data.id);
  // A participant learns nothing about ids that are not theirs: "not yours" and "no such" read alike.
  if (!request && !verb) return refuse('forbidden', 'You can only withdraw your own help request.');
  if (!request) return refuse('unknown_request', 'There is no help request with this id.');
  if (op.type === 'withdraw' && request.who.id !== actor.id) return refuse('forbidden', 'You can only withdraw your own help request.');
  if (!isOpen(request)) return refuse('request_closed', `This help request is already ${request.status}.`);
  const by: HelpStaff = { id: actor.id, name: actor.name, role: actor.role };
  const base = { id: request.id, owner: request.who.id };
  if (op.type === 'withdraw') return accept(base);
  // Handling rule (§42): the handler, or a producer (who may take over), acts on an acknowledged request.
  const handler = request.handler;
  if (handler && handler.id !== actor.id && actor.role !== 'producer') {
    return refuse('forbidden', `${handler.name} is handling this help request; only they or a producer can act on it.`);
  }
  if (op.type === 'step') {
    if (!HELP_STEPS.includes(data.step as HelpStep)) return refuse('bad_operation', `A checklist step is one of ${HELP_STEPS.join(', ')}.`);
    if (typeof data.done !== 'boolean') return refuse('bad_operation', 'A checklist step says done: true or false.');
    return accept({ ...base, by, step: data.step, done: data.done });
  }
  if (op.type === 'reply') {
    const text = clean(data.text);
    if (!text) return refuse('text_required', 'A reply needs some text.');
    if (text.length > HELP_TEXT_MAX) return refuse('too_long', `A reply is at most ${HELP_TEXT_MAX} characters.`);
    if (request.replies.length >= HELP_MAX_REPLIES)
      return refuse('too_many_replies', `A help request takes at most ${HELP_MAX_REPLIES} replies.`);
    return accept({ ...base, by, text });
  }
  return accept({ ...base, by });
}

const isStaff = (v: unknown): v is HelpStaff =>
  isObj(v) && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.role === 'string';

/** The request with `id` replaced by `change(request)`. */
function update(state: HelpState, id: unknown, change: (r: HelpRequest) => HelpRequest): HelpState {
  const i = typeof id === 'string' ? state.requests.findIndex((r) => r.id === id) : -1;
  if (i < 0) return state;
  const requests = state.requests.slice();
  requests[i] = change(requests[i]!);
  return { requests };
}

function evolve(state: HelpState, event: EventEnvelope): HelpState {
  const d = event.data;
  if (!isObj(d)) return state;
  const by = isStaff(d.by) ? { id: d.by.id, name: d.by.name, role: d.by.role } : null;
  // Any staff action makes its author the handler: acknowledging, or acting on a request first.
  const handled = (r: HelpRequest): HelpRequest =>
    by ? { ...r, handler: by, status: r.status === 'open' ? 'acknowledged' : r.status } : r;
  switch (event.type) {
    case 'ask': {
      if (typeof d.id !== 'string' || typeof d.owner !== 'string' || find(state, d.id)) return state;
      const diagnostics = typeof checkDiagnostics(d.diagnostics) === 'string' ? null : (d.diagnostics as HelpDiagnostics);
      const request: HelpRequest = {
        id: d.id,
        who: { id: d.owner, name: typeof d.name === 'string' ? d.name : '' },
        kind: HELP_KINDS.includes(d.kind as HelpKind) ? (d.kind as HelpKind) : 'other',
        text: typeof d.text === 'string' ? d.text : '',
        diagnostics,
        at: event.at,
        status: 'open',
        handler: null,
        steps: {},
        replies: [],
        closedAt: null,
      };
      return { requests: [...state.requests, request] };
    }
    case 'withdraw':
      return update(state, d.id, (r) => ({ ...r, status: 'withdrawn', closedAt: event.at }));
    case 'ack':
      return update(state, d.id, handled);
    case 'step':
      if (!HELP_STEPS.includes(d.step as HelpStep)) return state;
      return update(state, d.id, (r) => {
        const steps = { ...r.steps };
        if (d.done === true) steps[d.step as HelpStep] = event.at;
        else delete steps[d.step as HelpStep];
        return { ...handled(r), steps };
      });
    case 'reply':
      if (typeof d.text !== 'string') return state;
      return update(state, d.id, (r) => ({
        ...handled(r),
        replies: [...r.replies, { text: d.text as string, at: event.at, by: by?.name ?? '' }],
      }));
    case 'resolve':
      return update(state, d.id, (r) => ({ ...handled(r), status: 'resolved', closedAt: event.at }));
    default:
      return state;
  }
}

/** Whose request an event is about (every event's data names its owner). */
const ownerOf = (event: EventEnvelope): unknown => (isObj(event.data) ? event.data.owner : undefined);

/** A participant receives events about their own requests only; staff receive all. */
function viewEvent(event: StoredEvent, viewer: Actor): StoredEvent {
  if (canModerate(viewer.role) || ownerOf(event) === viewer.id) return event;
  // The sequence number still moves (cursors stay gap-free); nothing of the request is left.
  return { ...event, type: 'hidden', data: {} };
}

/** Who acted is visible to staff and to the person whose request it is. */
const actorVisible = (_state: HelpState, event: StoredEvent, viewer: Actor): boolean =>
  canModerate(viewer.role) || ownerOf(event) === viewer.id;

/** A snapshot for one viewer: staff get the whole queue, a participant their own requests. */
function viewState(state: HelpState, viewer: Actor): HelpState {
  if (canModerate(viewer.role)) return state;
  return { requests: state.requests.filter((r) => r.who.id === viewer.id) };
}

/** The help queue's topic model, shared by every authority and every client. */
export const helpModel: TopicModel<HelpState> = {
  kind: HELP_KIND,
  initial: () => ({ requests: [] }),
  decide,
  evolve,
  viewEvent,
  actorVisible,
  viewState,
  maxDataBytes: 4096,
};

/** The latest request of `who` (open or not), or null. */
export function latestRequestOf(state: HelpState, who: string): HelpRequest | null {
  for (let i = state.requests.length - 1; i >= 0; i--) if (state.requests[i]!.who.id === who) return state.requests[i]!;
  return null;
}
