import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import { en, type MeterStrings } from './en.js';
import type { MeterStaffStrings } from './staff.js';

/** <pk-engagement-meter>'s strings with the core's, English bundled, other languages on demand. */
export const meterStrings = defineStrings('engagement-meter', en, {
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
    /** `<pk-engagement-meter>`, its facilitator and producer view included. */
    'engagement-meter': CoreCatalog & MeterStrings & MeterStaffStrings;
  }
}

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
