import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { LocalizeController } from '../../../core/lit/localize-controller.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import { en, type SurveyStrings } from './en.js';
import type { SurveyResultsStrings } from './results-en.js';

/** <pk-session-survey>'s strings with the core's, English bundled, other languages on demand. */
export const surveyStrings = defineStrings('session-survey', en, {
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
    /** `<pk-session-survey>`, its results view included. */
    'session-survey': CoreCatalog & SurveyStrings & SurveyResultsStrings;
  }
}

/** Rejection codes of this widget's authority and the string that explains each. */
export const SURVEY_ERRORS: Readonly<Record<string, keyof SurveyStrings>> = {
  already_submitted: 'surveyErrAlreadySubmitted',
  participants_only: 'surveyErrParticipantsOnly',
  survey_closed: 'surveyErrClosed',
  invalid_answer: 'surveyErrInvalidAnswer',
  required_missing: 'surveyErrRequiredMissing',
};

/** The survey's localize controller, as its views receive it. */
export type SurveyLocalize = LocalizeController<CoreCatalog & SurveyStrings>;
