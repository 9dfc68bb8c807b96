/**
 * Types of the engagement meter (`meter:<id>` topics). Participants are known to the model only
 * by a *slot*: a pseudonymous number the authority gives each participant (reset by `clear`).
 * Event data carries the slot, never an id or a name; the actor rides on the envelope and is
 * delivered only to the participant themself (and to facilitators/producers in named mode).
 */

/** A participant's sticky state ("got-it", "confused", …) as the authority stored it. */
export interface MeterEntry {
  /** Signal name. */
  state: string;
  /** Authority time (ms) the state was set. */
  at: number;
  /** Authority time (ms) the state stops counting. */
  expiresAt: number;
  /** Display name, only when set in named mode and the viewer may see it. */
  name?: string;
}

/** A quick reaction that fades. */
export interface MeterReaction {
  /** Pseudonymous participant slot. */
  slot: number;
  /** Reaction name. */
  reaction: string;
  /** Authority time (ms) it was sent. */
  at: number;
  /** Authority time (ms) it stops counting as recent. */
  fadesAt: number;
}

/** A raised hand, in the queue. */
export interface MeterHand {
  /** Pseudonymous participant slot. */
  slot: number;
  /** Authority time (ms) it was raised. */
  at: number;
  /** Display name, only in named mode for viewers who may see it. */
  name?: string;
}

/** A marker the facilitator dropped on the timeline ("slide 12", "break"). */
export interface MeterMarker {
  /** Authority time (ms). */
  at: number;
  /** Label (normalized, 1-80 characters). */
  label: string;
}

/** The folded state of one meter topic. */
export interface MeterState {
  /** Sticky states by slot (as a string key). Expired entries are pruned as time passes. */
  entries: Record<string, MeterEntry>;
  /** Recent reactions, oldest first (pruned once faded and past the rate window). */
  reactions: MeterReaction[];
  /** Raised hands in the order they were raised. */
  hands: MeterHand[];
  /** Timeline markers, oldest first. */
  markers: MeterMarker[];
  /** Named mode: facilitators and producers see who gave which signal. */
  named: boolean;
  /**
   * Participant id → slot. The authority knows everyone's; a client knows only its own (the
   * actor of other people's events is not delivered), and `viewState` keeps only the viewer's.
   */
  slots: Record<string, number>;
  /** Next slot the authority will hand out. */
  nextSlot: number;
  /** Latest authority time folded (ms), 0 before any event. */
  lastAt: number;
  /** opId of the latest folded event (clients use it with `lastAt` to estimate the authority clock). */
  lastOpId: string;
  /** Authority time of the last "clear all", or null. */
  clearedAt: number | null;
  /** Authority time of the last pruning pass. */
  prunedAt: number;
}

/** Op `state`: set (or with `null`, withdraw) my sticky state. */
export interface MeterStateOpData {
  state: string | null;
  /** Seconds the state lasts (10..14400, default 600). */
  ttl?: number;
}
/** Event `state`. */
export interface MeterStateEventData {
  slot: number;
  state: string | null;
  expiresAt: number | null;
  named: boolean;
}
/** Op `react`. */
export interface MeterReactOpData {
  reaction: string;
  /** Seconds the reaction counts as recent (1..120, default 10). */
  fade?: number;
}
/** Event `react`. */
export interface MeterReactEventData {
  slot: number;
  reaction: string;
  fadesAt: number;
  named: boolean;
}
/** Op `hand`. */
export interface MeterHandOpData {
  raised: boolean;
}
/** Event `hand`. */
export interface MeterHandEventData {
  slot: number;
  raised: boolean;
  named: boolean;
}
/** Op and event `lower` (facilitator): lower one hand. */
export interface MeterLowerData {
  slot: number;
}
/** Op and event `named` (facilitator). */
export interface MeterNamedData {
  named: boolean;
}
/** Op and event `mark` (facilitator). */
export interface MeterMarkData {
  label: string;
}

/** One signal a meter offers. */
export interface MeterSignal {
  /** Name sent to the authority: lowercase letters, digits and dashes, 1-32 characters. */
  name: string;
  /** `state` lasts until changed or expired; `reaction` fades quickly. */
  kind: 'state' | 'reaction';
  /** Label: one text, or texts by language (`{ en: 'Lost', nl: 'Kwijt' }`); built-ins use the catalogs. */
  label?: string | Record<string, string>;
  /** States only: contribution to the mood part of the engagement index, -1..1. */
  weight?: number;
  /** Reactions only: a short symbol shown on the button (an emoji). */
  symbol?: string;
}

/** What `aggregate` needs besides the state. */
export interface MeterAggregateOptions {
  /** Sticky states offered (name and weight); states not listed still count as active but weigh 0. */
  states: ReadonlyArray<{ name: string; weight: number }>;
  /** Participants present (from presence), or null when the transport reports no presence. */
  present: number | null;
  /** Smallest group for which shares and the index are shown (privacy). */
  minGroup: number;
  /** Distinct participants who answered in each related topic (poll responses, posts). */
  participation: readonly number[];
}

/** The pulse of the class at one instant, as a facilitator sees it. */
export interface MeterAggregate {
  /** Base of every share: max(present participants, distinct participants with a live signal). */
  base: number;
  /** Present participants as reported by presence (null: unknown). */
  present: number | null;
  /** True when `base` is below the minimum group size: shares, counts and index are withheld. */
  hidden: boolean;
  /** Active (unexpired) sticky states by name; empty when hidden. */
  counts: Record<string, number>;
  /** Share of `base` per state, 0..1; empty when hidden. */
  shares: Record<string, number>;
  /**
   * Names of the people in each active state, in the order they set it: only for states given in
   * named mode to a viewer who may see names (facilitators, producers); empty when hidden.
   */
  names: Record<string, string[]>;
  /** Participants with an active sticky state (0 when hidden). */
  active: number;
  /** Recent (unfaded) reactions by name; empty when hidden. */
  reactions: Record<string, number>;
  /** Distinct participants with a recent reaction (0 when hidden). */
  reactors: number;
  /** Raised hands. */
  hands: number;
  /** Mean participation in related topics, 0..1, or null without related topics (or when hidden). */
  participation: number | null;
  /** Engagement index 0..100 (docs/engagement-index.md), null when hidden or nobody is there. */
  index: number | null;
}
