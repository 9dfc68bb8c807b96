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

/** Dispatches a typed, bubbling, composed `pk-survey-…` event; false when a listener cancelled it. */
export function fire<K extends 'pk-survey-progress' | 'pk-survey-submit'>(
  host: HTMLElement,
  type: K,
  detail: GlobalEventHandlersEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant answered a question or changed page in a `<pk-session-survey>`. */
    'pk-survey-progress': CustomEvent<PkSurveyProgressDetail>;
    /** A participant sends their answers in a `<pk-session-survey>`. */
    'pk-survey-submit': CustomEvent<PkSurveySubmitDetail>;
  }
}
