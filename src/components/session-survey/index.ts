import { defineSessionSurvey, PkSessionSurvey } from './pk-session-survey.js';

/**
 * `<pk-session-survey>`, its pure model, the definition validator, the `visibleIf` expression
 * language, summaries and CSV export. Side-effect free; import ./define.js to register. Names are
 * survey-prefixed so they never clash with other widgets in the package's root export.
 */
export { PkSessionSurvey, defineSessionSurvey };
export type { PkSurveyProgressDetail, PkSurveySubmitDetail } from './survey-events.js';
export {
  surveyModel,
  surveyTopic,
  surveyEventFor,
  surveyRules,
  initialSurveyState,
  myResponse as mySurveyResponse,
  hasResponded as hasRespondedToSurvey,
  SURVEY_KIND,
} from './survey-model.js';
export {
  parseDefinition as parseSurveyDefinition,
  checkAnswer as checkSurveyAnswer,
  checkAnswers as checkSurveyAnswers,
  walk as surveyVisibility,
  SURVEY_LIMITS,
  type ParsedDefinition as ParsedSurveyDefinition,
  type Problem as SurveyAnswerProblem,
  type Visibility as SurveyVisibility,
} from './survey-schema.js';
export {
  parseExpr as parseSurveyExpr,
  evalExpr as evalSurveyExpr,
  exprRefs as surveyExprRefs,
  ExprError as SurveyExprError,
  EXPR_LIMITS as SURVEY_EXPR_LIMITS,
} from './survey-expr.js';
export type { Expr as SurveyExpr, CompareOperator as SurveyCmpOp } from './survey-expr.js';
export {
  summarize as summarizeSurvey,
  type QuestionStats as SurveyQuestionStats,
  type DistRow as SurveyDistRow,
  type NpsSummary as SurveyNpsSummary,
  type SurveyMatrixRowStats,
} from './survey-stats.js';
export { toCsv as surveyToCsv, csvCell as surveyCsvCell } from './survey-csv.js';
export { DRAFTS_DB as SURVEY_DRAFTS_DB, type SurveyDraft } from './survey-drafts.js';
export type * from './survey-types.js';

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
