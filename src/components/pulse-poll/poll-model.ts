import type { TopicModel } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import { topicOf, type EventEnvelope } from '../../core/protocol/wire.js';
import { cleanConfig, POLL_LIMITS, validatePollConfig } from './poll-config.js';
import { decide, isMoreTime } from './poll-decide.js';
import { actorVisible, viewState } from './poll-queries.js';
import { applyVote } from './poll-tally.js';
import type { PollConfig, PollRoundRecord, PollState } from './poll-types.js';
import { closedByQuorum, quorumOf } from './poll-quorum.js';

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

export { POLL_LIMITS, readableConfig, scalePoints, validatePollConfig } from './poll-config.js';
export { offeredRules, pollRules, rulesOf, voteData } from './poll-rules.js';
export { myChoices, normalizeText, resultRows, textKey, voterIds } from './poll-tally.js';
export { canSeeResults, isClosed, timeLeft } from './poll-queries.js';

/**
 * The pure model of a pulse poll (`poll:<id>` topics). The authority runs `decide` + `evolve` with
 * full actors; clients fold the events they receive, where other people's votes may arrive without
 * an actor, so every vote event carries what the tally needs (`choices` and the `replaces` it
 * undoes). No DOM, no clock, no randomness: time comes in as `now` or as absolute times in events.
 *
 * This file holds the fold of events (`evolve`) and the model object; the other jobs have files of
 * their own: `poll-config.ts` (limits, config check), `poll-rules.ts` (what votes are judged by),
 * `poll-tally.ts` (voters, tally, result rows), `poll-decide.ts` (the authority's decisions) and
 * `poll-queries.ts` (closed, results visibility, what each viewer may see).
 */

/** Topic kind of polls. */
export const POLL_KIND = 'poll' as const;

/** Topic name of the poll with this id, for example `poll:warmup`. Throws on an unusable id. */
export const pollTopic = (id: string): string => topicOf(POLL_KIND, id);

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
