import type { SurveyResultsStrings } from './results-en.js';

/** Dutch strings of the survey's results view. */
export const nl: SurveyResultsStrings = {
  surveyResults: 'Resultaten',
  surveyRatePresent: (p, f) => `${f.num(p.n)} van ${f.num(p.m)} aanwezigen (${f.percent(p.n / p.m)})`,
  surveyRateInvited: (p, f) => `${f.num(p.n)} van ${f.num(p.m)} genodigden (${f.percent(p.n / p.m)})`,
  surveyAnswers: (p, f) => f.plural(p.n, { one: '# antwoord', other: '# antwoorden' }),
  surveyAverage: (p) => `Gemiddelde: ${p.value}`,
  surveyAvg: 'Gemiddelde',
  surveyAvgRank: 'Gemiddelde plaats',
  surveyNps: (p) => `NPS ${p.value}`,
  surveyPromoters: (p, f) => f.plural(p.n, { one: '# promotor', other: '# promotors' }),
  surveyPassives: (p, f) => f.plural(p.n, { one: '# neutrale', other: '# neutralen' }),
  surveyDetractors: (p, f) => f.plural(p.n, { one: '# criticaster', other: '# criticasters' }),
  surveyAnswer: 'Antwoord',
  surveyCount: 'Aantal',
  surveyShare: 'Aandeel',
  surveyNoAnswers: 'Nog geen antwoorden',
  surveyControls: 'Bediening voor de facilitator',
  surveyExport: 'CSV exporteren',
  surveyPause: 'Live resultaten pauzeren',
  surveyResume: 'Live resultaten hervatten',
  surveyCloseNow: 'Enquête sluiten',
  surveyReopen: 'Enquête heropenen',
  surveyPublish: 'Deze definitie publiceren',
  surveyPublished: 'Antwoorden worden gecontroleerd met de gepubliceerde definitie.',
  surveyPreview: 'Formulier bekijken',
};
