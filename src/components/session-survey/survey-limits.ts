/** Limits of survey definitions and answers, shared by the schema and the answer checks. */

/** Limits of definitions and answers. */
export const SURVEY_LIMITS = {
  maxPages: 20,
  maxQuestionsPerPage: 50,
  maxQuestions: 100,
  maxOptions: 30,
  maxRows: 20,
  maxScale: 11,
  /** Highest point of a rating. */
  maxRating: 10,
  maxTitle: 500,
  maxHelp: 1000,
  maxLabel: 200,
  maxValue: 100,
  maxHidden: 20,
  maxHiddenValue: 200,
  /** Longest `text` answer (default 200) and `longtext` answer (default 2000). */
  maxText: 500,
  maxLongText: 4000,
  /** Room name and session label carried with a response. */
  maxRoom: 256,
  maxSession: 200,
} as const;

/** Question ids, matrix row ids and hidden field names. */
export const ID_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** True for a whole number from `lo` to `hi`. */
export const isInt = (v: unknown, lo: number, hi: number): v is number => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
