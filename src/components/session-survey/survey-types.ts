/**
 * Types of the `survey:<id>` topic and of survey definitions. The schema in prose is
 * docs/survey-schema.md; the checks live in `survey-schema.ts`, the behaviour in `survey-model.ts`.
 */

/** Question types a survey can ask. `text` is one line, `longtext` several. */
export type SurveyQuestionType = 'rating' | 'nps' | 'matrix' | 'single' | 'multiple' | 'text' | 'longtext' | 'ranking';

/** A choice of a single, multiple or ranking question. */
export interface SurveyOption {
  /** Value stored in answers (1-100 characters, unique in the question). */
  value: string;
  /** Text people read. */
  label: string;
}

/** A statement (row) of a Likert matrix. */
export interface SurveyMatrixRow {
  /** Row id in answers and in expressions (`question.row`). */
  id: string;
  /** The statement. */
  label: string;
}

/** One question, as normalized by `parseDefinition` (defaults filled in, options as objects). */
export interface SurveyQuestion {
  /** Unique id: a letter, then letters, digits, `_` or `-` (at most 64). */
  id: string;
  type: SurveyQuestionType;
  /** The question text. */
  title: string;
  /** Help text shown under the title. */
  help?: string;
  /** An answer is needed before the page can be left or the survey sent. */
  required?: boolean;
  /** Shown only when this expression is true (see the expression language). */
  visibleIf?: string;
  /** single, multiple, ranking: the choices. */
  options?: SurveyOption[];
  /** rating: lowest and highest point (defaults 1 and 5). */
  min?: number;
  max?: number;
  /** rating: stars (default) or numbers. */
  style?: 'stars' | 'numbers';
  /** rating, nps: labels of the ends of the scale. */
  minLabel?: string;
  maxLabel?: string;
  /** matrix: the statements. */
  rows?: SurveyMatrixRow[];
  /** matrix: the shared scale, lowest first; answers store 1..scale.length. */
  scale?: string[];
  /** multiple: fewest and most choices. */
  minSelect?: number;
  maxSelect?: number;
  /** text, longtext: shortest and longest answer in characters. */
  minLength?: number;
  maxLength?: number;
}

/** A page of questions. */
export interface SurveyPage {
  /** Optional heading. */
  title?: string;
  /** The page is skipped unless this expression is true. */
  visibleIf?: string;
  questions: SurveyQuestion[];
}

/** A normalized survey definition: always `pages`, never the top-level `questions` shorthand. */
export interface SurveyDefinition {
  /** Heading of the survey. */
  title: string;
  /** Introduction under the title. */
  description?: string;
  pages: SurveyPage[];
  /** A participant may send again to update their response (default false). */
  allowEdit?: boolean;
  /** Hide who answered from everyone, facilitators included (default true). */
  anonymous?: boolean;
  /** Facilitator-defined fields carried with every response (name -> value). */
  hidden?: Record<string, string>;
  /** Message shown after sending (the `thank-you` slot wins over it). */
  thankYou?: string;
}

/** A question as authored: options may be plain strings (the string is both value and label). */
export type SurveyQuestionInput = Omit<SurveyQuestion, 'options'> & { options?: Array<string | SurveyOption> };

/** A page as authored. */
export type SurveyPageInput = Omit<SurveyPage, 'questions'> & { questions: SurveyQuestionInput[] };

/**
 * A survey definition as authored (docs/survey-schema.md): `pages`, or the `questions` shorthand for
 * one page. `parseDefinition` checks it at run time and turns it into a `SurveyDefinition`.
 */
export type SurveyDefinitionInput = Omit<SurveyDefinition, 'pages'> & ({ pages: SurveyPageInput[] } | { questions: SurveyQuestionInput[] });

/** One authoring mistake: where it is and what is wrong. */
export interface SurveyDefinitionError {
  /** Id of the question concerned (or its position, `#3`, when it has no usable id); absent for survey-level fields. */
  question?: string;
  /** The field at fault, for example `max`, `options[2].value`, `pages[1].questions`. */
  field: string;
  /** English sentence naming the question and field. */
  message: string;
}

/** An answer: a number (rating, nps), text (single, text), a list (multiple, ranking) or row -> point (matrix). */
export type SurveyAnswer = number | string | string[] | Record<string, number>;

/** SurveyAnswers by question id. */
export type SurveyAnswers = Record<string, SurveyAnswer>;

/** Context carried with a response. */
export interface SurveyResponseContext {
  /** Room of the session it was sent from. */
  room: string;
  /** Label of the live session (the element's `session-label`), may be empty. */
  session: string;
  /** Hidden fields: the definition's, overridden by the element's `hiddenFields`. */
  hidden: Record<string, string>;
}

/** A stored response as facilitators see it. */
export interface SurveyResponse {
  /** Opaque response id (the opId of its first submission): never the participant id. */
  rid: string;
  answers: SurveyAnswers;
  context: SurveyResponseContext;
  /** Authority time of the first submission. */
  at: number;
  /** Authority time of the latest update, when edited. */
  updatedAt?: number;
  /** Who sent it: only for non-anonymous surveys, and only for viewers allowed to see it. */
  who?: { id: string; name: string };
}

/** State of one survey topic. Plain JSON. */
export interface SurveyState {
  /** Definition published by a facilitator; null for a self-serve survey (the page's definition is used). */
  definition: SurveyDefinition | null;
  /** A facilitator closed the survey: no more submissions. */
  closed: boolean;
  /** Number of distinct responses. */
  count: number;
  /** Responses by rid: all of them at the authority and for facilitators; only my own for participants (snapshots). */
  responses: Record<string, SurveyResponse>;
  /** Participant id -> rid, only for actors this viewer may see (always self; everyone at the authority). */
  mine: Record<string, string>;
  /**
   * Self-serve surveys: the rules the first submit fixed (null until then, and in states stored
   * before rules were fixed: read it as `state.rules ?? null`). A published definition rules instead.
   */
  rules?: SurveyRules | null;
}

/**
 * What submits are judged by: the published definition's settings, else the ones the first submit
 * of a self-serve survey brought, fixed for good (a later submit's own are ignored).
 */
export interface SurveyRules {
  /** A second submit may update the response. */
  allowEdit: boolean;
  /** Responders are hidden from everyone. */
  anonymous: boolean;
}

/** Payload of a `submit` operation. */
export interface SurveySubmitOpData {
  answers: SurveyAnswers;
  context: SurveyResponseContext;
  /**
   * Self-serve surveys whose rules are not fixed yet (nothing published, nobody submitted): whether a
   * second submit may update the response. The first submit fixes it; later ones' are ignored.
   */
  allowEdit?: boolean;
  /** Likewise: whether the responder is hidden (default true). */
  anonymous?: boolean;
}

/** Payload of a stored `submit` event: everything `evolve` needs without the actor. */
export interface SurveySubmitEventData {
  rid: string;
  answers: SurveyAnswers;
  context: SurveyResponseContext;
  /** True when it replaces an earlier response (same rid). */
  edit: boolean;
  anonymous: boolean;
  /** On the first submit of a self-serve survey: the rules it fixed. */
  rules?: SurveyRules;
}
