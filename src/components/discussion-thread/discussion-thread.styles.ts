import { css } from 'lit';

/** Styles of <pk-discussion-thread>. */
export const threadStyles = css`
  :host {
    --_indent: var(--pk-thread-indent, 1.5em);
    --_soft: color-mix(in srgb, var(--_border) 55%, var(--_bg));
    --_tint: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
    --_av0: #dbe7ff;
    --_av1: #ffe0cc;
    --_av2: #d3f2df;
    --_av3: #f6dcf2;
    --_av4: #fff0b3;
    --_av5: #e4e0ff;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_av0: #243b66;
      --_av1: #5c3418;
      --_av2: #1d4a33;
      --_av3: #57244f;
      --_av4: #564512;
      --_av5: #372f6b;
    }
  }
  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }
  h2 {
    margin: 0;
    font-size: 1.15em;
    margin-inline-end: auto;
  }
  .note,
  .count {
    color: var(--_muted);
    margin: 0;
  }
  label.sort {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  select,
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
  }
  select {
    min-block-size: 2.75em;
    padding-inline: 0.4em;
  }
  textarea {
    inline-size: 100%;
    min-block-size: 5.5em;
    resize: vertical;
    padding-block: 0.5em;
    padding-inline: 0.6em;
    line-height: 1.4;
  }
  .composer {
    display: grid;
    gap: 0.4em;
  }
  .composer label.lbl {
    font-weight: 600;
  }
  .composer-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: flex-end;
  }
  .composer-row .counter {
    margin-inline-end: auto;
    color: var(--_muted);
  }
  .over,
  .composer-row .counter.over {
    color: var(--_danger);
    font-weight: 600;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-block-size: 2.75em;
  }
  .check input {
    /* Form controls do not inherit the font size: without this, 1.25em stays 17 px at any text size. */
    font-size: inherit;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .hint {
    font-size: 0.85em;
    color: var(--_muted);
    margin: 0;
  }
  .mentions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
  }
  [part~='feed'] {
    display: block;
    min-inline-size: 0;
  }
  .post {
    display: block;
    border: 0.0625em solid var(--_soft);
    border-radius: var(--_radius);
    padding-block: 0.6em;
    padding-inline: 0.75em;
    background: var(--_bg);
    margin-block: 0 0.5em;
    overflow-wrap: anywhere;
  }
  [part~='feed'].virtual > .post {
    inset-inline: 0;
  }
  .d1 {
    margin-inline-start: var(--_indent);
  }
  .d2 {
    margin-inline-start: calc(var(--_indent) * 2);
  }
  .d3 {
    margin-inline-start: calc(var(--_indent) * 3);
  }
  .d4 {
    margin-inline-start: calc(var(--_indent) * 4);
  }
  .d5 {
    margin-inline-start: calc(var(--_indent) * 5);
  }
  .d6 {
    margin-inline-start: calc(var(--_indent) * 6);
  }
  .d7,
  .d8 {
    margin-inline-start: calc(var(--_indent) * 7);
  }
  @container (max-width: 30em) {
    .d1,
    .d2,
    .d3,
    .d4,
    .d5,
    .d6,
    .d7,
    .d8 {
      margin-inline-start: calc(var(--_indent) / 2);
    }
  }
  .post.mine {
    border-inline-start: 0.25em solid var(--_accent);
  }
  .post.pinned,
  .post.mentioned {
    background: var(--_tint);
  }
  .post.pending {
    border-style: dashed;
  }
  .post.tomb,
  .post.hidden .hidden-note {
    color: var(--_muted);
    font-style: italic;
  }
  .post:focus-visible {
    outline: 0.15em solid var(--_accent);
    outline-offset: 0.1em;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.2em 0.5em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .name {
    font-weight: 600;
    color: var(--_fg);
  }
  [part~='avatar'] {
    display: inline-grid;
    place-items: center;
    inline-size: 2.2em;
    block-size: 2.2em;
    border-radius: 50%;
    font-size: 0.8em;
    font-weight: 700;
    color: var(--_fg);
    background: var(--_av0);
    flex: none;
  }
  .h1 {
    background: var(--_av1);
  }
  .h2 {
    background: var(--_av2);
  }
  .h3 {
    background: var(--_av3);
  }
  .h4 {
    background: var(--_av4);
  }
  .h5 {
    background: var(--_av5);
  }
  .badge {
    display: inline-block;
    padding-inline: 0.5em;
    border: 0.0625em solid currentColor;
    border-radius: 1em;
    font-size: 0.85em;
    color: var(--_fg);
  }
  .badge.warn {
    color: var(--_danger);
  }
  .reply-to {
    margin: 0.2em 0 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='post-body'] {
    margin-block-start: 0.3em;
  }
  [part~='post-body'] > :first-child {
    margin-block-start: 0;
  }
  [part~='post-body'] > :last-child {
    margin-block-end: 0;
  }
  [part~='post-body'] p {
    margin-block: 0.4em;
  }
  [part~='post-body'] ul,
  [part~='post-body'] ol {
    margin-block: 0.4em;
    padding-inline-start: 1.5em;
  }
  [part~='post-body'] blockquote {
    margin-block: 0.4em;
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 0.2em solid var(--_border);
    color: var(--_muted);
  }
  code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.92em;
    background: color-mix(in srgb, var(--_fg) 8%, var(--_bg));
    border-radius: 0.25em;
    padding-inline: 0.2em;
  }
  pre {
    overflow: auto;
    background: color-mix(in srgb, var(--_fg) 8%, var(--_bg));
    border-radius: var(--_radius);
    padding-block: 0.5em;
    padding-inline: 0.75em;
    margin-block: 0.4em;
    white-space: pre;
  }
  pre code {
    background: none;
    padding: 0;
  }
  a {
    color: var(--_accent);
    text-decoration: underline;
  }
  [part~='link-target'] {
    color: var(--_muted);
    font-size: 0.85em;
  }
  [part~='mention'] {
    font-weight: 600;
    color: var(--_accent);
  }
  .mention-me {
    background: var(--_tint);
    border-radius: 0.25em;
  }
  [part~='post-actions'],
  .picker {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
    margin-block-start: 0.45em;
  }
  [part~='post-actions'] button,
  .picker button,
  .mentions button,
  .confirm button {
    min-block-size: max(24px, 1.9em);
    min-inline-size: max(24px, 1.9em);
    padding-block: 0.1em;
    padding-inline: 0.6em;
    font-size: 0.9em;
  }
  button[aria-pressed='true'],
  button[aria-expanded='true'] {
    background: var(--_tint);
    border-color: var(--_accent);
  }
  /* Mine (upvoted, reacted, pinned…) is not told by colour alone: a thicker border (the accent, over
     3:1 against the surface) and a check mark that is not read out (its alternative text is empty). */
  button[aria-pressed='true'] {
    border-width: 0.15em;
    font-weight: 600;
  }
  button[aria-pressed='true']::before {
    content: '✓' / '';
    margin-inline-end: 0.25em;
  }
  @media (forced-colors: active) {
    button[aria-pressed='true'],
    button[aria-expanded='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
      border-color: Highlight;
    }
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
    margin-block-start: 0.45em;
  }
  .confirm p {
    margin: 0;
    font-weight: 600;
  }
  [part~='new-posts'] {
    position: sticky;
    inset-block-start: 0.5em;
    z-index: 1;
    justify-self: center;
    box-shadow: 0 0.2em 0.6em color-mix(in srgb, var(--_fg) 25%, transparent);
  }
  [part~='failed'] {
    display: grid;
    gap: 0.4em;
    border: 0.0625em dashed var(--_danger);
    border-radius: var(--_radius);
    padding: 0.6em;
  }
  [part~='failed'] .quote {
    margin: 0;
    color: var(--_fg);
    white-space: pre-wrap;
  }
  [part~='moderation'] summary {
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75em;
    padding-inline: 0.6em;
    border: 0.0625em solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='moderation'] .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    margin-block-start: 0.4em;
  }
`;
