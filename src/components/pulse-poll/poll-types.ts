/**
 * Types of the `poll:<id>` topic: its configuration, its state and the payloads of its operations
 * and events. The behaviour lives in `poll-model.ts`; these shapes are part of the wire protocol.
 */

import type { Role } from '../../core/protocol/wire.js';

/** What a poll asks for: one option, several options, a point on a number scale, or free text. */
export type PollKind = 'single' | 'multiple' | 'scale' | 'text';

/** When participants see the results (facilitators and producers always see them). */
export type PollResultsMode = 'live' | 'after-vote' | 'after-close' | 'hidden';

/** Lifecycle of a poll. `new` = never opened by a facilitator: a self-serve poll that accepts votes. */
export type PollStatus = 'new' | 'open' | 'closed';

/** One answer option. `value` is what a vote carries; `label` is what people read. */
export interface PollOption {
  /** Stable value sent in votes (1-200 characters, unique within the poll). */
  value: string;
  /** Text shown to people. */
  label: string;
}

/** A poll's configuration, set by a facilitator's `open` operation. */
export interface PollConfig {
  /** The question people answer. */
  question: string;
  /** Kind of answer. */
  kind: PollKind;
  /** Options for `single` and `multiple`; optional per-point labels for `scale` (value = the number). */
  options: PollOption[];
  /** `multiple`: most options one person may pick (default: all). `text`: answers per person (default 1). */
  maxChoices?: number;
  /** `scale`: lowest point (integer). */
  min?: number;
  /** `scale`: highest point (integer, at most 20 steps above `min`). */
  max?: number;
  /** `scale`: label of the lowest point, for example "Not at all". */
  minLabel?: string;
  /** `scale`: label of the highest point, for example "Completely". */
  maxLabel?: string;
  /** Whether a participant may change their answer while the poll is open. */
  allowChange: boolean;
  /** Whether voters are hidden from everyone, facilitators included. */
  anonymous: boolean;
  /** When participants see results. */
  results: PollResultsMode;
}

/**
 * What votes are judged by: the facilitator's config once a poll is opened; before that (a
 * self-serve poll) the rules its first vote brought from the voter's page, fixed for good. A later
 * vote's own rules are ignored: a participant's operation never sets the rules it is judged by.
 */
export interface PollRules {
  /** Kind of answer; null when the first vote did not say (any choices of 1-200 characters). */
  kind: PollKind | null;
  /** Option values a vote may choose (single, multiple); null when not known (any value). */
  options: string[] | null;
  /** Most choices in one vote. */
  maxChoices: number;
  /** Scale range; null when not known. */
  min: number | null;
  max: number | null;
  /** Whether a participant may change their answer. */
  allowChange: boolean;
  /** Whether voters are hidden from everyone. */
  anonymous: boolean;
}

/**
 * When a poll closes itself (decisions §48): once `count` participants have answered, or `share`
 * per cent of the participants present; the timer, when set, still closes it if that comes first.
 */
export type PollQuorum = { count: number } | { share: number };

/** A finished round, kept in `history` after a reset. */
export interface PollRoundRecord {
  round: number;
  config: PollConfig | null;
  tally: Record<string, number>;
  responded: number;
  texts: Record<string, string>;
}

/** State of one poll topic. Plain JSON: safe to store, clone and send. */
export interface PollState {
  status: PollStatus;
  /** Current round, starting at 1; a reset starts the next one. */
  round: number;
  /** Configuration from the last `open`; null for a self-serve poll. */
  config: PollConfig | null;
  /**
   * Self-serve polls: the rules the first vote fixed (null until then, and in states stored before
   * rules were fixed: read it as `state.rules ?? null`). Once opened, `config` rules instead.
   */
  rules?: PollRules | null;
  /** Facilitator override: results visible to everyone. */
  revealed: boolean;
  /** Authority time (ms) when the poll closes by itself, or null without a timer. */
  closesAt: number | null;
  /** Seconds a participant's "more time" adds to the running timer; absent or 0: not allowed (decisions §34). */
  moreTime?: number;
  /** "More time" requests granted on the running timer (at most `POLL_LIMITS.maxTimeAsks`). */
  timeAsks?: number;
  /** Quorum that closes the poll by itself (absent or null: none); set by `open` or `quorum`. */
  quorum?: PollQuorum | null;
  /** Count per option value (per lowercase normalized text for text polls, per number for scales). */
  tally: Record<string, number>;
  /** Number of people who answered this round. */
  responded: number;
  /**
   * Who answered this round and how, in buckets (bucket number -> actor id -> current choices) so a
   * vote copies one bucket: everyone at the authority; in a client's view yourself, plus, for
   * facilitators and producers, the voters of named (non-anonymous) votes. Read it with
   * `myChoices()` / `voterIds()`.
   */
  voters: Record<string, Record<string, string[]>>;
  /**
   * Every vote of this round was cast with `anonymous: false` (true while nobody has voted). Only
   * then does a facilitator's or producer's snapshot keep the other voters: in a round that mixes
   * anonymous and named votes the map cannot tell them apart, so it keeps only the viewer's own.
   */
  named: boolean;
  /** Text polls: tally key -> first-seen display text. */
  texts: Record<string, string>;
  /** Finished rounds, oldest first, at most the last 20. */
  history: PollRoundRecord[];
}

/** Payload of a `vote` operation. */
export interface VoteOpData {
  /** Round the voter saw; a vote for another round is rejected as stale. */
  round: number;
  /** Option values, scale point(s) as strings, or text answers. */
  choices: string[];
  /**
   * The rules of the voter's page (`pollRules(config)`), for a self-serve poll whose rules are not
   * fixed yet: the first vote fixes them; afterwards (and once a facilitator opened the poll) these
   * fields are ignored. Whether answers may be changed:
   */
  allowChange?: boolean;
  /** Whether voters are hidden (absent: false). */
  anonymous?: boolean;
  /** Kind of the poll, so text answers are normalized and single/scale take one choice. */
  kind?: PollKind;
  /** Option values a vote may choose. */
  options?: string[];
  /** Most choices in one vote. */
  maxChoices?: number;
  /** Scale range. */
  min?: number;
  max?: number;
}

/** Payload of a stored `vote` event: everything `evolve` needs, so it works without the actor. */
export interface VoteEventData {
  round: number;
  /** Normalized choices (text answers trimmed with whitespace collapsed). */
  choices: string[];
  /** This voter's previous choices in this round when the vote replaced them, otherwise null. */
  replaces: string[] | null;
  /** Whether the voter is hidden from every other viewer. */
  anonymous: boolean;
  /** Effective poll kind when decided (null for a self-serve poll without a kind hint). */
  kind: PollKind | null;
  /** On the first vote of a self-serve poll: the rules it fixed. */
  rules?: PollRules;
  /** Set by the authority when this vote met the quorum: the poll closes with it. */
  closes?: true;
}

/** Payload of an `open` operation. */
export interface OpenOpData {
  config: PollConfig;
  /** Close automatically after this many seconds; null, 0 or absent for no timer. */
  seconds?: number | null;
  /** Close once this quorum has answered; null or absent for none. */
  quorum?: PollQuorum | null;
}

/** Payload of a stored `open` event. */
export interface OpenEventData {
  config: PollConfig;
  closesAt: number | null;
  /** Absent in events stored before quorums existed: none. */
  quorum?: PollQuorum | null;
}

/** Payload of a `quorum` operation: the new quorum, or null for none. */
export interface QuorumOpData {
  quorum: PollQuorum | null;
}

/** Payload of a stored `quorum` event; `closes` when the quorum was already met (the poll closes with it). */
export interface QuorumEventData {
  quorum: PollQuorum | null;
  closes?: true;
}

/** Payload of a `reveal` operation and event. */
export interface RevealData {
  revealed: boolean;
}

/** Payload of a `timer` operation: seconds from now, or null to turn the timer off. */
export interface TimerOpData {
  seconds: number | null;
}

/** Payload of an `extend` operation: seconds to add to the running timer. */
export interface ExtendOpData {
  seconds: number;
}

/** Payload of stored `timer` and `extend` events: the absolute closing time. */
export interface TimerEventData {
  closesAt: number | null;
}

/** Payload of a stored `reset` event: the round that starts. */
export interface ResetEventData {
  round: number;
}

/** One row of results, ready to render. */
export interface PollResultRow {
  /** Option value, scale point or text key. */
  value: string;
  /** Text to show. */
  label: string;
  count: number;
  /** Share of the people who responded, 0-100 (multiple-choice rows may sum above 100). */
  percent: number;
}

/** Who is looking at results, for `canSeeResults`. */
export interface PollViewer {
  role: Role;
  /** Whether this viewer has answered in the current round. */
  voted: boolean;
  /** Current time (ms), ideally corrected to the authority's clock. */
  now: number;
}
