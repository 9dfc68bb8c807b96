import { css } from 'lit';

/** Styles of the <pk-session-survey> form, after the shared `baseStyles` and `frameStyles` (the lazily loaded results view adds its own, `resultsStyles`). */
export const surveyStyles = css`
  form {
    display: grid;
    gap: var(--_gap);
  }
  .choice,
  .rank li,
  .badge,
  input[type='text'],
  textarea {
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.1em;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  .q,
  .choices,
  .rank {
    display: grid;
    gap: 0.4em;
  }
  .title {
    font-weight: 600;
    padding: 0;
  }
  .note,
  .ends,
  [part='help'] {
    color: var(--_muted);
  }
  /* The authoring error keeps the look of an error line (base styles), not the frame's. */
  [part='base error'] {
    border-color: currentColor;
    padding: 0.3em 0.6em;
  }
  .q:has([part='error']) {
    border-inline-start: 0.2em solid var(--_danger);
    padding-inline-start: 0.5em;
  }
  .scale,
  .stars,
  .ends,
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
  }
  .ends {
    justify-content: space-between;
    font-size: 0.9em;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-block-size: 2.75em;
    min-inline-size: 2.75em;
    padding-inline: 0.6em;
    cursor: pointer;
  }
  .scale .choice {
    flex: 1 0 2.75em;
    justify-content: center;
  }
  .choice:has(:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 0.1em var(--_accent);
  }
  [type='radio'],
  [type='checkbox'] {
    /* Form controls do not inherit the font size: without this, em sizes ignore 200% text. */
    font-size: inherit;
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
    .stars {
      --_accent: Highlight;
      --_muted: CanvasText;
    }
  }
  input[type='text'],
  textarea {
    font: inherit;
    min-block-size: 2.75em;
    padding: 0.4em 0.6em;
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
    inline-size: max(24px, 1.5em);
    block-size: max(24px, 1.5em);
  }
  .summary a {
    color: inherit;
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
    padding-inline-start: 0.6em;
  }
  .grow {
    flex: 1;
  }
  .pos {
    font-weight: 600;
    min-inline-size: 1.5em;
    font-variant-numeric: tabular-nums;
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
    border-style: dashed;
    border-color: var(--_muted);
    padding: 0.3em 0.6em;
  }
  [part='thank-you'] {
    font-size: 1.05em;
  }
`;
