import { css } from 'lit';

/** <pk-notices>'s own styles: the staff form (the list's rules come with the notice view). */
export const noticesStyles = css`
  :host {
    display: block;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5em 0.75em;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: contents;
  }
  legend {
    flex-basis: 100%;
    font-weight: 600;
  }
  label {
    display: grid;
    gap: 0.25em;
  }
  .text {
    flex: 1 1 16em;
  }
  input {
    font: inherit;
    min-block-size: 2.75em;
    padding: 0.3em 0.5em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_fg);
    background: var(--_bg);
  }
  input[type='number'] {
    inline-size: 6em;
  }
`;
