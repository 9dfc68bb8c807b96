/**
 * Survey definitions: a hand-written validator for the JSON schema of docs/survey-schema.md (no
 * schema library: it would cost more than the whole widget). What each field of the survey, a page
 * and each kind of question must be is written as tables in survey-fields.ts, one row per field;
 * this file walks them. Every error names the question (by id, or `#n` by position) and the field.
 * The answer checks are in survey-answers.ts (re-exported here).
 */
import { isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { compileExpr, ExprError, exprReferences, KEYWORDS, own, type Expr } from './survey-expr.js';
import {
  type FieldRow,
  KIND_FIELDS,
  MESSAGES,
  PAGE_FIELD_NAMES,
  PAGE_FIELDS,
  QUESTION_FIELDS,
  SURVEY_FIELD_NAMES,
  SURVEY_FIELDS,
} from './survey-fields.js';
import { ID_RE, isInt, SURVEY_LIMITS } from './survey-limits.js';
import type {
  SurveyDefinition,
  SurveyDefinitionError,
  SurveyOption,
  SurveyPage,
  SurveyQuestion,
  SurveyQuestionType,
} from './survey-types.js';

export { ID_RE, SURVEY_LIMITS } from './survey-limits.js';
export {
  checkAnswer,
  checkAnswers,
  checkContext,
  checkLooseAnswers,
  cleanText,
  isVisible,
  problemText,
  walk,
  type Problem,
  type Visibility,
} from './survey-answers.js';
export { isObj, own, put };

const LIMITS = SURVEY_LIMITS;

/** Result of `parseDefinition`. */
export interface ParsedDefinition {
  /** The normalized definition, or null when there are errors. */
  definition: SurveyDefinition | null;
  /** Every problem found (at most 30), in document order. */
  errors: SurveyDefinitionError[];
}

/** Reports one problem of a field of the survey, a page or a question. */
type Report = (field: string, message: string) => void;

/** Questions asked so far, by id: what a `visibleIf` may read. */
type Known = Map<string, SurveyQuestion>;

const isId = (value: unknown): value is string => typeof value === 'string' && ID_RE.test(value);
/** A field name as a message shows it (a hostile name could be megabytes long). */
const fieldName = (name: string): string => (name.length > 80 ? `${name.slice(0, 80)}…` : name);

/**
 * Checks a survey definition (already parsed from JSON) against the schema and normalizes it:
 * `questions` becomes one page, string options become `{value, label}`, ranges get their defaults.
 * Each error names the question (by id, or `#n` by position) and the field.
 */
export function parseDefinition(raw: unknown): ParsedDefinition {
  const errors: SurveyDefinitionError[] = [];
  const add = (where: string, field: string, message: string, data?: { question?: string; field?: string }): void => {
    if (errors.length < 30) errors.push({ field: fieldName(field), ...data, message: `${where} field "${fieldName(field)}": ${message}` });
  };
  const report: Report = (field, message) => add('Survey', field, message);
  if (!isObj(raw)) {
    report('(definition)', MESSAGES.definitionObject);
    return { definition: null, errors };
  }
  const { questions, hidden } = raw;
  reportUnknownFields(report, raw, SURVEY_FIELD_NAMES, MESSAGES.notSurveyField);
  const survey: Record<string, unknown> = {};
  checkFields(report, SURVEY_FIELDS, raw, survey, new Map(), null);
  checkHidden(report, hidden);

  let rawPages: unknown[] = [];
  if (raw.pages !== undefined && questions !== undefined) report('pages', MESSAGES.bothPagesAndQuestions);
  else if (questions !== undefined) rawPages = [{ questions }];
  else if (raw.pages === undefined) report('pages', MESSAGES.noPages);
  else if (isListOf(report, 'pages', raw.pages, 1, LIMITS.maxPages)) rawPages = raw.pages;

  const known: Known = new Map();
  let position = 0;
  const pages = rawPages.map((rawPage, pageIndex): SurveyPage => {
    const pageReport: Report = (field, message) =>
      add(`Page ${pageIndex + 1}`, field, message, { field: questions !== undefined ? field : `pages[${pageIndex}].${field}` });
    const page = { questions: [] } as SurveyPage;
    if (!isObj(rawPage)) {
      pageReport('(page)', MESSAGES.pageObject);
      return page;
    }
    reportUnknownFields(pageReport, rawPage, PAGE_FIELD_NAMES, MESSAGES.notPageField);
    checkFields(pageReport, PAGE_FIELDS, rawPage, page as unknown as Record<string, unknown>, known, null);
    if (!isListOf(pageReport, 'questions', rawPage.questions, 1, LIMITS.maxQuestionsPerPage)) return page;
    for (const rawQuestion of rawPage.questions) {
      if (++position > LIMITS.maxQuestions) {
        report('questions', MESSAGES.tooManyQuestions);
        break;
      }
      const question = parseQuestion(rawQuestion, position, known, add);
      if (!question) continue;
      page.questions.push(question);
      // Known even when it has other mistakes, so later conditions on it are not reported too.
      if (isId(question.id) && !known.has(question.id)) known.set(question.id, question);
    }
    return page;
  });

  if (errors.length) return { definition: null, errors };
  const definition = { ...survey, pages } as unknown as SurveyDefinition;
  if (hidden) definition.hidden = { ...(hidden as Record<string, string>) };
  return { definition, errors };
}

/** Checks one question: its id and kind, then the rows of `QUESTION_FIELDS` and of its kind. */
function parseQuestion(
  raw: unknown,
  position: number,
  known: Known,
  add: (where: string, field: string, message: string, data: { question: string }) => void,
): SurveyQuestion | undefined {
  let who = `#${position}`;
  const report: Report = (field, message) => add(isId(who) ? `Question "${who}"` : `Question ${who}`, field, message, { question: who });
  if (!isObj(raw)) {
    report('(question)', MESSAGES.questionObject);
    return undefined;
  }
  const { id, type } = raw;
  if (!isId(id)) report('id', MESSAGES.id);
  else {
    who = id;
    if (KEYWORDS.has(id)) report('id', MESSAGES.keyword(id));
    else if (known.has(id)) report('id', MESSAGES.twice(id));
  }
  if (typeof type !== 'string' || !Object.hasOwn(KIND_FIELDS, type)) {
    report('type', MESSAGES.unknownKind(type));
    return undefined;
  }
  const kind = type as SurveyQuestionType;
  const rows = [...QUESTION_FIELDS, ...KIND_FIELDS[kind]];
  reportUnknownFields(report, raw, ['id', 'type', ...rows.map((row) => row.name)], MESSAGES.notQuestionField(kind));
  const question: Record<string, unknown> = { id, type };
  checkFields(report, rows, raw, question, known, id);
  return question as unknown as SurveyQuestion;
}

/**
 * Checks `raw` against `rows`, in order, and writes each usable value (with its default, when
 * the row has one) into `out`. A row that `needs` a field with a problem is not checked: its
 * bounds would be meaningless.
 */
function checkFields(
  report: Report,
  rows: readonly FieldRow[],
  raw: Record<string, unknown>,
  out: Record<string, unknown>,
  known: Known,
  self: unknown,
): void {
  const failed = new Set<string>();
  for (const row of rows) {
    if (row.check === 'whole' && row.needs?.some((name) => failed.has(name))) continue;
    let problem = false;
    const fieldReport: Report = (field, message) => {
      problem = true;
      report(field, message);
    };
    const given = own(raw, row.name);
    const value = given === undefined && 'default' in row ? row.default : given;
    // A required field left out gets the message of its check (what it should have been).
    if (value !== undefined || row.required) {
      const normalized = checkField(fieldReport, row, value, out, known, self);
      if (!problem && normalized !== undefined) put(out, row.name, normalized);
    }
    if (problem) failed.add(row.name);
  }
}

/** Checks one value (undefined for a required field left out) against its row; returns the value to keep (normalized), or undefined after a report. */
function checkField(
  report: Report,
  row: FieldRow,
  value: unknown,
  question: Record<string, unknown>,
  known: Known,
  self: unknown,
): unknown {
  const { name } = row;
  switch (row.check) {
    case 'text':
      return checkText(report, name, value, row.max, row.required) ? stripBidi(value) : undefined;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return report(name, MESSAGES.boolean);
    case 'condition':
      return checkCondition(report, value, known, self) ? value : undefined;
    case 'whole': {
      const from = typeof row.from === 'number' ? row.from : row.from(question);
      const to = typeof row.to === 'number' ? row.to : row.to(question);
      if (isInt(value, from, to)) return value;
      return report(name, MESSAGES.whole(from, to, row.limitedBy));
    }
    case 'oneOf':
      if (typeof value === 'string' && row.values.includes(value)) return value;
      return report(name, MESSAGES.oneOf(name, value, row.values));
    case 'options':
      return checkItems(report, name, value, row.min, row.max, 'value');
    case 'rows':
      return checkItems(report, name, value, row.min, row.max, 'id');
    case 'labels':
      if (!isListOf(report, name, value, row.min, row.max, 'labels, lowest first')) return undefined;
      return value.map((label, index) => (checkText(report, `${name}[${index}]`, label, LIMITS.maxValue, true) ? stripBidi(label) : label));
  }
}

function checkText(report: Report, field: string, value: unknown, max: number, required?: boolean): value is string {
  if (typeof value !== 'string' || (required && !value.trim())) report(field, required ? MESSAGES.nonEmptyText : MESSAGES.text);
  else if (value.length > max) report(field, MESSAGES.tooLong(max));
  else return true;
  return false;
}

/** True for a list of `from` to `to` entries; reports `needs a list of …` otherwise. */
function isListOf(report: Report, field: string, value: unknown, from: number, to: number, what = field): value is unknown[] {
  if (Array.isArray(value) && value.length >= from && value.length <= to) return true;
  report(field, MESSAGES.list(from, to, what));
  return false;
}

function reportUnknownFields(report: Report, raw: object, allowed: readonly string[], message: string): void {
  for (const name of Object.keys(raw)) if (!allowed.includes(name)) report(name, message);
}

function checkHidden(report: Report, hidden: unknown): void {
  if (hidden === undefined) return;
  if (!isObj(hidden)) return report('hidden', MESSAGES.hiddenObject);
  const names = Object.keys(hidden);
  if (names.length > LIMITS.maxHidden) return report('hidden', MESSAGES.hiddenCount(names.length));
  for (const name of names) {
    if (isId(name)) checkText(report, `hidden.${name}`, hidden[name], LIMITS.maxHiddenValue);
    else report(`hidden.${name}`, MESSAGES.id);
  }
}

/** Checks a `visibleIf`: an expression that only reads questions asked before (`self` excluded). */
function checkCondition(report: Report, source: unknown, known: Known, self: unknown): boolean {
  if (typeof source !== 'string') return (report('visibleIf', MESSAGES.text), false);
  const expr = compileExpr(source);
  if (expr instanceof ExprError) return (report('visibleIf', MESSAGES.conditionSyntax(expr)), false);
  const problem = conditionProblem(expr, known, self);
  if (problem) report('visibleIf', problem);
  return !problem;
}

/** The first reference of `expr` to something that is not an earlier question or its row. */
function conditionProblem(expr: Expr, known: Known, self: unknown): string | null {
  for (const { question: id, row } of exprReferences(expr)) {
    if (id === self) return MESSAGES.ownQuestion(id);
    const question = known.get(id);
    if (!question) return MESSAGES.notEarlier(id);
    if (row !== undefined && !question.rows?.some((r) => r.id === row)) return MESSAGES.notRow(id, row);
  }
  return null;
}

/**
 * Options (`key` value, strings allowed) or matrix rows (`key` id): a list of `{key, label}` with
 * unique keys. Returns the normalized list, or undefined when the list itself is unusable.
 */
function checkItems(
  report: Report,
  field: string,
  raw: unknown,
  from: number,
  to: number,
  key: 'value' | 'id',
): SurveyOption[] | undefined {
  if (!isListOf(report, field, raw, from, to)) return undefined;
  const seen = new Set<unknown>();
  return raw.map((entry, index) => {
    const at = `${field}[${index}]`;
    const item = typeof entry === 'string' && key === 'value' ? { value: entry, label: entry } : entry;
    if (!isObj(item)) {
      report(at, key === 'id' ? MESSAGES.row : MESSAGES.option);
      return {} as SurveyOption;
    }
    const itemKey = item[key];
    if (key === 'id' ? !isId(itemKey) : typeof itemKey !== 'string' || !itemKey || itemKey.length > LIMITS.maxValue)
      report(`${at}.${key}`, key === 'id' ? MESSAGES.id : MESSAGES.itemValue);
    else if (seen.has(itemKey)) report(`${at}.${key}`, MESSAGES.twice(itemKey));
    seen.add(itemKey);
    const label = checkText(report, `${at}.label`, item.label, LIMITS.maxLabel, true) ? stripBidi(item.label) : item.label;
    return { [key]: itemKey, label } as unknown as SurveyOption;
  });
}
