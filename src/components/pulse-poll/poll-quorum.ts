import { accept as ok, refuse as fail, type Decision, type RoomFacts } from '../../core/protocol/model.js';
import { isObj } from '../../core/protocol/records.js';
import type { PollQuorum, PollState } from './poll-types.js';

/**
 * Quorum (decisions §48): a poll closes itself once enough of the participants present have
 * answered: a number (`{ count: 12 }`) or a share (`{ share: 80 }`, per cent of those present),
 * or at its timer, whichever comes first. Only an authority decides it, on the presence it counts
 * (`RoomFacts`, staff never counted), when a vote or a new quorum arrives: the deciding event
 * carries `closes: true` and every view folds it into a close. Clients fold events, never decide it.
 */

/** Largest quorum count: more than a room can hold (the server's default room caps far lower). */
export const MAX_QUORUM_COUNT = 100_000;

/** A specific English problem with a quorum setting, or null when it is usable (null and absent mean none). */
export function quorumProblem(q: unknown): string | null {
  if (q === null || q === undefined) return null;
  const keys = isObj(q) ? Object.keys(q) : [];
  if (!isObj(q) || keys.length !== 1 || !(keys[0] === 'count' || keys[0] === 'share')) {
    return 'A quorum is { count: n } or { share: per cent }, or null for none.';
  }
  if ('count' in q) {
    const n = q.count;
    return Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= MAX_QUORUM_COUNT
      ? null
      : `A quorum count must be a whole number from 1 to ${MAX_QUORUM_COUNT}.`;
  }
  const s = q.share;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 && s <= 100
    ? null
    : 'A quorum share must be a per cent above 0 and at most 100.';
}

/**
 * Reads the `quorum` attribute: "12" (answers) or "80%" (of the participants present); empty: none.
 * Returns the setting, or a specific English problem the element shows as its authoring error.
 */
export function parseQuorum(text: string | null | undefined): PollQuorum | null | string {
  const t = (text ?? '').trim();
  if (t === '') return null;
  const share = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  const q: PollQuorum | null = share ? { share: Number(share[1]) } : /^\d+$/.test(t) ? { count: Number(t) } : null;
  const problem = q ? quorumProblem(q) : `quorum="${t}" is not a number of answers ("12") or a share ("80%").`;
  return problem ? `quorum: ${problem}` : q;
}

/** Answers needed with `present` participants: the count, or the share of those present (at least one); null when unknown. */
export function quorumNeeded(q: PollQuorum, present: number | null): number | null {
  if ('count' in q) return q.count;
  if (present === null || present <= 0) return null;
  // Per cent times people first: 80 * 5 / 100 is exactly 4, where 0.8 * 5 may not be.
  return Math.max(1, Math.ceil((q.share * present) / 100));
}

/** Whether `responded` answers meet `state`'s quorum at the authority (`room` given); never for a closed poll. */
function reached(state: PollState, q: PollQuorum | null | undefined, responded: number, room: RoomFacts | undefined): boolean {
  if (!q || !room || state.status === 'closed') return false;
  const needed = quorumNeeded(q, room.present);
  return needed !== null && responded >= needed;
}

/** Whether the vote being decided (a first answer adds one) closes the poll by its quorum. */
export const voteReachesQuorum = (state: PollState, firstAnswer: boolean, room: RoomFacts | undefined): boolean =>
  reached(state, state.quorum, state.responded + (firstAnswer ? 1 : 0), room);

/** Decides a facilitator's `quorum` operation: a new setting (or null: none), closing at once when already met. */
export function decideQuorum(state: PollState, data: Record<string, unknown>, closed: boolean, room: RoomFacts | undefined): Decision {
  if (closed) return fail('poll_closed', 'This poll is closed. Open it again to set a quorum.');
  const problem = quorumProblem(data.quorum);
  if (problem) return fail('invalid_quorum', problem);
  const quorum = (data.quorum ?? null) as PollQuorum | null;
  return ok(reached(state, quorum, state.responded, room) ? { quorum, closes: true } : { quorum });
}

/** The quorum an event installs (a broken backend's unusable one reads as none). */
export const quorumOf = (v: unknown): PollQuorum | null => (v !== undefined && quorumProblem(v) === null ? (v as PollQuorum | null) : null);

/** `state` after an event that may carry `closes: true` (a vote or quorum that met the quorum): closed. */
export function closedByQuorum(state: PollState, data: Record<string, unknown>): PollState {
  return data.closes === true && state.status !== 'closed' ? { ...state, status: 'closed', closesAt: null } : state;
}
