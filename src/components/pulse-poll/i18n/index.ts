import { defineStrings } from '../../../core/i18n/catalogs.js';
import { en, type PollStrings } from './en.js';

/** <pk-pulse-poll>'s strings with the core's, English bundled, other languages on demand. */
export const pollStrings = defineStrings(en, {
  nl: () => import('./nl.js').then((m) => m.nl),
  ar: () => import('./ar.js').then((m) => m.ar),
});

/** Rejection codes of this widget's authority and the string that explains each. */
export const POLL_ERRORS: Readonly<Record<string, keyof PollStrings>> = {
  already_voted: 'errAlreadyVoted',
  poll_closed: 'errPollClosed',
  stale_round: 'errStaleRound',
  invalid_choice: 'errInvalidChoice',
  too_many_choices: 'errTooManyChoices',
  text_too_long: 'errTextTooLong',
  participants_only: 'errParticipantsOnly',
};
