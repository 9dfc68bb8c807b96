// The first-paint benchmark's SurveyJS page (bench/first-paint.mjs): renders the definition the
// page put in `window.surveyJson` with SurveyJS's own vanilla-JS UI (survey-core + survey-js-ui).
import { Model } from 'survey-core';
import { renderSurvey } from 'survey-js-ui';

const w = window as unknown as { surveyJson: object };
renderSurvey(new Model(w.surveyJson), document.getElementById('survey')!);
