import { css } from 'lit';

/**
 * Styles every widget shares. Public `--pk-*` tokens feed private `--_*` ones on :host, so a host
 * page themes with a few documented properties and cannot reach internals. Sizes are in em from
 * the host's font size (the host page owns <html>'s), and only logical properties are used (RTL).
 */
export const baseStyles = css`
  :host {
    --_font-size: var(--pk-font-size, 1em);
    --_font: var(--pk-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif);
    --_fg: var(--pk-color-text, #1d2330);
    --_muted: var(--pk-color-muted, #555f6d);
    --_bg: var(--pk-color-surface, #ffffff);
    --_border: var(--pk-color-border, #8a94a3);
    --_accent: var(--pk-color-accent, #2753c9);
    --_on-accent: var(--pk-color-on-accent, #ffffff);
    --_danger: var(--pk-color-danger, #b3261e);
    --_radius: var(--pk-radius, 0.5em);
    --_gap: var(--pk-space, 0.75em);
    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.45;
    color: var(--_fg);
    container-type: inline-size;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--pk-color-text, #e8ebf0);
      --_muted: var(--pk-color-muted, #b4bcc8);
      --_bg: var(--pk-color-surface, #1b1f27);
      --_border: var(--pk-color-border, #7d8796);
      --_accent: var(--pk-color-accent, #8fb0ff);
      --_on-accent: var(--pk-color-on-accent, #0b1020);
      --_danger: var(--pk-color-danger, #ffb4ab);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    min-block-size: 2.75em;
    min-inline-size: 2.75em;
    padding-block: 0.4em;
    padding-inline: 1em;
    border-radius: var(--_radius);
    border: 0.0625em solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 0.15em solid var(--_accent);
    outline-offset: 0.15em;
  }
  [part~='status'] {
    color: var(--_muted);
    margin: 0;
  }
  [part~='error'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
    color: var(--_danger);
    border: 0.0625em solid currentColor;
    border-radius: var(--_radius);
    padding-block: 0.3em;
    padding-inline: 0.6em;
  }
  /* Authoring errors keep the line breaks of their list of problems. */
  .pre {
    white-space: pre-line;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
  /* Forced colours (Windows High Contrast…) replace our colours with the system's and drop
     background images: pressed toggles and result bars would vanish. Draw them in system colours,
     over any widget's own (more specific) colours for them: hence !important, in this block only. */
  @media (forced-colors: active) {
    button[aria-pressed='true'] {
      forced-color-adjust: none;
      background: Highlight !important;
      border-color: Highlight !important;
      color: HighlightText !important;
    }
    [part~='bar'] {
      border: 0.0625em solid CanvasText;
    }
    [part~='bar']::before {
      forced-color-adjust: none;
      background: Highlight !important;
    }
  }
`;

/** The framed card most widgets draw around themselves (`part="base"`). */
export const frameStyles = css`
  [part~='base'] {
    background: var(--_bg);
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
    min-inline-size: 0;
  }
`;
