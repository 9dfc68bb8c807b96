import { css } from 'lit';

/**
 * Styles of the meter's facilitator and producer view: alerts, the pulse's bars, the sparkline,
 * markers and the hand queue. In the staff chunk, adopted into the element's shadow root when the
 * staff controller starts (participants never download them); the element's sheet keeps what both
 * views share. Forced colours for the bars are in the core's base styles.
 */
export const staffStyles = css`
  :host {
    --_warn: var(--pk-color-warning, #8a4b00);
    --_warn-bg: var(--pk-color-warning-surface, #fff4e0);
    --_track: var(--pk-color-track, #e4e8ee);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_warn: var(--pk-color-warning, #ffcf8a);
      --_warn-bg: var(--pk-color-warning-surface, #3a2a10);
      --_track: var(--pk-color-track, #343b47);
    }
  }
  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.35em;
  }
  [part~='alert'] {
    border: 0.125em solid var(--_warn);
    background: var(--_warn-bg);
    color: var(--_fg);
    border-radius: var(--_radius);
    padding-block: 0.4em;
    padding-inline: 0.75em;
    font-weight: 600;
  }
  .headline {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    align-items: baseline;
  }
  .index {
    font-size: 1.4em;
    font-weight: 700;
  }
  .state-row {
    display: grid;
    grid-template-columns: minmax(6em, max-content) 1fr minmax(5em, max-content);
    gap: 0.5em;
    align-items: center;
  }
  [part~='names'] {
    grid-column: 1 / -1;
  }
  [part~='bar'] {
    block-size: 0.6em;
    border-radius: 0.3em;
    background: var(--_track);
    overflow: hidden;
  }
  [part~='bar']::before {
    content: '';
    display: block;
    block-size: 100%;
    inline-size: var(--_pct, 0%);
    background: var(--_accent);
    transition: inline-size 0.3s ease;
  }
  [part~='bar'].alerting::before {
    background: var(--_warn);
  }
  .count {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  [part~='sparkline'] {
    inline-size: 100%;
    block-size: 4em;
    background: var(--_track);
    border-radius: 0.3em;
  }
  [part~='sparkline'] polyline,
  [part~='sparkline'] line {
    fill: none;
    vector-effect: non-scaling-stroke;
  }
  [part~='sparkline'] .line-index {
    stroke: var(--_accent);
    stroke-width: 2;
  }
  [part~='sparkline'] .line-share {
    stroke: var(--_warn);
    stroke-width: 2;
    stroke-dasharray: 4 3;
  }
  [part~='sparkline'] .line-marker {
    stroke: var(--_muted);
    stroke-width: 1;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    font-size: 0.9em;
  }
  .swatch {
    display: inline-block;
    inline-size: 1.2em;
    block-size: 0;
    border-block-start: 0.15em solid var(--_accent);
    vertical-align: middle;
    margin-inline-end: 0.3em;
  }
  .swatch.share {
    border-block-start: 0.15em dashed var(--_warn);
  }
  input[type='text'] {
    flex: 1 1 10em;
  }
  .hand {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
  }
`;
