import { defineStrings } from '../../../core/i18n/catalogs.js';
import { en, type MeterStrings } from './en.js';

/** <pk-engagement-meter>'s strings with the core's, English bundled, other languages on demand. */
export const meterStrings = defineStrings(en, {
  nl: () => import('./nl.js').then((m) => m.nl),
  ar: () => import('./ar.js').then((m) => m.ar),
});

/** Rejection codes of this widget's authority and the string that explains each. */
export const METER_ERRORS: Readonly<Record<string, keyof MeterStrings>> = {
  invalid_signal: 'meterErrInvalidSignal',
  too_many_reactions: 'meterErrTooManyReactions',
  hand_already_raised: 'meterErrHandRaised',
  hand_not_raised: 'meterErrHandNotRaised',
  invalid_label: 'meterErrInvalidLabel',
  too_many_markers: 'meterErrTooManyMarkers',
  participants_only: 'meterErrParticipantsOnly',
};
