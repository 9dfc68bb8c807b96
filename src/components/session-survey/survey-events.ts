import type { SurveyAnswers, SurveyResponseContext } from './survey-types.js';

// The survey's typed events: their details, and the map that types listeners on any element.

/** Detail of `pk-survey-progress`. */
export interface PkSurveyProgressDetail {
  /** The survey's id. */
  surveyId: string;
  /** Current page, from 1. */
  page: number;
  /** Pages the participant will see (conditions applied; a page still undecided counts). */
  pages: number;
  /** Visible questions answered. */
  answered: number;
  /** Visible questions. */
  total: number;
}

/** Detail of `pk-survey-submit`. */
export interface PkSurveySubmitDetail {
  /** The survey's id. */
  surveyId: string;
  /** SurveyAnswers being sent (visible questions only, normalized). */
  answers: SurveyAnswers;
  /** Room, session label and hidden fields sent with them. */
  context: SurveyResponseContext;
  /** True when it updates an earlier response. */
  edit: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant answered a question or changed page in a `<pk-session-survey>`. */
    'pk-survey-progress': CustomEvent<PkSurveyProgressDetail>;
    /** A participant sends their answers in a `<pk-session-survey>`. */
    'pk-survey-submit': CustomEvent<PkSurveySubmitDetail>;
  }
}
