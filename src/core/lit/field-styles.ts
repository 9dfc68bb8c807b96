import { css } from 'lit';

/**
 * The one-line text field every widget draws alike (the poll's "other" answer, the meter's marker
 * label): a sheet of its own, so only the views that have one carry it. Each view adds its sizing.
 */
export const textFieldStyles = css`
  input[type='text'] {
    font: inherit;
    min-block-size: 2.75em;
    padding-inline: 0.6em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
  }
`;
