import { css } from 'lit';

/**
 * Styles of <pk-engagement-meter> that participants need (their signal bar, notices, the shared
 * frame of sections). The facilitator view's own rules come with its chunk (meter-staff.styles.ts).
 */
export const meterStyles = css`
  section {
    display: grid;
    gap: 0.5em;
  }
  h3 {
    font-size: 1em;
    font-weight: 600;
    margin: 0;
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .note,
  [part~='status'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .react {
    padding-inline: 0.6em;
  }
  .symbol {
    font-size: 1.2em;
    line-height: 1;
  }
  .sent {
    display: inline-flex;
    gap: 0.25em;
    animation: pk-meter-fade var(--_fade, 10s) linear forwards;
  }
  @keyframes pk-meter-fade {
    from {
      opacity: 1;
      transform: translateY(0);
    }
    to {
      opacity: 0.15;
      transform: translateY(-0.3em);
    }
  }
  [part~='notice'] {
    border-inline-start: 0.25em solid var(--_accent);
    padding-block: 0.3em;
    padding-inline: 0.6em;
    background: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
  }
`;
