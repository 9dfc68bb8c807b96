import { defineStrings } from '../../../core/i18n/catalogs.js';
import { en, type SurveyStrings } from './en.js';

/** <pk-session-survey>'s strings with the core's, English bundled, other languages on demand. */
export const surveyStrings = defineStrings(en, {
  nl: () => import('./nl.js').then((m) => m.nl),
  ar: () => import('./ar.js').then((m) => m.ar),
});

/** Rejection codes of this widget's authority and the string that explains each. */
export const SURVEY_ERRORS: Readonly<Record<string, keyof SurveyStrings>> = {
  already_submitted: 'surveyErrAlreadySubmitted',
  participants_only: 'surveyErrParticipantsOnly',
  survey_closed: 'surveyErrClosed',
  invalid_answer: 'surveyErrInvalidAnswer',
  required_missing: 'surveyErrRequiredMissing',
};
