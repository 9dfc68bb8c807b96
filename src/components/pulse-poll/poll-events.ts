import type { PollState } from './poll-types.js';

/** Detail of `pk-vote`. */
export interface PkVoteDetail {
  /** The poll's id. */
  pollId: string;
  /** Round voted in. */
  round: number;
  /** Chosen option values, scale point or text answer. */
  choices: string[];
  /** Operation id (matches the ack and the stored event). */
  opId: string;
}

/** Detail of `pk-poll-change`. */
export interface PkPollChangeDetail {
  /** The poll's id. */
  pollId: string;
  /** new (never opened), open or closed. */
  status: PollState['status'];
  /** True when the poll takes no votes now (closed or timer ran out). */
  closed: boolean;
  /** Current round. */
  round: number;
  /** People who answered this round. */
  responded: number;
  /** Whether a facilitator revealed the results. */
  revealed: boolean;
}
