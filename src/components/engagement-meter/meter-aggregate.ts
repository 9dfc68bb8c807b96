import type { MeterAggregate, MeterAggregateOptions, MeterEntry, MeterState } from './meter-types.js';

/**
 * The pulse of a meter, pure: counts, shares, the engagement index and alert hysteresis. Only the
 * facilitator's and producer's view (and reports) compute it, so it lives apart from the topic
 * model every participant's page carries. Callers pass the authority's clock as they estimate it.
 */

/** Weights of the engagement index (docs/engagement-index.md). */
export const INDEX_WEIGHTS = { mood: 0.5, reactions: 0.2, participation: 0.3 } as const;

/**
 * The engagement index, 0..100, from its three parts (each 0..1; `participation` null when the
 * meter has no related topics, which leaves its weight out). See docs/engagement-index.md.
 */
export function engagementIndex(mood: number, reactions: number, participation: number | null): number {
  const w = INDEX_WEIGHTS;
  const sum = w.mood * mood + w.reactions * reactions + (participation === null ? 0 : w.participation * participation);
  const weights = w.mood + w.reactions + (participation === null ? 0 : w.participation);
  // The epsilon keeps exact halves (57.75 → 58) from rounding down through float error.
  return Math.max(0, Math.min(100, Math.round((100 * sum) / weights + 1e-9)));
}

const clamp01 = (n: number): number => Math.max(0, Math.min(1, n));

/** The pulse of the class at `now` (authority clock): counts, shares, hands and the index. */
export function aggregate(state: MeterState, now: number, options: MeterAggregateOptions): MeterAggregate {
  const live = new Set<number>();
  const byState = new Map<string, number>();
  const named: MeterEntry[] = [];
  let active = 0;
  for (const [slot, e] of Object.entries(state.entries)) {
    if (!(e.expiresAt > now)) continue;
    active++;
    live.add(Number(slot));
    byState.set(e.state, (byState.get(e.state) ?? 0) + 1);
    if (e.name !== undefined) named.push(e);
  }
  const reactionCounts = new Map<string, number>();
  const reactors = new Set<number>();
  for (const r of state.reactions) {
    if (!(r.fadesAt > now)) continue;
    reactors.add(r.slot);
    live.add(r.slot);
    reactionCounts.set(r.reaction, (reactionCounts.get(r.reaction) ?? 0) + 1);
  }
  for (const h of state.hands) live.add(h.slot);
  const present = options.present !== null && Number.isFinite(options.present) ? Math.max(0, Math.floor(options.present)) : null;
  const base = Math.max(present ?? 0, live.size);
  const minGroup = Math.max(1, Math.floor(options.minGroup) || 1);
  const hidden = base < minGroup;
  const result: MeterAggregate = {
    base,
    present,
    hidden,
    counts: {},
    shares: {},
    names: {},
    active: 0,
    reactions: {},
    reactors: 0,
    hands: state.hands.length,
    participation: null,
    index: null,
  };
  if (hidden) return result;
  for (const s of options.states) byState.set(s.name, byState.get(s.name) ?? 0);
  for (const [name, n] of byState) {
    result.counts[name] = n;
    result.shares[name] = n / base;
  }
  for (const e of named.sort((a, b) => a.at - b.at)) (result.names[e.state] ??= []).push(e.name!);
  for (const [name, n] of reactionCounts) result.reactions[name] = n;
  result.active = active;
  result.reactors = reactors.size;
  const weight = new Map(options.states.map((s) => [s.name, Math.max(-1, Math.min(1, Number(s.weight) || 0))]));
  let moodSum = 0;
  for (const [name, n] of byState) moodSum += (weight.get(name) ?? 0) * n;
  const mood = (1 + Math.max(-1, Math.min(1, moodSum / base))) / 2;
  const parts = options.participation.filter((p) => Number.isFinite(p));
  result.participation = parts.length ? parts.reduce((a, p) => a + clamp01(p / base), 0) / parts.length : null;
  result.index = engagementIndex(mood, clamp01(reactors.size / base), result.participation);
  return result;
}

/**
 * Hysteresis of an alert: it starts when `share` reaches `threshold` and stops only once `share`
 * falls below `threshold - margin`, so a share hovering at the threshold does not flap. A withheld
 * share (null: group too small) stops it.
 */
export function nextAlert(active: boolean, share: number | null, threshold: number, margin: number): boolean {
  if (share === null || !Number.isFinite(share)) return false;
  return active ? share >= threshold - Math.max(0, margin) : share >= threshold;
}
