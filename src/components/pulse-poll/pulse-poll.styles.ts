import { css } from 'lit';

/** Styles of <pk-pulse-poll>. */
export const pollStyles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4em;
  }
  legend,
  [part='question'] {
    font-weight: 600;
    font-size: 1.1em;
    padding: 0;
    margin-block-end: 0.4em;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-block-size: 2.75em;
    padding-inline: 0.6em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 0.1em var(--_accent);
  }
  /* Pressed toggles (reveal, pause) look pressed, not only say so. */
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  @media (forced-colors: active) {
    /* The inset shadow is dropped in forced colours: the selected choice keeps a system-colour outline. */
    .choice:has(input:checked) {
      outline: 0.15em solid Highlight;
      outline-offset: -0.15em;
    }
  }
  .choice input {
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
  }
  .scale .choice {
    flex: 1 0 2.75em;
    justify-content: center;
  }
  .scale-labels {
    display: flex;
    justify-content: space-between;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .answers {
    display: grid;
    gap: 0.5em;
  }
  input[type='text'] {
    inline-size: 100%;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .note {
    color: var(--_muted);
    margin: 0;
  }
  .badge {
    display: inline-block;
    padding-inline: 0.5em;
    border: 0.0625em dashed var(--_muted);
    border-radius: 1em;
    font-size: 0.85em;
  }
  [part='results'] ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .row-label {
    display: flex;
    justify-content: space-between;
    gap: 0.5em;
  }
  .count {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [part='bar'] {
    block-size: 0.75em;
    border: 0.0625em solid var(--_border);
    border-radius: 0.2em;
    overflow: hidden;
  }
  /* Filled length carries the value and the text beside it repeats it: colour is never the only cue. */
  [part='bar']::before {
    content: '';
    display: block;
    block-size: 100%;
    inline-size: var(--_pct, 0%);
    background: repeating-linear-gradient(45deg, var(--_accent) 0 0.4em, color-mix(in srgb, var(--_accent) 75%, transparent) 0.4em 0.8em);
    transition: inline-size 0.3s ease;
  }
  select {
    font: inherit;
    min-block-size: 2.75em;
  }
`;
