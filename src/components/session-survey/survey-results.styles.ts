import { css } from 'lit';

/** Styles of the facilitator's results view, adopted by the element when that view loads. */
export const resultsStyles = css`
  h4 {
    margin: 0;
  }
  [part='results'],
  .rq {
    display: grid;
    gap: var(--_gap);
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  .dist {
    max-inline-size: 36em;
  }
  .dist td.num {
    text-align: end;
    white-space: nowrap;
  }
  .bar {
    display: inline-block;
    vertical-align: middle;
    inline-size: 5em;
    block-size: 0.7em;
    margin-inline-end: 0.5em;
    border: 0.0625em solid var(--_border);
    background: linear-gradient(to right, var(--_accent) var(--_pct, 0%), transparent 0);
  }
  /* The bar fills from the start side: mirrored right to left. */
  [dir='rtl'] .bar {
    scale: -1 1;
  }
  /* Heat cells: the number is always written; the tint only repeats it. */
  .heat {
    background: color-mix(in srgb, var(--_accent) var(--_heat, 0%), var(--_bg));
    font-weight: 600;
  }
  .texts {
    margin: 0;
    padding-inline-start: 1.2em;
    display: grid;
    gap: 0.3em;
    white-space: pre-line;
  }
`;
