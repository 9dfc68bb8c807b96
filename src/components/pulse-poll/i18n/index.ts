import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import type { ControlsStrings } from './controls.js';
import { en, type PollStrings } from './en.js';

/** <pk-pulse-poll>'s strings with the core's, English bundled, other languages on demand. */
export const pollStrings = defineStrings('pulse-poll', en, {
  nl: () => import('./nl.js').then((m) => m.nl),
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  pt: () => import('./pt.js').then((m) => m.pt),
  ar: () => import('./ar.js').then((m) => m.ar),
  ja: () => import('./ja.js').then((m) => m.ja),
});

declare module '../../../core/i18n/registry.js' {
  interface PulsekitStrings {
    /** `<pk-pulse-poll>`, its facilitator controls included. */
    'pulse-poll': CoreCatalog & PollStrings & ControlsStrings;
  }
}

/** Rejection codes of this widget's authority and the string that explains each. */
export const POLL_ERRORS: Readonly<Record<string, keyof PollStrings>> = {
  already_voted: 'errAlreadyVoted',
  poll_closed: 'errPollClosed',
  stale_round: 'errStaleRound',
  invalid_choice: 'errInvalidChoice',
  too_many_choices: 'errTooManyChoices',
  text_too_long: 'errTextTooLong',
  participants_only: 'errParticipantsOnly',
  more_time_off: 'errMoreTimeOff',
  more_time_used: 'errMoreTimeUsed',
};
