import { svg, nothing, type SVGTemplateResult } from 'lit';

/**
 * The report's pictures as inline SVG (no chart library, no inline styles: geometry goes into SVG
 * attributes, colours come from the stylesheet). Every picture is `aria-hidden`: the same numbers
 * are in a table or text next to it for screen readers.
 */

/**
 * One horizontal bar for a share 0..1, drawn in a table cell beside its label and number, so the
 * eye reads the bars down a column while the text stays in the table.
 */
export function barSvg(share: number | null): SVGTemplateResult {
  const w = Math.max(0, Math.min(1, share !== null && Number.isFinite(share) ? share : 0)) * 100;
  return svg`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" x="0" y="0" width="100" height="10"></rect><rect class="fill" x="0" y="0" width=${w.toFixed(2)} height="10"></rect></svg>`;
}

/** A point of a line: time and value (null leaves a gap). */
export interface LinePoint {
  at: number;
  value: number | null;
}

/** Where markers sit on the time axis. */
export interface LineMarker {
  at: number;
}

const W = 300;
const H = 80;

/** Polyline runs (gaps split them) of `points` scaled to `max`, with markers on the same time axis. */
export function lineGeometry(
  points: readonly LinePoint[],
  max: number,
  markers: readonly LineMarker[] = [],
): { runs: string[]; markers: number[] } {
  if (points.length === 0) return { runs: [], markers: [] };
  const t0 = points[0]!.at;
  const span = Math.max(1, points[points.length - 1]!.at - t0);
  const x = (at: number) => ((at - t0) / span) * W;
  const y = (v: number) => H - (Math.max(0, Math.min(max, v)) / Math.max(1, max)) * H;
  const runs: string[] = [];
  let run: string[] = [];
  for (const p of points) {
    if (p.value === null) {
      if (run.length) runs.push(run.join(' '));
      run = [];
      continue;
    }
    run.push(`${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`);
  }
  if (run.length) runs.push(run.join(' '));
  const inRange = markers.filter((m) => m.at >= t0 && m.at <= t0 + span).map((m) => Number(x(m.at).toFixed(1)));
  return { runs, markers: inRange };
}

/** A line chart over time (0..max) with marker rules. */
export function lineSvg(
  points: readonly LinePoint[],
  max: number,
  markers: readonly LineMarker[] = [],
): SVGTemplateResult | typeof nothing {
  const g = lineGeometry(points, max, markers);
  if (g.runs.length === 0 && g.markers.length === 0) return nothing;
  return svg`<svg class="line" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect class="track" x="0" y="0" width=${W} height=${H}></rect>
    ${g.markers.map((mx) => svg`<line class="marker" x1=${mx} x2=${mx} y1="0" y2=${H}></line>`)}
    ${g.runs.map((r) => (r.includes(' ') ? svg`<polyline class="value" points=${r}></polyline>` : svg`<circle class="dot" cx=${r.split(',')[0]} cy=${r.split(',')[1]} r="2"></circle>`))}
  </svg>`;
}
