import { css } from 'lit';

/** <pk-session-report>'s own styles (on top of the shared base and frame). */
export const reportStyles = css`
  :host {
    --_track: var(--pk-color-track, #e3e7ee);
    --_line: var(--_accent);
    --_marker: var(--pk-color-warning, #8a5a00);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_track: var(--pk-color-track, #2c3340);
      --_marker: var(--pk-color-warning, #ffcf70);
    }
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.3em;
  }
  h3 {
    font-size: 1.1em;
    margin-block-end: 0.4em;
  }
  section,
  figure,
  .block {
    margin: 0;
    display: grid;
    gap: 0.4em;
    min-inline-size: 0;
  }
  figure + figure,
  .block + .block {
    margin-block-start: var(--_gap);
  }
  p {
    margin: 0;
  }
  [part~='note'],
  .muted {
    color: var(--_muted);
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  th,
  td {
    text-align: start;
    padding-block: 0.2em;
    padding-inline: 0.4em;
    border-block-end: 0.0625em solid var(--_border);
  }
  td {
    font-variant-numeric: tabular-nums;
  }
  summary {
    cursor: pointer;
    min-block-size: 1.5em;
  }
  svg {
    display: block;
    inline-size: 100%;
  }
  .chart {
    inline-size: 40%;
    vertical-align: middle;
  }
  div.chart {
    inline-size: 100%;
  }
  svg.bar {
    block-size: 0.9em;
  }
  svg.line {
    block-size: 5em;
  }
  /* Bars grow from the inline start and time runs with the reading direction. */
  [dir='rtl'] svg {
    transform: scaleX(-1);
  }
  .track {
    fill: var(--_track);
  }
  .fill {
    fill: var(--_accent);
  }
  .value {
    fill: none;
    stroke: var(--_line);
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }
  .dot {
    fill: var(--_line);
  }
  .marker {
    stroke: var(--_marker);
    stroke-dasharray: 3 3;
    vector-effect: non-scaling-stroke;
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.5em;
    margin: 0;
  }
  .figures dd {
    margin: 0;
    font-size: 1.3em;
    font-weight: 600;
  }
  .body {
    overflow-wrap: anywhere;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  @media (forced-colors: active) {
    .track {
      fill: Canvas;
      stroke: CanvasText;
    }
    .fill,
    .dot {
      fill: Highlight;
    }
    .value {
      stroke: Highlight;
    }
    .marker {
      stroke: CanvasText;
    }
  }
`;
