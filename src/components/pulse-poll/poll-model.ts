import {
  accept as ok,
  refuse as fail,
  type Decision,
  type RoomFacts,
  type StoredEvent,
  type TopicModel,
} from '../../core/protocol/model.js';
import { bucketOf, get, isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { canModerate, topicOf, type Actor, type EventEnvelope, type Operation } from '../../core/protocol/wire.js';
import type {
  PollConfig,
  PollKind,
  PollOption,
  PollResultRow,
  PollResultsMode,
  PollRoundRecord,
  PollRules,
  PollState,
  PollViewer,
  VoteEventData,
  VoteOpData,
} from './poll-types.js';
import { closedByQuorum, decideQuorum, quorumOf, quorumProblem, voteReachesQuorum } from './poll-quorum.js';

export type {
  ExtendOpData,
  OpenEventData,
  OpenOpData,
  PollConfig,
  PollKind,
  PollOption,
  PollQuorum,
  PollResultRow,
  PollResultsMode,
  PollRoundRecord,
  PollRules,
  PollState,
  PollStatus,
  QuorumEventData,
  QuorumOpData,
  PollViewer,
  ResetEventData,
  RevealData,
  TimerEventData,
  TimerOpData,
  VoteEventData,
  VoteOpData,
} from './poll-types.js';

/**
 * The pure model of a pulse poll (`poll:<id>` topics). The authority runs `decide` + `evolve` with
 * full actors; clients fold the events they receive, where other people's votes may arrive without
 * an actor, so every vote event carries what the tally needs (`choices` and the `replaces` it
 * undoes). No DOM, no clock, no randomness: time comes in as `now` or as absolute times in events.
 */

/** Topic kind of polls. */
export const POLL_KIND = 'poll' as const;

/** Limits the model enforces. */
export const POLL_LIMITS = {
  /** Most options a single/multiple poll may have, and most choices in one vote. */
  maxOptions: 20,
  maxChoices: 20,
  /** Longest option value / choice string. */
  maxValueLength: 200,
  /** Longest text answer after normalization. */
  maxTextLength: 140,
  maxQuestionLength: 500,
  maxLabelLength: 200,
  /** Most steps between a scale's min and max. */
  maxScaleSpan: 20,
  /** Longest timer or extension, in seconds (one day). */
  maxTimerSeconds: 86_400,
  /** Longest extension one participant's "more time" may add, in seconds. */
  maxMoreTime: 300,
  /** Most "more time" requests granted on one timer (WCAG 2.2.1 asks for at least ten extensions). */
  maxTimeAsks: 10,
  /** Finished rounds kept in `history`. */
  historyRounds: 20,
} as const;

const KINDS: readonly PollKind[] = ['single', 'multiple', 'scale', 'text'];
const RESULT_MODES: readonly PollResultsMode[] = ['live', 'after-vote', 'after-close', 'hidden'];

/** Topic name of the poll with this id, for example `poll:warmup`. Throws on an unusable id. */
export const pollTopic = (id: string): string => topicOf(POLL_KIND, id);

// ---------------------------------------------------------------------------------------------
// Small helpers. Records are keyed by user input ("__proto__", "constructor" are valid answers),
// so reads check own properties and writes define properties instead of assigning.

const isKind = (v: unknown): v is PollKind => typeof v === 'string' && (KINDS as readonly string[]).includes(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Voters are kept in buckets (bucket number -> actor id -> choices), created as needed: a vote copies
 * its bucket, not every voter, so folding a round of thousands of votes stays linear.
 */
const VOTER_BUCKETS = 64;
const voterBucket = (id: string): string => String(bucketOf(id, VOTER_BUCKETS));

/** The choices `id` made this round, as far as this state knows. */
function voterChoices(voters: PollState['voters'], id: string): string[] | undefined {
  const bucket = isObj(voters) ? get(voters, voterBucket(id)) : undefined;
  return isObj(bucket) ? get(bucket, id) : undefined;
}

/** `voters` with `id`'s choices set (a new object; only their bucket is copied). */
function withVoter(voters: PollState['voters'], id: string, choices: string[]): PollState['voters'] {
  const key = voterBucket(id);
  const bucket = { ...get(voters, key) };
  put(bucket, id, choices);
  const out = { ...voters };
  put(out, key, bucket);
  return out;
}

/** Ids of the voters this state knows (everyone at the authority; only yourself in a client's view). */
export const voterIds = (state: PollState): string[] => Object.values(state.voters).flatMap((bucket) => Object.keys(bucket));

/**
 * Normalizes a text answer: the core's rule for typed text (`stripBidi`), Unicode NFC, whitespace
 * collapsed to single spaces, trimmed.
 */
export const normalizeText = (text: string): string => stripBidi(text.normalize('NFC')).replace(/\s+/g, ' ').trim();

/** A config as people read it: its question and labels through the core's rule for typed text (`stripBidi`). */
export function readableConfig(cfg: PollConfig): PollConfig {
  const out: PollConfig = {
    ...cfg,
    question: stripBidi(cfg.question),
    options: cfg.options.map((o) => ({ value: o.value, label: stripBidi(o.label) })),
  };
  if (cfg.minLabel !== undefined) out.minLabel = stripBidi(cfg.minLabel);
  if (cfg.maxLabel !== undefined) out.maxLabel = stripBidi(cfg.maxLabel);
  return out;
}

/** Tally key of a text answer: normalized and lowercased, so "Teamwork" and " teamwork " count together. */
export const textKey = (text: string): string => normalizeText(text).toLowerCase();

/** Scale points of a scale config, min to max; empty for other kinds or a broken range. */
export function scalePoints(config: PollConfig | null): number[] {
  if (!config || config.kind !== 'scale') return [];
  const { min, max } = config;
  if (!Number.isInteger(min) || !Number.isInteger(max) || (max as number) < (min as number)) return [];
  const points: number[] = [];
  for (let v = min as number; v <= (max as number) && points.length <= POLL_LIMITS.maxScaleSpan; v++) points.push(v);
  return points;
}

// ---------------------------------------------------------------------------------------------
// Configuration

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/**
 * Returns a specific English message when `cfg` is not a usable poll configuration, otherwise null.
 * Also used on `open` events a client receives, so a broken backend cannot install a broken poll.
 * Messages name settings as authors write them, the element's attributes (`max-choices`, not the
 * config's `maxChoices`): the element shows them as its authoring errors.
 */
export function validatePollConfig(cfg: unknown): string | null {
  if (!isObj(cfg)) return 'The poll configuration must be an object.';
  if (typeof cfg.question !== 'string' || cfg.question.trim() === '') return 'The poll needs a question.';
  if (cfg.question.length > POLL_LIMITS.maxQuestionLength) {
    return `The question is too long: at most ${POLL_LIMITS.maxQuestionLength} characters.`;
  }
  if (!isKind(cfg.kind)) return `Unknown poll kind "${String(cfg.kind)}": use single, multiple, scale or text.`;
  const kind = cfg.kind;
  const options = cfg.options === undefined ? [] : cfg.options;
  if (!Array.isArray(options)) return 'The options must be a list.';
  if ((kind === 'single' || kind === 'multiple') && options.length === 0) {
    return `A ${kind === 'single' ? 'single-choice' : 'multiple-choice'} poll needs at least one option.`;
  }
  if (options.length > POLL_LIMITS.maxOptions) return `A poll can have at most ${POLL_LIMITS.maxOptions} options.`;
  const seen = new Set<string>();
  for (const [i, o] of options.entries()) {
    if (!isObj(o) || typeof o.value !== 'string' || typeof o.label !== 'string') {
      return `Option ${i + 1} needs a text value and a text label.`;
    }
    if (o.value.length < 1 || o.value.length > POLL_LIMITS.maxValueLength) {
      return `Option ${i + 1} needs a value of 1-${POLL_LIMITS.maxValueLength} characters.`;
    }
    if (o.label.length > POLL_LIMITS.maxLabelLength) {
      return `The label of option ${i + 1} is too long: at most ${POLL_LIMITS.maxLabelLength} characters.`;
    }
    if (seen.has(o.value)) return `Two options have the same value "${o.value}"; each value must be unique.`;
    seen.add(o.value);
  }
  if (kind === 'scale') {
    const { min, max } = cfg;
    if (typeof min !== 'number' || typeof max !== 'number' || !Number.isInteger(min) || !Number.isInteger(max)) {
      return 'A scale needs whole numbers for its minimum and maximum.';
    }
    if (min >= max) return `The scale minimum (${min}) must be below its maximum (${max}).`;
    if (max - min > POLL_LIMITS.maxScaleSpan) {
      return `A scale can span at most ${POLL_LIMITS.maxScaleSpan} steps; ${min} to ${max} spans ${max - min}.`;
    }
    for (const o of options as PollOption[]) {
      const n = Number(o.value);
      if (!/^-?\d+$/.test(o.value) || n < min || n > max) {
        return `Scale option "${o.value}" is not a point between ${min} and ${max}.`;
      }
    }
  }
  if (cfg.maxChoices !== undefined) {
    const m = cfg.maxChoices;
    if (kind === 'multiple') {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > options.length) {
        return `max-choices must be a whole number from 1 to ${options.length} (the number of options).`;
      }
    } else if (kind === 'text') {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > POLL_LIMITS.maxChoices) {
        return `max-choices must be a whole number from 1 to ${POLL_LIMITS.maxChoices} for a text poll.`;
      }
    } else if (m !== 1) {
      return `A ${kind === 'single' ? 'single-choice' : 'scale'} poll takes exactly one answer; leave max-choices out.`;
    }
  }
  if (!optionalString(cfg.minLabel) || !optionalString(cfg.maxLabel)) return 'Scale end labels must be text.';
  if (typeof cfg.allowChange !== 'boolean') return 'allow-change must be true or false.';
  if (typeof cfg.anonymous !== 'boolean') return 'anonymous must be true or false.';
  if (!(RESULT_MODES as readonly unknown[]).includes(cfg.results)) {
    return `Unknown results mode "${String(cfg.results)}": use live, after-vote, after-close or hidden.`;
  }
  return null;
}

/** A clean copy of a valid config: only known fields, so nothing else rides along into storage. */
function cleanConfig(cfg: PollConfig): PollConfig {
  const out: PollConfig = {
    question: cfg.question,
    kind: cfg.kind,
    options: (cfg.options ?? []).map((o) => ({ value: o.value, label: o.label })),
    allowChange: cfg.allowChange,
    anonymous: cfg.anonymous,
    results: cfg.results,
  };
  if (cfg.maxChoices !== undefined) out.maxChoices = cfg.maxChoices;
  if (cfg.min !== undefined) out.min = cfg.min;
  if (cfg.max !== undefined) out.max = cfg.max;
  if (cfg.minLabel !== undefined) out.minLabel = cfg.minLabel;
  if (cfg.maxLabel !== undefined) out.maxLabel = cfg.maxLabel;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** The rules a config sets: what a page sends with a self-serve vote, and what an opened poll judges by. */
export function pollRules(cfg: PollConfig): PollRules {
  const choosable = cfg.kind === 'single' || cfg.kind === 'multiple';
  const max = cfg.kind === 'text' ? (cfg.maxChoices ?? 1) : cfg.kind === 'multiple' ? (cfg.maxChoices ?? cfg.options.length) : 1;
  return {
    kind: cfg.kind,
    options: choosable ? cfg.options.map((o) => o.value) : null,
    maxChoices: max,
    min: cfg.kind === 'scale' ? (cfg.min ?? null) : null,
    max: cfg.kind === 'scale' ? (cfg.max ?? null) : null,
    allowChange: cfg.allowChange,
    anonymous: cfg.anonymous,
  };
}

/** The data of a vote as a page sends it: the choices, and the rules of the page's config for a self-serve poll. */
export function voteData(round: number, choices: string[], cfg: PollConfig): VoteOpData {
  const { kind, options, maxChoices, min, max, allowChange, anonymous } = pollRules(cfg);
  const data: VoteOpData = { round, choices, allowChange, anonymous, maxChoices };
  if (kind) data.kind = kind;
  if (options) data.options = options;
  if (min !== null && max !== null) Object.assign(data, { min, max });
  return data;
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * The rules a self-serve vote brings (the fields of `VoteOpData` that `pollRules` fills), or a
 * specific English problem. What a vote leaves out takes the lenient default a vote had before
 * rules were fixed (no kind, any value, up to 20 choices, not changeable, not anonymous).
 */
export function offeredRules(data: Record<string, unknown>): PollRules | string {
  const kind = isKind(data.kind) ? data.kind : null;
  let options: string[] | null = null;
  if (data.options !== undefined && (kind === 'single' || kind === 'multiple' || kind === null)) {
    const o = data.options;
    if (
      !isStringArray(o) ||
      o.length < 1 ||
      o.length > POLL_LIMITS.maxOptions ||
      new Set(o).size !== o.length ||
      o.some((v) => v.length < 1 || v.length > POLL_LIMITS.maxValueLength)
    ) {
      return `The options of a vote must be 1-${POLL_LIMITS.maxOptions} different values of 1-${POLL_LIMITS.maxValueLength} characters.`;
    }
    options = [...o];
  }
  const single = kind === 'single' || kind === 'scale';
  const maxChoices = data.maxChoices ?? (single ? 1 : POLL_LIMITS.maxChoices);
  if (!isWhole(maxChoices) || maxChoices < 1 || maxChoices > POLL_LIMITS.maxChoices || (single && maxChoices !== 1)) {
    return `maxChoices must be a whole number from 1 to ${single ? 1 : POLL_LIMITS.maxChoices}.`;
  }
  let min: number | null = null;
  let max: number | null = null;
  if (kind === 'scale' && (data.min !== undefined || data.max !== undefined)) {
    if (!isWhole(data.min) || !isWhole(data.max) || data.min >= data.max || data.max - data.min > POLL_LIMITS.maxScaleSpan) {
      return `A scale needs whole numbers min < max, at most ${POLL_LIMITS.maxScaleSpan} steps apart.`;
    }
    min = data.min;
    max = data.max;
  }
  return { kind, options, maxChoices, min, max, allowChange: data.allowChange === true, anonymous: data.anonymous === true };
}

/** Rules stored in an event or a state, checked as strictly as a vote's (a broken backend cannot install others). */
function validRules(v: unknown): PollRules | null {
  if (!isObj(v) || typeof v.allowChange !== 'boolean' || typeof v.anonymous !== 'boolean') return null;
  const offered = offeredRules({ ...v, options: v.options ?? undefined, min: v.min ?? undefined, max: v.max ?? undefined });
  return typeof offered === 'string' || offered.kind !== (v.kind ?? null) ? null : offered;
}

/** The rules votes are judged by now: the config once opened, else the ones the first vote fixed. */
export const rulesOf = (state: PollState): PollRules | null => (state.config ? pollRules(state.config) : (state.rules ?? null));

// ---------------------------------------------------------------------------------------------
// Queries the view uses

/** True when the poll takes no more votes at `now`: closed by a facilitator or its timer ran out. */
export function isClosed(state: PollState, now: number): boolean {
  return state.status === 'closed' || (state.closesAt !== null && now >= state.closesAt);
}

/** Milliseconds until the timer closes the poll (0 once it has), or null without a running timer. */
export function timeLeft(state: PollState, now: number): number | null {
  if (state.status === 'closed' || state.closesAt === null) return null;
  return Math.max(0, state.closesAt - now);
}

/** This participant's current choices in this round, or null when they have not answered (or are not visible). */
export function myChoices(state: PollState, participantId: string): string[] | null {
  return voterChoices(state.voters, participantId) ?? null;
}

/**
 * Rows to render. Single/multiple: one row per option in config order. Scale: one row per point
 * min..max. Text (or a self-serve poll without config): one row per distinct answer, most frequent
 * first, ties by text. `percent` is the share of people who responded (0 when nobody has).
 */
export function resultRows(state: PollState, config: PollConfig | null): PollResultRow[] {
  const total = state.responded;
  const row = (value: string, label: string): PollResultRow => {
    const count = get(state.tally, value) ?? 0;
    return { value, label: stripBidi(label), count, percent: total > 0 ? (count / total) * 100 : 0 };
  };
  if (config && (config.kind === 'single' || config.kind === 'multiple')) {
    return config.options.map((o) => row(o.value, o.label));
  }
  if (config && config.kind === 'scale') {
    return scalePoints(config).map((n) => {
      const value = String(n);
      return row(value, config.options.find((o) => o.value === value)?.label ?? value);
    });
  }
  return Object.keys(state.tally)
    .filter((k) => (get(state.tally, k) ?? 0) > 0)
    .map((k) => row(k, get(state.texts, k) ?? k))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
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

// ---------------------------------------------------------------------------------------------
// decide

function closedMessage(state: PollState): string {
  return state.status === 'closed' ? 'This poll is closed.' : 'Time is up: this poll is closed.';
}

function decideVote(state: PollState, data: Record<string, unknown>, actor: Actor, now: number, room?: RoomFacts): Decision {
  if (!Number.isSafeInteger(data.round)) return fail('bad_operation', 'A vote needs the round it answers.');
  if (isClosed(state, now)) return fail('poll_closed', closedMessage(state));
  if (data.round !== state.round) return fail('stale_round', 'This poll was reset; vote again in the new round.');

  // The facilitator's config, else the rules the first vote fixed; only a first vote brings its own.
  let rules = rulesOf(state);
  let fixes: PollRules | undefined;
  if (!rules) {
    const offered = offeredRules(data);
    if (typeof offered === 'string') return fail('invalid_config', offered);
    rules = fixes = offered;
  }
  const { kind, allowChange, anonymous } = rules;

  const previous = voterChoices(state.voters, actor.id);
  if (previous && !allowChange) return fail('already_voted', 'You have already answered this poll; answers cannot be changed.');

  const raw = data.choices;
  if (!Array.isArray(raw) || raw.length === 0) return fail('invalid_choice', 'Choose at least one answer.');
  if (raw.length > POLL_LIMITS.maxChoices) return fail('invalid_choice', `A vote can carry at most ${POLL_LIMITS.maxChoices} choices.`);
  if (!isStringArray(raw)) return fail('invalid_choice', 'Each choice must be text.');

  let choices: string[];
  if (kind === 'text') {
    choices = raw.map(normalizeText);
    for (const c of choices) {
      if (c === '') return fail('invalid_choice', 'Write an answer before sending it.');
      if (c.length > POLL_LIMITS.maxTextLength) {
        return fail('text_too_long', `Answers can be at most ${POLL_LIMITS.maxTextLength} characters; this one has ${c.length}.`);
      }
    }
    if (new Set(choices.map((c) => c.toLowerCase())).size !== choices.length) {
      return fail('invalid_choice', 'The same answer was given twice.');
    }
    const max = rules.maxChoices;
    if (choices.length > max) {
      return fail('too_many_choices', max === 1 ? 'Give one answer.' : `Give at most ${max} answers.`);
    }
  } else {
    for (const c of raw) {
      if (c.length < 1 || c.length > POLL_LIMITS.maxValueLength) {
        return fail('invalid_choice', `Each choice must be 1-${POLL_LIMITS.maxValueLength} characters.`);
      }
    }
    if (new Set(raw).size !== raw.length) return fail('invalid_choice', 'The same option was chosen twice.');
    choices = [...raw];
    if ((kind === 'single' || kind === 'scale') && choices.length > 1) {
      return fail('too_many_choices', kind === 'single' ? 'Choose only one option.' : 'Choose one point on the scale.');
    }
    if (kind !== 'single' && kind !== 'scale' && choices.length > rules.maxChoices) {
      const max = rules.maxChoices;
      return fail('too_many_choices', `Choose at most ${max} ${max === 1 ? 'option' : 'options'}.`);
    }
    const options = rules.options;
    if (options) {
      const bad = choices.find((c) => !options.includes(c));
      if (bad !== undefined) return fail('invalid_choice', `"${bad}" is not one of this poll's options.`);
    }
    if (kind === 'scale') {
      const c = choices[0] as string;
      if (!/^-?\d{1,9}$/.test(c)) return fail('invalid_choice', `"${c}" is not a whole number on the scale.`);
      const n = Number(c);
      if (rules.min !== null && rules.max !== null && (n < rules.min || n > rules.max)) {
        return fail('invalid_choice', `Choose a point from ${rules.min} to ${rules.max}.`);
      }
      choices = [String(n === 0 ? 0 : n)]; // "05" and "-0" count as 5 and 0
    }
  }

  const event: VoteEventData = { round: state.round, choices, replaces: previous ? [...previous] : null, anonymous, kind };
  if (fixes) event.rules = fixes;
  if (voteReachesQuorum(state, !previous, room)) event.closes = true;
  return ok(event);
}

/** Parses a timer length; returns milliseconds, null for "no timer" (when allowed), or undefined when invalid. */
function timerMs(seconds: unknown, allowNone: boolean): number | null | undefined {
  if (allowNone && (seconds === undefined || seconds === null || seconds === 0)) return null;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > POLL_LIMITS.maxTimerSeconds) {
    return undefined;
  }
  return Math.round(seconds * 1000);
}

const timerProblem = `The timer must be a number of seconds from 1 to ${POLL_LIMITS.maxTimerSeconds}.`;

/** Operations only facilitators and producers may send. */
const CONTROLS = ['open', 'close', 'reveal', 'reset', 'timer', 'extend', 'quorum'];

function decide(state: PollState, op: Operation, actor: Actor, now: number, room?: RoomFacts): Decision {
  const data = op.data;
  const control = CONTROLS.includes(op.type);
  if (op.type === 'more-time') return decideMoreTime(state, actor, now);
  if (op.type !== 'vote' && !control) return fail('bad_operation', `Polls do not understand the operation "${op.type}".`);
  if (control && !canModerate(actor.role)) return fail('forbidden', `Only a facilitator can send "${op.type}" to a poll.`);
  if (!isObj(data)) return fail('bad_operation', `The data of a poll "${op.type}" must be an object.`);

  switch (op.type) {
    case 'vote':
      // Staff run the poll and read its results; they are not among the people expected to answer.
      if (canModerate(actor.role)) return fail('participants_only', 'Only participants vote; facilitators and producers run the poll.');
      return decideVote(state, data, actor, now, room);
    case 'open': {
      const problem = validatePollConfig(data.config);
      if (problem) return fail('invalid_config', problem);
      // A named config over anonymous answers would name their authors as soon as they change them
      // (the vote event carries the actor and what it replaces): only a new round may become named.
      if ((data.config as PollConfig).anonymous === false && state.responded > 0 && state.named !== true) {
        return fail('invalid_config', 'This round already has anonymous answers; start a new round before making the poll named.');
      }
      const ms = timerMs(data.seconds, true);
      if (ms === undefined) return fail('bad_operation', timerProblem);
      const quorum = quorumProblem(data.quorum);
      if (quorum) return fail('invalid_quorum', quorum);
      return ok({ config: cleanConfig(data.config as PollConfig), closesAt: ms === null ? null : now + ms, quorum: data.quorum ?? null });
    }
    case 'close':
      if (state.status === 'closed') return fail('poll_closed', 'This poll is already closed.');
      return ok({});
    case 'reveal':
      if (typeof data.revealed !== 'boolean') return fail('bad_operation', 'reveal needs revealed: true or false.');
      return ok({ revealed: data.revealed });
    case 'reset':
      return ok({ round: state.round + 1 });
    case 'timer': {
      if (isClosed(state, now)) return fail('poll_closed', `${closedMessage(state)} Open it again to run a timer.`);
      const ms = timerMs(data.seconds, data.seconds === null);
      if (ms === undefined) return fail('bad_operation', `${timerProblem} Send null to turn the timer off.`);
      const moreTime = data.moreTime ?? 0;
      if (!isMoreTime(moreTime)) return fail('bad_operation', `moreTime: 0-${POLL_LIMITS.maxMoreTime} whole seconds.`);
      return ok({ closesAt: ms === null ? null : now + ms, moreTime });
    }
    case 'quorum':
      return decideQuorum(state, data, isClosed(state, now), room);
    case 'extend': {
      if (isClosed(state, now)) return fail('poll_closed', `${closedMessage(state)} Open it again to collect more answers.`);
      if (state.closesAt === null) return fail('no_timer', 'There is no timer running to extend.');
      const ms = timerMs(data.seconds, false);
      if (ms === undefined || ms === null) return fail('bad_operation', timerProblem);
      return ok({ closesAt: state.closesAt + ms });
    }
    default:
      return fail('bad_operation', `Polls do not understand the operation "${op.type}".`);
  }
}

const isMoreTime = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= POLL_LIMITS.maxMoreTime;

/** A participant asks for more time: allowed when the facilitator's timer says so, a few times per timer. */
function decideMoreTime(state: PollState, actor: Actor, now: number): Decision {
  if (canModerate(actor.role)) return fail('participants_only', 'Staff extend the timer with "extend".');
  if (isClosed(state, now)) return fail('poll_closed', closedMessage(state));
  if (state.closesAt === null) return fail('no_timer', 'There is no timer running to extend.');
  const seconds = state.moreTime ?? 0;
  if (!seconds) return fail('more_time_off', 'This timer does not allow more time.');
  if ((state.timeAsks ?? 0) >= POLL_LIMITS.maxTimeAsks)
    return fail('more_time_used', `This timer gave more time ${POLL_LIMITS.maxTimeAsks} times already.`);
  return ok({ closesAt: state.closesAt + seconds * 1000 });
}

// ---------------------------------------------------------------------------------------------
// evolve

function applyVote(state: PollState, d: Record<string, unknown>, actor: Actor | undefined): PollState {
  if (d.round !== state.round || !isStringArray(d.choices) || d.choices.length === 0) return state;
  if (d.replaces !== null && d.replaces !== undefined && !isStringArray(d.replaces)) return state;
  const replaces = (d.replaces ?? null) as string[] | null;
  const text = d.kind === 'text' || (d.kind === undefined && state.config?.kind === 'text');
  const keyOf = text ? textKey : (c: string) => c;

  const tally: Record<string, number> = { ...state.tally };
  const texts: Record<string, string> = text ? { ...state.texts } : state.texts;
  for (const c of replaces ?? []) {
    const key = keyOf(c);
    const n = (get(tally, key) ?? 0) - 1;
    if (n > 0) {
      put(tally, key, n);
    } else {
      delete tally[key];
      if (text) delete texts[key];
    }
  }
  for (const c of d.choices) {
    const key = keyOf(c);
    put(tally, key, (get(tally, key) ?? 0) + 1);
    if (text && get(texts, key) === undefined) put(texts, key, normalizeText(c));
  }
  let voters = state.voters;
  if (actor && typeof actor.id === 'string') {
    voters = withVoter(state.voters, actor.id, [...d.choices]);
  }
  // `=== true`: a checkpoint written before this field existed reads as not named (private).
  const named = state.named === true && d.anonymous === false;
  // The first vote of a self-serve poll fixes its rules for every later vote.
  const rules = state.config || state.rules ? (state.rules ?? null) : validRules(d.rules);
  return { ...state, tally, texts, voters, named, rules, responded: state.responded + (replaces ? 0 : 1) };
}

const isClosesAt = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

function evolve(state: PollState, event: EventEnvelope): PollState {
  const d = event.data;
  if (!isObj(d)) return state;
  switch (event.type) {
    case 'vote': {
      // The vote that met the quorum counts, then closes the poll (a vote this state cannot use closes nothing).
      const next = applyVote(state, d, event.actor);
      return next === state ? state : closedByQuorum(next, d);
    }
    case 'quorum':
      return closedByQuorum({ ...state, quorum: quorumOf(d.quorum) }, d);
    case 'open': {
      if (validatePollConfig(d.config) !== null || !isClosesAt(d.closesAt)) return state;
      return { ...state, status: 'open', config: cleanConfig(d.config as PollConfig), closesAt: d.closesAt, quorum: quorumOf(d.quorum) };
    }
    case 'close':
      return { ...state, status: 'closed', closesAt: null };
    case 'reveal':
      return typeof d.revealed === 'boolean' ? { ...state, revealed: d.revealed } : state;
    case 'reset': {
      const round = d.round === undefined ? state.round + 1 : d.round;
      if (typeof round !== 'number' || !Number.isSafeInteger(round) || round <= state.round) return state;
      const record: PollRoundRecord = {
        round: state.round,
        config: state.config,
        tally: state.tally,
        responded: state.responded,
        texts: state.texts,
      };
      return {
        ...state,
        status: state.config ? 'open' : 'new',
        round,
        revealed: false,
        closesAt: null,
        tally: {},
        responded: 0,
        voters: {},
        named: true,
        texts: {},
        history: [...state.history, record].slice(-POLL_LIMITS.historyRounds),
      };
    }
    case 'timer':
      // A new timer (or none) starts its own count of "more time" requests.
      return isClosesAt(d.closesAt)
        ? { ...state, closesAt: d.closesAt, moreTime: isMoreTime(d.moreTime) ? d.moreTime : 0, timeAsks: 0 }
        : state;
    case 'extend':
      return isClosesAt(d.closesAt) ? { ...state, closesAt: d.closesAt } : state;
    case 'more-time':
      return isClosesAt(d.closesAt) ? { ...state, closesAt: d.closesAt, timeAsks: (state.timeAsks ?? 0) + 1 } : state;
    default:
      return state;
  }
}

/** State of a poll nobody has touched: self-serve, round 1, no votes. */
export function initialPollState(): PollState {
  return {
    status: 'new',
    round: 1,
    config: null,
    rules: null,
    revealed: false,
    closesAt: null,
    tally: {},
    responded: 0,
    voters: {},
    named: true,
    texts: {},
    history: [],
  };
}

/**
 * Who may see who voted. Votes in anonymous polls hide the voter from everyone else (the voter's own
 * events keep their actor, see `projectEvent`); other votes show the voter only to facilitators and
 * producers. When the data is unreadable the voter stays hidden. Control events are public.
 */
function actorVisible(_state: PollState, event: StoredEvent, viewer: Actor): boolean {
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
function viewState(state: PollState, viewer: Actor): PollState {
  if (state.named === true && canModerate(viewer.role)) return state;
  const mine = voterChoices(state.voters, viewer.id);
  return { ...state, voters: mine ? withVoter({}, viewer.id, [...mine]) : {} };
}

/** The poll topic model, shared by every authority and every client. */
export const pollModel: TopicModel<PollState> = {
  kind: POLL_KIND,
  initial: initialPollState,
  decide,
  evolve,
  actorVisible,
  viewState,
  statements: () => import('./poll-xapi.js').then((m) => m.pollStatements),
};
