/**
 * The survey schema as tables: one row per field of the survey, a page and each kind of question,
 * saying what the value must be, whether it must be given, its limits and its default; and the
 * messages an author reads, by key. survey-schema.ts walks these tables.
 */
import { isObj } from '../../core/protocol/records.js';
import type { ExprError } from './survey-expr.js';
import { SURVEY_LIMITS } from './survey-limits.js';
import type { SurveyQuestionType } from './survey-types.js';

/** A bound of a whole number: fixed, or computed from the fields of the question checked before it. */
export type Bound = number | ((question: Record<string, unknown>) => number);

/**
 * One field: its name, what its value must be (`check`), whether it must be given, the limits of
 * its check and, for some, the value it takes when left out. The message an author reads comes
 * from `MESSAGES` by the check's key.
 */
export type FieldRow = { name: string; required?: boolean } & (
  | { check: 'text'; max: number }
  | { check: 'boolean' }
  | { check: 'condition' }
  | { check: 'whole'; from: Bound; to: Bound; default?: number; needs?: string[]; limitedBy?: string }
  | { check: 'oneOf'; values: readonly string[]; default: string }
  | { check: 'options'; min: number; max: number }
  | { check: 'rows'; min: number; max: number }
  | { check: 'labels'; min: number; max: number }
);

const LIMITS = SURVEY_LIMITS;

/** Fields of the survey itself (`pages`, `questions` and `hidden` are read by survey-schema.ts). */
export const SURVEY_FIELDS: readonly FieldRow[] = [
  { name: 'title', check: 'text', required: true, max: LIMITS.maxTitle },
  { name: 'description', check: 'text', max: LIMITS.maxHelp * 2 },
  { name: 'thankYou', check: 'text', max: LIMITS.maxHelp },
  { name: 'allowEdit', check: 'boolean' },
  { name: 'anonymous', check: 'boolean' },
];
export const SURVEY_FIELD_NAMES = ['title', 'description', 'pages', 'questions', 'allowEdit', 'anonymous', 'hidden', 'thankYou'];

/** Fields of a page (`questions` is read by survey-schema.ts). */
export const PAGE_FIELDS: readonly FieldRow[] = [
  { name: 'title', check: 'text', max: LIMITS.maxTitle },
  { name: 'visibleIf', check: 'condition' },
];
export const PAGE_FIELD_NAMES = ['title', 'visibleIf', 'questions'];

/** Fields of every question (`id` and `type` are read by survey-schema.ts). */
export const QUESTION_FIELDS: readonly FieldRow[] = [
  { name: 'title', check: 'text', required: true, max: LIMITS.maxTitle },
  { name: 'help', check: 'text', max: LIMITS.maxHelp },
  { name: 'required', check: 'boolean' },
  { name: 'visibleIf', check: 'condition' },
];

const END_LABELS: readonly FieldRow[] = [
  { name: 'minLabel', check: 'text', max: LIMITS.maxLabel },
  { name: 'maxLabel', check: 'text', max: LIMITS.maxLabel },
];
/** `maxLength` (with its default) and `minLength`, which it bounds: the fields of text and longtext questions. */
function lengthFields(longest: number, byDefault: number): FieldRow[] {
  return [
    { name: 'maxLength', check: 'whole', from: 1, to: longest, default: byDefault },
    {
      name: 'minLength',
      check: 'whole',
      from: 0,
      to: (question) => question.maxLength as number,
      needs: ['maxLength'],
      limitedBy: 'maxLength',
    },
  ];
}
const optionCount = (question: Record<string, unknown>): number => (question.options as unknown[]).length;

/** The fields each kind of question adds, in the order they are checked. */
export const KIND_FIELDS: Readonly<Record<SurveyQuestionType, readonly FieldRow[]>> = {
  rating: [
    { name: 'min', check: 'whole', from: 0, to: LIMITS.maxRating - 1, default: 1 },
    { name: 'max', check: 'whole', from: (question) => (question.min as number) + 1, to: LIMITS.maxRating, default: 5, needs: ['min'] },
    { name: 'style', check: 'oneOf', values: ['stars', 'numbers'], default: 'stars' },
    ...END_LABELS,
  ],
  nps: END_LABELS,
  matrix: [
    { name: 'rows', check: 'rows', required: true, min: 1, max: LIMITS.maxRows },
    { name: 'scale', check: 'labels', required: true, min: 2, max: LIMITS.maxScale },
  ],
  single: [{ name: 'options', check: 'options', required: true, min: 1, max: LIMITS.maxOptions }],
  multiple: [
    { name: 'options', check: 'options', required: true, min: 2, max: LIMITS.maxOptions },
    { name: 'minSelect', check: 'whole', from: 0, to: optionCount, needs: ['options'] },
    {
      name: 'maxSelect',
      check: 'whole',
      from: (question) => Math.max(1, (question.minSelect as number | undefined) ?? 0),
      to: optionCount,
      needs: ['options', 'minSelect'],
    },
  ],
  text: lengthFields(LIMITS.maxText, 200),
  longtext: lengthFields(LIMITS.maxLongText, 2000),
  ranking: [{ name: 'options', check: 'options', required: true, min: 2, max: LIMITS.maxOptions }],
};
const KINDS = Object.keys(KIND_FIELDS) as SurveyQuestionType[];

/** A value as an error message shows it: text quoted and cut short, anything else by its kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return '(a list)';
  if (isObj(value)) return '(an object)';
  return `(${String(value)})`;
}

/** What an author reads, by message key. */
export const MESSAGES = {
  text: 'must be text',
  nonEmptyText: 'must be a non-empty text',
  tooLong: (max: number) => `is too long: at most ${max} characters`,
  boolean: 'must be true or false',
  whole: (from: number, to: number, limitedBy?: string) =>
    `must be a whole number from ${from} to ${to}${limitedBy ? ` (${limitedBy})` : ''}`,
  oneOf: (name: string, value: unknown, values: readonly string[]) => `unknown ${name} ${shown(value)}; use ${values.join(' or ')}`,
  list: (from: number, to: number, what: string) => `needs a list of ${from} to ${to} ${what}`,
  id: 'must be 1-64 letters, digits, "_" or "-", starting with a letter',
  keyword: (id: string) => `"${id}" is a visibleIf keyword; choose another id`,
  twice: (value: unknown) => `"${String(value)}" is used twice`,
  itemValue: `must be 1 to ${LIMITS.maxValue} characters`,
  option: 'must be a text or an object with "value" and "label"',
  row: 'must be an object with "id" and "label"',
  unknownKind: (value: unknown) => `unknown type ${shown(value)}; use ${KINDS.join(', ')}`,
  notQuestionField: (kind: string) => `is not a field of a ${kind} question`,
  notSurveyField: `is not a survey field; use ${SURVEY_FIELD_NAMES.join(', ')}`,
  notPageField: `is not a page field; use ${PAGE_FIELD_NAMES.join(', ')}`,
  conditionSyntax: (error: ExprError) => `${error.message} (at character ${error.position + 1})`,
  ownQuestion: (id: string) => `refers to its own question "${id}"`,
  notEarlier: (id: string) => `refers to "${id}", not an earlier question`,
  notRow: (id: string, row: string) => `refers to "${id}.${row}", not a matrix row`,
  hiddenObject: 'must be an object of text values',
  hiddenCount: (count: number) => `has ${count} fields; at most ${LIMITS.maxHidden}`,
  bothPagesAndQuestions: 'give "pages" or "questions", not both',
  noPages: 'is missing: give "pages" or "questions"',
  tooManyQuestions: `has more than ${LIMITS.maxQuestions} questions`,
  definitionObject: 'must be a JSON object',
  pageObject: 'must be an object with "questions"',
  questionObject: 'must be an object with id, type and title',
} as const;
