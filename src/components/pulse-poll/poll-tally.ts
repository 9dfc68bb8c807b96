/**
 * Who voted what, and the tally it adds up to: voters in buckets, text answers counted by a
 * normalized key, the fold of one vote event, and the result rows the views draw. Records are
 * keyed by user input ("__proto__", "constructor" are valid answers), so reads check own
 * properties and writes define properties instead of assigning.
 */
import { bucketOf, get, isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { Actor } from '../../core/protocol/wire.js';
import { isStringArray, scalePoints } from './poll-config.js';
import { validRules } from './poll-rules.js';
import type { PollConfig, PollResultRow, PollState } from './poll-types.js';

/**
 * Voters are kept in buckets (bucket number -> actor id -> choices), created as needed: a vote copies
 * its bucket, not every voter, so folding a round of thousands of votes stays linear.
 */
const VOTER_BUCKETS = 64;
const voterBucket = (id: string): string => String(bucketOf(id, VOTER_BUCKETS));

/** The choices `id` made this round, as far as this state knows. */
export function voterChoices(voters: PollState['voters'], id: string): string[] | undefined {
  const bucket = isObj(voters) ? get(voters, voterBucket(id)) : undefined;
  return isObj(bucket) ? get(bucket, id) : undefined;
}

/** `voters` with `id`'s choices set (a new object; only their bucket is copied). */
export function withVoter(voters: PollState['voters'], id: string, choices: string[]): PollState['voters'] {
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

/** Tally key of a text answer: normalized and lowercased, so "Teamwork" and " teamwork " count together. */
export const textKey = (text: string): string => normalizeText(text).toLowerCase();

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

/** Folds one vote event into the tally: undoes what it `replaces`, counts its choices, records the voter. */
export function applyVote(state: PollState, d: Record<string, unknown>, actor: Actor | undefined): PollState {
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
