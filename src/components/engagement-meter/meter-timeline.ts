import { csvCell } from '../../core/protocol/csv.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { MeterAggregate, MeterMarker } from './meter-types.js';

/**
 * The engagement timeline: samples of the aggregate taken by a facilitator's view (authority
 * clock), the facilitator's markers, and pure builders for the sparkline and the downloads.
 */

/** One sample of the pulse. Shares and the index are null while withheld (group too small). */
export interface TimelineSample {
  /** Authority time (ms). */
  at: number;
  /** Present participants (null: unknown). */
  present: number | null;
  /** Engagement index 0..100, or null. */
  index: number | null;
  /** Active states by name (empty when withheld). */
  counts: Record<string, number>;
  /** Shares by state name, 0..1 (empty when withheld). */
  shares: Record<string, number>;
  /** Raised hands. */
  hands: number;
  /** Recent reactions (sum over kinds; 0 when withheld). */
  reactions: number;
}

/** Builds a sample from an aggregate. */
export function sampleOf(at: number, a: MeterAggregate): TimelineSample {
  const reactions = Object.values(a.reactions).reduce((s, n) => s + n, 0);
  return { at, present: a.present, index: a.index, counts: { ...a.counts }, shares: { ...a.shares }, hands: a.hands, reactions };
}

/** Adds `sample` unless the last one is younger than `everyMs`; keeps at most `max` (oldest dropped). */
export function addSample(samples: readonly TimelineSample[], sample: TimelineSample, everyMs: number, max = 2880): TimelineSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.at - last.at < everyMs) return samples as TimelineSample[];
  const next = [...samples, sample];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** Geometry of the sparkline in SVG user units. */
export interface SparklineGeometry {
  width: number;
  height: number;
  /** Polyline points of the index (0..100), withheld samples leave gaps (one string per run). */
  index: string[];
  /** Polyline points of the share of the tracked state (0..1). */
  share: string[];
  /** x of each marker inside the time range, with its label. */
  markers: Array<{ x: number; label: string; at: number }>;
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * Sparkline geometry for `samples` between their first and last time: the index scaled to the
 * height, the share of `state` too, markers placed on the same time axis. Pure, so the view only
 * binds numbers into an inline SVG (no chart library, no inline styles).
 */
export function sparkline(
  samples: readonly TimelineSample[],
  markers: readonly MeterMarker[],
  state: string,
  width = 300,
  height = 60,
): SparklineGeometry {
  const geo: SparklineGeometry = { width, height, index: [], share: [], markers: [] };
  if (samples.length === 0) return geo;
  const t0 = Math.min(samples[0]!.at, ...markers.map((m) => m.at));
  const t1 = Math.max(samples[samples.length - 1]!.at, ...markers.map((m) => m.at));
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => ((t - t0) / span) * width;
  const y = (v: number) => height - Math.max(0, Math.min(1, v)) * height;
  const runs = (value: (s: TimelineSample) => number | null): string[] => {
    const out: string[] = [];
    let run: string[] = [];
    for (const s of samples) {
      const v = value(s);
      if (v === null) {
        if (run.length) out.push(run.join(' '));
        run = [];
        continue;
      }
      run.push(`${r1(x(s.at))},${r1(y(v))}`);
    }
    if (run.length) out.push(run.join(' '));
    // A single point draws nothing as a polyline: give it a short flat stroke.
    return out.map((pts) => (pts.includes(' ') ? pts : `${pts} ${pts.replace(/^[^,]+/, (v) => r1(Math.min(width, Number(v) + 2)))}`));
  };
  geo.index = runs((s) => (s.index === null ? null : s.index / 100));
  geo.share = runs((s) => (s.index === null ? null : (s.shares[state] ?? 0)));
  geo.markers = markers.map((m) => ({ x: Math.round(x(m.at) * 10) / 10, label: stripBidi(m.label), at: m.at }));
  return geo;
}

export { csvCell };

const iso = (t: number): string => new Date(t).toISOString();
const pct = (v: number | undefined): number | null => (v === undefined ? null : Math.round(v * 1000) / 10);

/**
 * The timeline as CSV (RFC 4180, CRLF line ends): one row per sample and one per marker, in time
 * order. Columns: kind, time (ISO, UTC), present, index, then `<state>` count and `<state> %`
 * for each state, hands, reactions, label.
 */
export function timelineCsv(samples: readonly TimelineSample[], markers: readonly MeterMarker[], states: readonly string[]): string {
  const header = ['kind', 'time', 'present', 'index', ...states.flatMap((s) => [s, `${s} %`]), 'hands', 'reactions', 'label'];
  type Row = { at: number; cells: Array<string | number | null> };
  const rows: Row[] = [
    ...samples.map((s) => ({
      at: s.at,
      cells: [
        'sample',
        iso(s.at),
        s.present,
        s.index,
        ...states.flatMap((st) => (s.index === null ? [null, null] : [s.counts[st] ?? 0, pct(s.shares[st] ?? 0)])),
        s.hands,
        s.index === null ? null : s.reactions,
        null,
      ],
    })),
    ...markers.map((m) => ({
      at: m.at,
      cells: ['marker', iso(m.at), null, null, ...states.flatMap(() => [null, null]), null, null, m.label],
    })),
  ];
  rows.sort((a, b) => a.at - b.at);
  return [header, ...rows.map((r) => r.cells)].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** What the JSON report holds. */
export interface TimelineReport {
  meterId: string;
  room: string;
  /** Authority time (ms) of the export. */
  exportedAt: number;
  states: string[];
  samples: TimelineSample[];
  markers: MeterMarker[];
}

/** The timeline as pretty-printed JSON. */
export function timelineJson(report: TimelineReport): string {
  const markers = report.markers.map((m) => ({ ...m, label: stripBidi(m.label) }));
  return `${JSON.stringify({ ...report, markers }, null, 2)}\n`;
}
