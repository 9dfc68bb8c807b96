import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-session-survey>: the source catalog. Its shape is the `SurveyStrings` type every other
 * locale must satisfy, so a missing or mistyped translation fails the type check.
 */
export const en = {
  surveyCannotShow: 'This survey cannot be shown',
  surveyLoading: 'Loading the survey…',
  surveyRequired: '(required)',
  surveyPageOf: (p: { n: number; m: number }, f: Fmt) => `Page ${f.num(p.n)} of ${f.num(p.m)}`,
  surveyProgress: 'Survey progress',
  surveyBack: 'Back',
  surveyNext: 'Next',
  surveySubmit: 'Send answers',
  surveyUpdate: 'Send changes',
  surveyFixErrors: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: 'Please check # answer on this page.', other: 'Please check # answers on this page.' }),
  surveyErrRequired: 'This question needs an answer.',
  surveyErrRankOrder: 'Your ranking is not set yet: move the items into your order, or choose “Keep this order” if it already is.',
  surveyErrRows: 'Please answer every row.',
  surveyErrMinChoices: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: 'Choose at least # option.', other: 'Choose at least # options.' }),
  surveyErrMaxChoices: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: 'Choose at most # option.', other: 'Choose at most # options.' }),
  surveyErrMinLength: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: 'Write at least # character.', other: 'Write at least # characters.' }),
  surveyErrMaxLength: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: 'Write at most # character.', other: 'Write at most # characters.' }),
  surveyErrInvalid: 'This answer does not fit the question; please choose again.',
  surveyStars: (p: { n: number; m: number }, f: Fmt) =>
    f.plural(p.n, { one: `# star out of ${f.num(p.m)}`, other: `# stars out of ${f.num(p.m)}` }),
  surveyNpsLow: 'Not at all likely',
  surveyNpsHigh: 'Extremely likely',
  surveyChooseUpTo: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: 'Choose # option.', other: 'Choose up to # options.' }),
  surveyRankHint: 'Put the items in order with the move buttons; the top one is your first choice.',
  surveyMoveUp: (p: { value: string }) => `Move ${p.value} up`,
  surveyMoveDown: (p: { value: string }) => `Move ${p.value} down`,
  surveyMoved: (p: { value: string; n: number; m: number }, f: Fmt) => `${p.value} is now number ${f.num(p.n)} of ${f.num(p.m)}.`,
  surveyKeepOrder: 'Keep this order',
  surveyThanks: 'Thank you! Your answers were sent.',
  surveyQueued: 'Your answers are saved on this device and will be sent when the connection is back.',
  surveySending: 'Sending your answers…',
  surveyEdit: 'Change my answers',
  surveyClosed: 'This survey is closed.',
  surveyDraftSaved: 'Draft saved on this device',
  surveyLoadingResults: 'Loading the results…',
  surveyResultsFailed: 'The results could not load. Check the connection, then reload the page.',
  surveyErrAlreadySubmitted: 'You have already sent this survey; answers cannot be changed.',
  surveyErrParticipantsOnly: 'Only participants answer surveys.',
  surveyErrClosed: 'This survey is closed; your answers were not sent.',
  surveyErrInvalidAnswer: 'One of your answers does not fit this survey; please check and send again.',
  surveyErrRequiredMissing: 'A required question has no answer.',
};

/** Shape of <pk-session-survey>'s strings, in every locale. */
export type SurveyStrings = typeof en;
