import { css } from 'lit';

/** <pk-help-button>'s own styles: the button, its status, and the dialog. */
export const helpStyles = css`
  :host {
    display: inline-block;
  }
  [part~='status'] {
    margin-inline-start: 0.5em;
    color: var(--_muted);
  }
  dialog {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
    max-inline-size: min(32em, 100vw - 2em);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
  }
  h2 {
    font-size: 1.15em;
    margin: 0;
  }
  form,
  fieldset,
  section {
    display: grid;
    gap: calc(var(--_gap) / 2);
    margin-block: var(--_gap) 0;
  }
  fieldset {
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
  }
  label {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-block-size: 1.5em;
  }
  textarea {
    font: inherit;
    inline-size: 100%;
    box-sizing: border-box;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25em 1em;
    margin: 0;
  }
  dd {
    margin: 0;
  }
  .hint,
  .note {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }
  blockquote {
    margin: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 0.2em solid var(--_accent);
  }
`;
