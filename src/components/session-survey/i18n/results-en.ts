import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of the survey's results view (facilitators and producers only), loaded with that
 * view: participants never download them. The source catalog: its shape is `SurveyResultsStrings`.
 */
export const en = {
  surveyResults: 'Results',
  surveyRatePresent: (p: { n: number; m: number }, f: Fmt) => `${f.num(p.n)} of ${f.num(p.m)} present (${f.percent(p.n / p.m)})`,
  surveyRateInvited: (p: { n: number; m: number }, f: Fmt) => `${f.num(p.n)} of ${f.num(p.m)} invited (${f.percent(p.n / p.m)})`,
  surveyAnswers: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# answer', other: '# answers' }),
  surveyAverage: (p: { value: string }) => `Average: ${p.value}`,
  surveyAvg: 'Average',
  surveyAvgRank: 'Average position',
  surveyNps: (p: { value: string }) => `NPS ${p.value}`,
  surveyPromoters: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# promoter', other: '# promoters' }),
  surveyPassives: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# passive', other: '# passives' }),
  surveyDetractors: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# detractor', other: '# detractors' }),
  surveyAnswer: 'Answer',
  surveyCount: 'Count',
  surveyShare: 'Share',
  surveyNoAnswers: 'No answers yet',
  surveyControls: 'Facilitator controls',
  surveyExport: 'Export CSV',
  surveyPause: 'Pause live results',
  surveyResume: 'Resume live results',
  surveyCloseNow: 'Close survey',
  surveyReopen: 'Reopen survey',
  surveyPublish: 'Publish this definition',
  surveyPublished: 'Answers are checked against the published definition.',
  surveyPreview: 'Preview the form',
  surveyResponses: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# response', other: '# responses' }),
  surveyShowResults: 'Show results',
};

/** Shape of the results view's strings, in every locale. */
export type SurveyResultsStrings = typeof en;
