import { stripBidi } from '../../core/protocol/text.js';
import { accept as ok, refuse as fail, type Decision, type StoredEvent, type TopicModel } from '../../core/protocol/model.js';
import { get, isObj, put } from '../../core/protocol/records.js';
import { canModerate, topicOf, type Actor, type EventEnvelope, type Operation } from '../../core/protocol/wire.js';
import type { MeterEntry, MeterHand, MeterMarker, MeterReaction, MeterState } from './meter-types.js';

export type * from './meter-types.js';
// The pulse is computed apart (only staff views and reports need it); here for existing importers.
export { aggregate, engagementIndex, INDEX_WEIGHTS, nextAlert } from './meter-aggregate.js';

/**
 * The pure model of an engagement meter (`meter:<id>` topics), shared by every authority and every
 * client. No DOM, no clock, no randomness: expiry and fading are absolute authority times stored
 * in the events (`now` of the authority's `decide`), and "current" numbers come from
 * `aggregate(state, now, options)` with the authority's clock as the viewer estimates it.
 *
 * Privacy: participants are slots (pseudonymous numbers), never ids or names, in event data. The
 * actor of a signal is delivered only to its author, and to facilitators/producers when the signal
 * was given in named mode (`actorVisible`). Snapshots for participants keep only their own entry
 * (`viewState`).
 */

/** Topic kind of engagement meters. */
export const METER_KIND = 'meter' as const;

/** Limits and defaults the model enforces. */
export const METER_LIMITS = {
  /** Signal names: lowercase letters, digits and dashes. */
  namePattern: /^[a-z][a-z0-9-]{0,31}$/,
  /** Sticky state lifetime in seconds: default 10 minutes, 10 s to 4 h. */
  defaultTtl: 600,
  minTtl: 10,
  maxTtl: 14_400,
  /** Reaction fade in seconds: default 10 s, 1 to 120 s. */
  defaultFade: 10,
  minFade: 1,
  maxFade: 120,
  /** At most `burst` reactions per participant within `burstWindowMs` (authority clock). */
  burst: 5,
  burstWindowMs: 10_000,
  /** Most reactions kept in the state (oldest dropped first). */
  maxReactions: 1000,
  /** Marker labels and count. */
  maxLabelLength: 80,
  maxMarkers: 200,
  /** Expired entries and old reactions are pruned at most this often (authority time). */
  pruneEveryMs: 5000,
  /** Largest slot number accepted in event data. */
  maxSlot: 1_000_000_000,
} as const;

/** Topic name of the meter with this id, for example `meter:class`. Throws on an unusable id. */
export const meterTopic = (id: string): string => topicOf(METER_KIND, id);

// ---------------------------------------------------------------------------------------------
// Helpers. `slots` is keyed by participant ids, which a host may choose ("__proto__" is a valid
// id): reads check own properties, writes define properties.

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isSlot = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < METER_LIMITS.maxSlot;
const isName = (v: unknown): v is string => typeof v === 'string' && METER_LIMITS.namePattern.test(v);

/** Normalizes a marker label: the core's rule for typed text (`stripBidi`), NFC, whitespace collapsed, trimmed. */
export const normalizeLabel = (label: string): string => stripBidi(label.normalize('NFC')).replace(/\s+/g, ' ').trim();

/** State of a meter nobody has touched. */
export function initialMeterState(): MeterState {
  return {
    entries: {},
    reactions: [],
    hands: [],
    markers: [],
    named: false,
    slots: {},
    nextSlot: 1,
    lastAt: 0,
    lastOpId: '',
    clearedAt: null,
    prunedAt: 0,
  };
}

/** The slot of participant `id`, if this state knows it (a client knows only its own). */
export const slotOf = (state: MeterState, id: string): number | undefined => get(state.slots, id);

/** The slot the authority gives `actor`: the one it has, else the next free one. */
const slotFor = (state: MeterState, actor: Actor): number => slotOf(state, actor.id) ?? state.nextSlot;

/** Participant `id`'s sticky state if it is still live at `now`, else null. */
export function myEntry(state: MeterState, id: string, now: number): MeterEntry | null {
  const slot = slotOf(state, id);
  if (slot === undefined) return null;
  const e = get(state.entries, String(slot));
  return e && e.expiresAt > now ? e : null;
}

/** 1-based position of participant `id`'s raised hand in the queue, or 0 when not raised. */
export function myHandPosition(state: MeterState, id: string): number {
  const slot = slotOf(state, id);
  if (slot === undefined) return 0;
  return state.hands.findIndex((h) => h.slot === slot) + 1;
}

/** My reactions that still show (not faded at `now`). */
export function myReactions(state: MeterState, id: string, now: number): MeterReaction[] {
  const slot = slotOf(state, id);
  return slot === undefined ? [] : state.reactions.filter((r) => r.slot === slot && r.fadesAt > now);
}

/** Seconds within [min, max], default when absent; undefined when present but unusable. */
function seconds(v: unknown, min: number, max: number, dflt: number): number | undefined {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return undefined;
  return v;
}

// ---------------------------------------------------------------------------------------------
// decide

function decide(state: MeterState, op: Operation, actor: Actor, now: number): Decision {
  const data = op.data;
  if (!isObj(data)) return fail('bad_operation', 'Meter operations need an object as data.');
  const signal = op.type === 'state' || op.type === 'react' || op.type === 'hand';
  if (signal && canModerate(actor.role)) {
    return fail('participants_only', 'Only participants give signals; facilitators and producers read them.');
  }
  const control = op.type === 'lower' || op.type === 'clear' || op.type === 'named' || op.type === 'mark';
  if (control && !canModerate(actor.role))
    return fail(
      'forbidden',
      `Only a facilitator or producer can ${op.type === 'mark' ? 'drop markers' : op.type === 'named' ? 'change named mode' : op.type === 'lower' ? 'lower hands' : 'clear all states'}.`,
    );
  switch (op.type) {
    case 'state': {
      if (data.state !== null && !isName(data.state))
        return fail('invalid_signal', 'state must be a signal name (lowercase letters, digits, dashes) or null.');
      const ttl = seconds(data.ttl, METER_LIMITS.minTtl, METER_LIMITS.maxTtl, METER_LIMITS.defaultTtl);
      if (ttl === undefined) return fail('bad_operation', `ttl must be ${METER_LIMITS.minTtl}-${METER_LIMITS.maxTtl} seconds.`);
      const slot = slotFor(state, actor);
      return ok({ slot, state: data.state, expiresAt: data.state === null ? null : now + ttl * 1000, named: state.named });
    }
    case 'react': {
      if (!isName(data.reaction)) return fail('invalid_signal', 'reaction must be a signal name (lowercase letters, digits, dashes).');
      const fade = seconds(data.fade, METER_LIMITS.minFade, METER_LIMITS.maxFade, METER_LIMITS.defaultFade);
      if (fade === undefined) return fail('bad_operation', `fade must be ${METER_LIMITS.minFade}-${METER_LIMITS.maxFade} seconds.`);
      const slot = slotFor(state, actor);
      const recent = state.reactions.filter((r) => r.slot === slot && r.at > now - METER_LIMITS.burstWindowMs).length;
      if (recent >= METER_LIMITS.burst) {
        return fail('too_many_reactions', `At most ${METER_LIMITS.burst} reactions per ${METER_LIMITS.burstWindowMs / 1000} seconds.`);
      }
      return ok({ slot, reaction: data.reaction, fadesAt: now + fade * 1000, named: state.named });
    }
    case 'hand': {
      if (typeof data.raised !== 'boolean') return fail('bad_operation', 'hand needs raised: true or false.');
      const slot = slotFor(state, actor);
      const up = state.hands.some((h) => h.slot === slot);
      if (data.raised && up) return fail('hand_already_raised', 'Your hand is already raised.');
      if (!data.raised && !up) return fail('hand_not_raised', 'Your hand is not raised.');
      return ok({ slot, raised: data.raised, named: state.named });
    }
    case 'lower': {
      if (!isSlot(data.slot)) return fail('bad_operation', 'lower needs the slot of a raised hand.');
      if (!state.hands.some((h) => h.slot === data.slot)) return fail('hand_not_raised', 'That hand is not raised (any more).');
      return ok({ slot: data.slot });
    }
    case 'clear':
      return ok({});
    case 'named':
      if (typeof data.named !== 'boolean') return fail('bad_operation', 'named needs named: true or false.');
      return ok({ named: data.named });
    case 'mark': {
      if (typeof data.label !== 'string') return fail('invalid_label', 'A marker needs a text label.');
      const label = normalizeLabel(data.label);
      if (label.length < 1 || label.length > METER_LIMITS.maxLabelLength || /\p{Cc}/u.test(label)) {
        return fail('invalid_label', `A marker label is 1-${METER_LIMITS.maxLabelLength} printable characters.`);
      }
      if (state.markers.length >= METER_LIMITS.maxMarkers)
        return fail('too_many_markers', `A meter keeps at most ${METER_LIMITS.maxMarkers} markers.`);
      return ok({ label });
    }
    default:
      return fail('bad_operation', `Meters do not understand the operation "${op.type}".`);
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

/** Drops expired entries and reactions past both their fade and the rate window. */
function prune(state: MeterState, at: number): MeterState {
  if (at - state.prunedAt < METER_LIMITS.pruneEveryMs) return state;
  const entries: Record<string, MeterEntry> = {};
  for (const [k, e] of Object.entries(state.entries)) if (e.expiresAt > at) entries[k] = e;
  const keepAfter = at - METER_LIMITS.burstWindowMs;
  const reactions = state.reactions.filter((r) => r.fadesAt > at || r.at > keepAfter);
  return { ...state, entries, reactions, prunedAt: at };
}

/** Registers `slot` as the actor's (when the viewer got the actor) and moves `nextSlot` past it. */
function seeSlot(state: MeterState, slot: number, actor: Actor | undefined): MeterState {
  let slots = state.slots;
  if (actor && typeof actor.id === 'string' && get(slots, actor.id) !== slot) {
    slots = { ...slots };
    put(slots, actor.id, slot);
  }
  const nextSlot = Math.max(state.nextSlot, slot + 1);
  return slots === state.slots && nextSlot === state.nextSlot ? state : { ...state, slots, nextSlot };
}

const nameOf = (d: Record<string, unknown>, actor: Actor | undefined): { name?: string } =>
  d.named === true && actor && typeof actor.name === 'string' ? { name: actor.name } : {};

function apply(state: MeterState, event: EventEnvelope): MeterState {
  const d = event.data;
  if (!isObj(d)) return state;
  const at = event.at;
  switch (event.type) {
    case 'state': {
      if (!isSlot(d.slot) || !(d.state === null || isName(d.state))) return state;
      if (d.state !== null && !isTime(d.expiresAt)) return state;
      const s = seeSlot(state, d.slot, event.actor);
      const entries = { ...s.entries };
      if (d.state === null) delete entries[String(d.slot)];
      else entries[String(d.slot)] = { state: d.state, at, expiresAt: d.expiresAt as number, ...nameOf(d, event.actor) };
      return { ...s, entries };
    }
    case 'react': {
      if (!isSlot(d.slot) || !isName(d.reaction) || !isTime(d.fadesAt)) return state;
      const s = seeSlot(state, d.slot, event.actor);
      const reactions = [...s.reactions, { slot: d.slot, reaction: d.reaction, at, fadesAt: d.fadesAt }];
      return { ...s, reactions: reactions.length > METER_LIMITS.maxReactions ? reactions.slice(-METER_LIMITS.maxReactions) : reactions };
    }
    case 'hand': {
      if (!isSlot(d.slot) || typeof d.raised !== 'boolean') return state;
      const s = seeSlot(state, d.slot, event.actor);
      const slot = d.slot;
      const up = s.hands.some((h) => h.slot === slot);
      if (d.raised && !up) return { ...s, hands: [...s.hands, { slot, at, ...nameOf(d, event.actor) }] };
      if (!d.raised && up) return { ...s, hands: s.hands.filter((h) => h.slot !== slot) };
      return s;
    }
    case 'lower':
      return isSlot(d.slot) ? { ...state, hands: state.hands.filter((h) => h.slot !== d.slot) } : state;
    case 'clear':
      // New pseudonyms after a clear: nothing from before links to what comes after.
      return { ...state, entries: {}, reactions: [], hands: [], slots: {}, clearedAt: at };
    case 'named':
      if (typeof d.named !== 'boolean' || d.named === state.named) return state;
      // Switching either way is a clear: new pseudonyms and no current signals. Otherwise a person's
      // slot would carry over, so a named signal would put a name on their earlier anonymous ones
      // (or a named slot would point at their later anonymous ones).
      return { ...state, named: d.named, entries: {}, reactions: [], hands: [], slots: {}, clearedAt: at };
    case 'mark': {
      if (typeof d.label !== 'string') return state;
      const label = normalizeLabel(d.label);
      if (!label || label.length > METER_LIMITS.maxLabelLength) return state;
      return { ...state, markers: [...state.markers, { at, label }].slice(-METER_LIMITS.maxMarkers) };
    }
    default:
      return state;
  }
}

function evolve(state: MeterState, event: EventEnvelope): MeterState {
  if (!isTime(event.at)) return state;
  const next = apply(prune(state, event.at), event);
  return { ...next, lastAt: Math.max(next.lastAt, event.at), lastOpId: typeof event.opId === 'string' ? event.opId : next.lastOpId };
}

// ---------------------------------------------------------------------------------------------
// projection

const SIGNALS = new Set(['state', 'react', 'hand']);

/**
 * Who may see who gave a signal: nobody but its author, unless it was given in named mode, when
 * facilitators and producers may too (never other participants). The flag is read from the event,
 * as decided when it was given, so turning named mode on later never reveals earlier signals.
 * Control events (lower, clear, named, mark) are public.
 */
function actorVisible(_state: MeterState, event: StoredEvent, viewer: Actor): boolean {
  if (!SIGNALS.has(event.type)) return true;
  return isObj(event.data) && event.data.named === true && canModerate(viewer.role);
}

/**
 * The meter as one viewer may see it in a snapshot. Everyone gets only their own slot mapping.
 * Participants get their own entry and reactions only, the hand queue without names (for their
 * position), and no markers.
 */
export function meterViewState(state: MeterState, viewer: Actor): MeterState {
  const mine = slotOf(state, viewer.id);
  const slots: Record<string, number> = {};
  if (mine !== undefined) put(slots, viewer.id, mine);
  if (canModerate(viewer.role)) return { ...state, slots };
  const entries: Record<string, MeterEntry> = {};
  const own = mine === undefined ? undefined : get(state.entries, String(mine));
  if (own) entries[String(mine)] = own;
  return {
    ...state,
    slots,
    entries,
    reactions: state.reactions.filter((r) => r.slot === mine),
    hands: state.hands.map((h): MeterHand => (h.slot === mine ? h : { slot: h.slot, at: h.at })),
    markers: [],
  };
}

/** The meter topic model, shared by every authority and every client. */
export const meterModel: TopicModel<MeterState> = {
  kind: METER_KIND,
  initial: initialMeterState,
  decide,
  evolve,
  actorVisible,
  viewState: meterViewState,
  maxDataBytes: 1024,
  statements: () => import('./meter-xapi.js').then((m) => m.meterStatements),
};

/** Markers and hands are public helpers too: the hand queue in the order hands went up. */
export const handQueue = (state: MeterState): readonly MeterHand[] => state.hands;

/** Markers in time order. */
export const markersOf = (state: MeterState): readonly MeterMarker[] => state.markers;
