/**
 * The authority's decision on one poll operation: a vote checked against the rules of the round,
 * the facilitator's controls (open, close, reveal, reset, timer, extend) and a participant's
 * request for more time. Each refusal carries a code and a specific English message.
 */
import { accept as ok, refuse as fail, type Decision, type RoomFacts } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import { canModerate, type Actor, type Operation } from '../../core/protocol/wire.js';
import { cleanConfig, isStringArray, POLL_LIMITS, validatePollConfig } from './poll-config.js';
import { isClosed } from './poll-queries.js';
import { offeredRules, rulesOf } from './poll-rules.js';
import { normalizeText, voterChoices } from './poll-tally.js';
import type { PollConfig, PollRules, PollState, VoteEventData } from './poll-types.js';
import { decideQuorum, quorumProblem, voteReachesQuorum } from './poll-quorum.js';

function closedMessage(state: PollState): string {
  return state.status === 'closed' ? 'This poll is closed.' : 'Time is up: this poll is closed.';
}

/**
 * The refusal of a change to the timer: the poll is closed (`reopen` says what to do instead), or
 * `needsTimer` and none is running. Null when the change may go ahead.
 */
function timerRefusal(state: PollState, now: number, reopen: string, needsTimer: boolean): Decision | null {
  if (isClosed(state, now)) return fail('poll_closed', `${closedMessage(state)}${reopen}`);
  if (needsTimer && state.closesAt === null) return fail('no_timer', 'There is no timer running to extend.');
  return null;
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
/** The authority's decision on one operation (see the file's header for what each one checks). */
export function decide(state: PollState, op: Operation, actor: Actor, now: number, room?: RoomFacts): Decision {
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
      const refused = timerRefusal(state, now, ' Open it again to run a timer.', false);
      if (refused) return refused;
      const ms = timerMs(data.seconds, data.seconds === null);
      if (ms === undefined) return fail('bad_operation', `${timerProblem} Send null to turn the timer off.`);
      const moreTime = data.moreTime ?? 0;
      if (!isMoreTime(moreTime)) return fail('bad_operation', `moreTime: 0-${POLL_LIMITS.maxMoreTime} whole seconds.`);
      return ok({ closesAt: ms === null ? null : now + ms, moreTime });
    }
    case 'quorum':
      return decideQuorum(state, data, isClosed(state, now), room);
    case 'extend': {
      const refused = timerRefusal(state, now, ' Open it again to collect more answers.', true);
      if (refused) return refused;
      const ms = timerMs(data.seconds, false);
      if (ms === undefined || ms === null) return fail('bad_operation', timerProblem);
      return ok({ closesAt: state.closesAt! + ms });
    }
    default:
      return fail('bad_operation', `Polls do not understand the operation "${op.type}".`);
  }
}

/** True for a "more time" length a facilitator may allow: 0 (off) to the limit, in whole seconds. */
export const isMoreTime = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= POLL_LIMITS.maxMoreTime;

/** A participant asks for more time: allowed when the facilitator's timer says so, a few times per timer. */
function decideMoreTime(state: PollState, actor: Actor, now: number): Decision {
  if (canModerate(actor.role)) return fail('participants_only', 'Staff extend the timer with "extend".');
  const refused = timerRefusal(state, now, '', true);
  if (refused) return refused;
  const seconds = state.moreTime ?? 0;
  if (!seconds) return fail('more_time_off', 'This timer does not allow more time.');
  if ((state.timeAsks ?? 0) >= POLL_LIMITS.maxTimeAsks)
    return fail('more_time_used', `This timer gave more time ${POLL_LIMITS.maxTimeAsks} times already.`);
  return ok({ closesAt: state.closesAt! + seconds * 1000 });
}
