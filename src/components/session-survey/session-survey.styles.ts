import { css } from 'lit';

/** Styles of <pk-session-survey> (and of its lazily loaded results view). */
export const surveyStyles = css`
  [part~='base'] {
    background: var(--_bg);
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
  }
  form,
  [part='results'],
  .rq {
    display: grid;
    gap: var(--_gap);
  }
  h2,
  h3,
  h4,
  p {
    margin: 0;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.1em;
  }
  h4 {
    font-size: 1em;
  }
  .pre {
    white-space: pre-line;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  .q {
    display: grid;
    gap: 0.4em;
  }
  .title {
    font-weight: 600;
    padding: 0;
  }
  .note,
  [part='help'],
  [part='status'] {
    color: var(--_muted);
  }
  [part~='error'] {
    color: var(--_danger);
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
  }
  [part='base error'],
  div[part='error'] {
    border: 0.0625em solid currentColor;
    border-radius: var(--_radius);
    padding-block: 0.3em;
    padding-inline: 0.6em;
  }
  .q:has([part='error']) {
    border-inline-start: 0.2em solid var(--_danger);
    padding-inline-start: 0.5em;
  }
  .choices,
  .rank {
    display: grid;
    gap: 0.4em;
  }
  .scale,
  .stars,
  [part='actions'],
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-block-size: 2.75em;
    min-inline-size: 2.75em;
    padding-inline: 0.6em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .scale .choice {
    flex: 1 0 2.75em;
    justify-content: center;
  }
  .choice:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 0.1em var(--_accent);
  }
  input[type='radio'],
  input[type='checkbox'] {
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_accent);
  }
  /* Stars: the radio stays in the tab order (arrow keys move within the group), only drawn as a star. */
  .star {
    position: relative;
    display: grid;
    place-items: center;
    inline-size: 1.8em;
    block-size: 1.8em;
    font-size: 1.6em;
    color: var(--_muted);
    cursor: pointer;
    border-radius: var(--_radius);
  }
  .star input {
    position: absolute;
    opacity: 0;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    cursor: pointer;
  }
  .star:has(:focus-visible) {
    outline: 0.15em solid var(--_accent);
  }
  .stars:has(:checked) .star {
    color: var(--_accent);
  }
  .star:has(:checked) ~ .star {
    color: var(--_muted);
  }
  @media (forced-colors: active) {
    .stars:has(:checked) .star {
      color: Highlight;
    }
    .star:has(:checked) ~ .star {
      color: CanvasText;
    }
  }
  .ends {
    display: flex;
    justify-content: space-between;
    color: var(--_muted);
    font-size: 0.9em;
  }
  input[type='text'],
  textarea {
    font: inherit;
    min-block-size: 2.75em;
    padding: 0.4em 0.6em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    inline-size: 100%;
  }
  textarea {
    resize: vertical;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  th,
  td {
    padding: 0.3em 0.5em;
    text-align: center;
    border-block-end: 0.0625em solid var(--_border);
  }
  th[scope='row'] {
    text-align: start;
    font-weight: normal;
  }
  [part='matrix'] td {
    min-inline-size: 2.75em;
    block-size: 2.75em;
  }
  [part='matrix'] input {
    inline-size: 1.5em;
    block-size: 1.5em;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .rank {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .rank li {
    display: flex;
    align-items: center;
    gap: 0.5em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    padding-inline-start: 0.6em;
  }
  .rank .grow {
    flex: 1;
  }
  .pos,
  .num {
    font-variant-numeric: tabular-nums;
  }
  .pos {
    font-weight: 600;
    min-inline-size: 1.5em;
  }
  [part='progress'] {
    display: grid;
    gap: 0.2em;
  }
  progress {
    inline-size: 100%;
    accent-color: var(--_accent);
  }
  .badge {
    border: 0.0625em dashed var(--_muted);
    border-radius: var(--_radius);
    padding: 0.3em 0.6em;
  }
  [part='thank-you'] {
    font-size: 1.05em;
  }
  [part='thank-you']:focus {
    outline: none;
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
  :host(:dir(rtl)) .bar,
  [dir='rtl'] .bar {
    background: linear-gradient(to left, var(--_accent) var(--_pct, 0%), transparent 0);
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
