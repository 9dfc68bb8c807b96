/**
 * The rules votes are judged by: the ones a facilitator's config sets, or, in a self-serve poll,
 * the ones the first vote brings (checked here, then fixed for every later vote of the round).
 */
import { isObj } from '../../core/protocol/records.js';
import { isKind, isStringArray, POLL_LIMITS } from './poll-config.js';
import type { PollConfig, PollRules, PollState, VoteOpData } from './poll-types.js';

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
export function validRules(v: unknown): PollRules | null {
  if (!isObj(v) || typeof v.allowChange !== 'boolean' || typeof v.anonymous !== 'boolean') return null;
  const offered = offeredRules({ ...v, options: v.options ?? undefined, min: v.min ?? undefined, max: v.max ?? undefined });
  return typeof offered === 'string' || offered.kind !== (v.kind ?? null) ? null : offered;
}

/** The rules votes are judged by now: the config once opened, else the ones the first vote fixed. */
export const rulesOf = (state: PollState): PollRules | null => (state.config ? pollRules(state.config) : (state.rules ?? null));
