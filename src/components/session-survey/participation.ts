// What an engagement meter loads, on demand, to count participation in a related survey
// (`related="survey:after"`): the survey's model, to fold the topic through the same session, and
// the count it reads. A module of its own, so the meter's lazy chunk is just this.
import type { SurveyState } from './survey-types.js';

export { surveyModel as model } from './survey-model.js';

/** Distinct responses. */
export const participants = (s: SurveyState): number => s.count;
