import { METER_LIMITS } from './meter-model.js';
import type { SignalSet } from './meter-signals.js';

/** The attributes of a meter that can be authored wrong. */
export interface MeterAuthoring {
  stateTtl: number;
  reactionFade: number;
  minGroup: number;
  alertThreshold: number;
  alertMargin: number;
  alertSignals: string | null;
  timelineSignal: string;
}

/** The first authoring mistake in a meter's attributes (in English, for the page's author), or null. */
export function meterAuthoringProblem(m: MeterAuthoring, set: SignalSet): string | null {
  if (set.problem) return set.problem;
  const { minTtl, maxTtl, minFade, maxFade } = METER_LIMITS;
  if (!Number.isFinite(m.stateTtl) || m.stateTtl < minTtl || m.stateTtl > maxTtl)
    return `state-ttl must be ${minTtl}-${maxTtl} seconds (got ${m.stateTtl}).`;
  if (!Number.isFinite(m.reactionFade) || m.reactionFade < minFade || m.reactionFade > maxFade)
    return `reaction-fade must be ${minFade}-${maxFade} seconds (got ${m.reactionFade}).`;
  if (!Number.isInteger(m.minGroup) || m.minGroup < 1) return `min-group must be a whole number of at least 1 (got ${m.minGroup}).`;
  if (!(m.alertThreshold > 0 && m.alertThreshold <= 1))
    return `alert-threshold must be a share above 0 and at most 1, like 0.33 (got ${m.alertThreshold}).`;
  if (!(m.alertMargin >= 0 && m.alertMargin < m.alertThreshold))
    return `alert-margin must be at least 0 and below alert-threshold (got ${m.alertMargin}).`;
  const states = new Set(set.states.map((s) => s.name));
  // Only names the author wrote are checked; the unset default adapts to the states offered.
  for (const a of (m.alertSignals ?? '').split(/\s+/).filter(Boolean)) {
    if (!states.has(a)) return `alert-signals: "${a}" is not one of this meter's states (${[...states].join(', ') || 'none'}).`;
  }
  if (m.timelineSignal && !states.has(m.timelineSignal)) return `timeline-signal: "${m.timelineSignal}" is not one of this meter's states.`;
  return null;
}

/** The states an alert watches: `alert-signals`, else `confused` when the meter offers it. */
export function alertNames(alertSignals: string | null, set: SignalSet): string[] {
  const states = new Set(set.states.map((s) => s.name));
  return (alertSignals ?? 'confused').split(/\s+/).filter((n) => states.has(n));
}
