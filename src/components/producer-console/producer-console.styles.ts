import { css } from 'lit';

/** <pk-producer-console>'s own styles: the queue, the checklist and the table of people. */
export const consoleStyles = css`
  h2,
  h3,
  h4 {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  h4 {
    font-size: 1em;
  }
  .head,
  .tools {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
  }
  section {
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  .queue {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_gap);
  }
  [part~='request'] {
    display: grid;
    gap: calc(var(--_gap) / 2);
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_gap) / 1.5);
  }
  [part~='request'] p {
    margin: 0;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
  }
  label {
    display: inline-flex;
    gap: 0.4em;
    align-items: center;
    min-block-size: 1.5em;
  }
  .reply {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  input,
  select {
    font: inherit;
    min-block-size: 1.5em;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.15em 1em;
    margin: 0;
  }
  dd {
    margin: 0;
  }
  .meta,
  .note {
    color: var(--_muted);
  }
  blockquote {
    margin: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 0.2em solid var(--_accent);
  }
  [role='table'] {
    inline-size: 100%;
    overflow-x: auto;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(8em, 2fr) repeat(7, minmax(6em, 1fr));
    inline-size: 100%;
    min-inline-size: 56em;
    border-block-end: 0.0625em solid var(--_border);
  }
  .row > * {
    padding: 0.25em 0.5em;
    overflow-wrap: anywhere;
  }
  .head-row {
    font-weight: 600;
  }
  .head-row button {
    font: inherit;
    background: none;
    border: 0;
    padding: 0.25em 0;
    min-block-size: 1.5em;
    color: inherit;
    text-align: start;
    cursor: pointer;
  }
  [aria-sort='ascending'] button::after {
    content: ' ▲';
  }
  [aria-sort='descending'] button::after {
    content: ' ▼';
  }
  .rows {
    display: block;
    block-size: 24em;
    min-inline-size: 56em;
    overflow: auto;
  }
`;
