/**
 * Survey definitions and answers: a hand-written validator for the JSON schema of
 * docs/survey-schema.md (no schema library: it would cost more than the whole widget), the walk
 * that decides which pages and questions are visible, and the checks of one answer. Used by the
 * view (authoring errors, validation messages) and by the model (the authority's checks).
 */
import { isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { compileExpr, ExprError, evalExpr, isAnswered, KEYWORDS, own, type Expr } from './survey-expr.js';
import type {
  SurveyAnswer,
  SurveyAnswers,
  SurveyDefinitionError,
  SurveyQuestionType,
  SurveyDefinition,
  SurveyOption,
  SurveyPage,
  SurveyQuestion,
} from './survey-types.js';

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

const TYPES = 'rating nps matrix single multiple text longtext ranking'.split(' ') as SurveyQuestionType[];
/** Question ids, matrix row ids and hidden field names. */
export const ID_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const ID_MSG = 'must be 1-64 letters, digits, "_" or "-", starting with a letter';
/** Fields of every question, then the fields each type adds. */
const COMMON = 'id type title help required visibleIf ';
const FIELDS: Record<SurveyQuestionType, string> = {
  rating: 'min max style minLabel maxLabel',
  nps: 'minLabel maxLabel',
  matrix: 'rows scale',
  single: 'options',
  multiple: 'options minSelect maxSelect',
  text: 'minLength maxLength',
  longtext: 'minLength maxLength',
  ranking: 'options',
};
const SURVEY_FIELDS = 'title description pages questions allowEdit anonymous hidden thankYou'.split(' ');
const PAGE_FIELDS = ['title', 'visibleIf', 'questions'];

export { isObj, own, put };
const isInt = (v: unknown, lo: number, hi: number): v is number => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const isId = (v: unknown): v is string => typeof v === 'string' && ID_RE.test(v);

/** Result of `parseDefinition`. */
export interface ParsedDefinition {
  /** The normalized definition, or null when there are errors. */
  definition: SurveyDefinition | null;
  /** Every problem found (at most 30), in document order. */
  errors: SurveyDefinitionError[];
}

/** Reports one problem of a field of the survey, a page or a question. */
type Err = (field: string, msg: string) => undefined;

// Checks shared by every field of the table below: each reports through `e` and says whether the value is usable.
const text = (e: Err, f: string, v: unknown, max: number, required?: boolean): void => {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || (required && !v.trim())) e(f, required ? 'must be a non-empty text' : 'must be text');
  else if (v.length > max) e(f, `is too long: at most ${max} characters`);
};
const bool = (e: Err, f: string, v: unknown): void => {
  if (v !== undefined && typeof v !== 'boolean') e(f, 'must be true or false');
};
const int = (e: Err, f: string, v: unknown, lo: number, hi: number, note = ''): boolean =>
  isInt(v, lo, hi) || (e(f, `must be a whole number from ${lo} to ${hi}${note}`), false);
const list = (e: Err, f: string, v: unknown, lo: number, hi: number, what = f): v is unknown[] =>
  (Array.isArray(v) && v.length >= lo && v.length <= hi) || (e(f, `needs a list of ${lo} to ${hi} ${what}`), false);
const extra = (e: Err, o: object, allowed: string[], msg: string): void => {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) e(k, msg);
};
const twice = (v: unknown) => `"${v}" is used twice`;

/**
 * Checks a survey definition (already parsed from JSON) against the schema and normalizes it:
 * `questions` becomes one page, string options become `{value, label}`, ranges get their defaults.
 * Each error names the question (by id, or `#n` by position) and the field.
 */
export function parseDefinition(raw: unknown): ParsedDefinition {
  const errors: SurveyDefinitionError[] = [];
  const add = (where: string, field: string, msg: string, data?: { question?: string; field?: string }): undefined => {
    if (errors.length < 30) errors.push({ field, ...data, message: `${where} field "${field}": ${msg}` });
  };
  const s: Err = (f, m) => add('Survey', f, m);
  if (!isObj(raw)) {
    s('(definition)', 'must be a JSON object');
    return { definition: null, errors };
  }
  const { questions, hidden: h, ...rest } = raw;
  extra(s, raw, SURVEY_FIELDS, `is not a survey field; use ${SURVEY_FIELDS.join(', ')}`);
  text(s, 'title', raw.title, SURVEY_LIMITS.maxTitle, true);
  text(s, 'description', raw.description, SURVEY_LIMITS.maxHelp * 2);
  text(s, 'thankYou', raw.thankYou, SURVEY_LIMITS.maxHelp);
  bool(s, 'allowEdit', raw.allowEdit);
  bool(s, 'anonymous', raw.anonymous);
  if (h !== undefined) {
    if (!isObj(h)) s('hidden', 'must be an object of text values');
    else {
      const keys = Object.keys(h);
      if (keys.length > SURVEY_LIMITS.maxHidden) s('hidden', `has ${keys.length} fields; at most ${SURVEY_LIMITS.maxHidden}`);
      for (const k of keys) {
        if (isId(k)) text(s, `hidden.${k}`, h[k], SURVEY_LIMITS.maxHiddenValue);
        else s(`hidden.${k}`, ID_MSG);
      }
    }
  }

  let rawPages: unknown[] = [];
  if (raw.pages !== undefined && questions !== undefined) s('pages', 'give "pages" or "questions", not both');
  else if (questions !== undefined) rawPages = [{ questions }];
  else if (raw.pages === undefined) s('pages', 'is missing: give "pages" or "questions"');
  else if (list(s, 'pages', raw.pages, 1, SURVEY_LIMITS.maxPages)) rawPages = raw.pages;

  const known = new Map<string, SurveyQuestion>();
  let n = 0;
  const pages = rawPages.map((rp, pi): SurveyPage => {
    const p: Err = (f, m) => add(`Page ${pi + 1}`, f, m, { field: questions !== undefined ? f : `pages[${pi}].${f}` });
    const page = { ...(rp as object) } as SurveyPage;
    if (!isObj(rp)) p('(page)', 'must be an object with "questions"');
    else {
      extra(p, rp, PAGE_FIELDS, `is not a page field; use ${PAGE_FIELDS.join(', ')}`);
      text(p, 'title', rp.title, SURVEY_LIMITS.maxTitle);
      expr(p, rp.visibleIf, known, null);
      const qs = rp.questions;
      page.questions = [];
      if (list(p, 'questions', qs, 1, SURVEY_LIMITS.maxQuestionsPerPage)) {
        for (const rq of qs) {
          if (++n > SURVEY_LIMITS.maxQuestions) {
            s('questions', `has more than ${SURVEY_LIMITS.maxQuestions} questions`);
            break;
          }
          const q = parseQuestion(rq, n, known, add);
          if (!q) continue;
          page.questions.push(q);
          // Known even when it has other mistakes, so later conditions on it are not reported too.
          if (isId(q.id) && !known.has(q.id)) known.set(q.id, q);
        }
      }
    }
    return page;
  });

  if (errors.length) return { definition: null, errors };
  const def = readable({ ...rest, pages } as SurveyDefinition);
  if (h) def.hidden = { ...(h as Record<string, string>) };
  return { definition: def, errors };
}

/** The definition with the core's rule for typed text (`stripBidi`) applied to everything it shows. */
function readable(def: SurveyDefinition): SurveyDefinition {
  const opt = <T extends { label: string }>(o: T): T => ({ ...o, label: stripBidi(o.label) });
  const text = <T extends object>(o: T, keys: Array<keyof T>): T => {
    const out = { ...o };
    for (const k of keys) if (typeof out[k] === 'string') (out[k] as string) = stripBidi(out[k] as string);
    return out;
  };
  return {
    ...text(def, ['title', 'description', 'thankYou']),
    pages: def.pages.map((p) => ({
      ...text(p, ['title']),
      questions: p.questions.map((q) => {
        const out = text(q, ['title', 'help', 'minLabel', 'maxLabel']);
        if (q.options) out.options = q.options.map(opt);
        if (q.rows) out.rows = q.rows.map(opt);
        if (q.scale) out.scale = q.scale.map(stripBidi);
        return out;
      }),
    })),
  };
}

/** Checks a `visibleIf` (when given): an expression that only reads questions asked before (`self` excluded). */
function expr(e: Err, src: unknown, known: Map<string, SurveyQuestion>, self: unknown): void {
  if (src === undefined) return;
  if (typeof src !== 'string') return e('visibleIf', 'must be text');
  const x = compileExpr(src);
  if (x instanceof ExprError) return e('visibleIf', `${x.message} (at character ${x.pos + 1})`);
  const bad = (x: Expr): string | null =>
    x.t === 'ref' || x.t === 'answered'
      ? x.id === self
        ? `refers to its own question "${x.id}"`
        : !known.has(x.id)
          ? `refers to "${x.id}", not an earlier question`
          : x.row !== undefined && !known.get(x.id)!.rows?.some((r) => r.id === x.row)
            ? `refers to "${x.id}.${x.row}", not a matrix row`
            : null
      : x.t === 'lit'
        ? null
        : (bad(x.a) ?? (x.t === 'not' ? null : bad(x.b)));
  const why = bad(x);
  if (why) e('visibleIf', why);
}

/**
 * Options (`key` value, strings allowed) or matrix rows (`key` id): a list of `{key, label}` with
 * unique keys. Returns the normalized list, or undefined when the list itself is unusable.
 */
function items(e: Err, f: string, raw: unknown, lo: number, hi: number, key: 'value' | 'id'): Array<Record<string, unknown>> | undefined {
  if (!list(e, f, raw, lo, hi)) return;
  const seen = new Set<unknown>();
  return raw.map((o, i) => {
    const at = `${f}[${i}]`;
    const it = typeof o === 'string' && key === 'value' ? { value: o, label: o } : o;
    if (!isObj(it)) return (e(at, `must be ${key === 'id' ? '' : 'a text or '}an object with "${key}" and "label"`), {});
    const k = it[key];
    if (key === 'id' ? !isId(k) : typeof k !== 'string' || !k || k.length > SURVEY_LIMITS.maxValue)
      e(`${at}.${key}`, key === 'id' ? ID_MSG : `must be 1 to ${SURVEY_LIMITS.maxValue} characters`);
    else if (seen.has(k)) e(`${at}.${key}`, twice(k));
    seen.add(k);
    text(e, `${at}.label`, it.label, SURVEY_LIMITS.maxLabel, true);
    return { [key]: k, label: it.label };
  });
}

function parseQuestion(
  rq: unknown,
  n: number,
  known: Map<string, SurveyQuestion>,
  add: (where: string, field: string, msg: string, data: { question: string }) => undefined,
): SurveyQuestion | undefined {
  let who = `#${n}`;
  const e: Err = (f, m) => add(who[0] === '#' ? `Question ${who}` : `Question "${who}"`, f, m, { question: who });
  if (!isObj(rq)) return e('(question)', 'must be an object with id, type and title');
  const { id, type } = rq as { id: unknown; type: SurveyQuestionType };
  if (!isId(id)) e('id', ID_MSG);
  else {
    who = id;
    if (KEYWORDS.has(id)) e('id', `"${id}" is a visibleIf keyword; choose another id`);
    else if (known.has(id)) e('id', twice(id));
  }
  if (!TYPES.includes(type)) return e('type', `unknown type "${String(type)}"; use ${TYPES.join(', ')}`);
  extra(e, rq, (COMMON + FIELDS[type]).split(' '), `is not a field of a ${type} question`);
  text(e, 'title', rq.title, SURVEY_LIMITS.maxTitle, true);
  text(e, 'help', rq.help, SURVEY_LIMITS.maxHelp);
  bool(e, 'required', rq.required);
  expr(e, rq.visibleIf, known, id);
  text(e, 'minLabel', rq.minLabel, SURVEY_LIMITS.maxLabel);
  text(e, 'maxLabel', rq.maxLabel, SURVEY_LIMITS.maxLabel);
  const q = { ...rq } as unknown as SurveyQuestion;

  if (type === 'rating') {
    const { min = 1, max = 5, style = 'stars' } = rq;
    if (int(e, 'min', min, 0, SURVEY_LIMITS.maxRating - 1)) int(e, 'max', max, (min as number) + 1, SURVEY_LIMITS.maxRating);
    if (style !== 'stars' && style !== 'numbers') e('style', `unknown style "${String(style)}"; use stars or numbers`);
    Object.assign(q, { min, max, style });
  } else if (type === 'matrix') {
    q.rows = items(e, 'rows', rq.rows, 1, SURVEY_LIMITS.maxRows, 'id') as SurveyQuestion['rows'];
    if (list(e, 'scale', rq.scale, 2, SURVEY_LIMITS.maxScale, 'labels, lowest first')) {
      rq.scale.forEach((l, i) => text(e, `scale[${i}]`, l, SURVEY_LIMITS.maxValue, true));
      q.scale = [...(rq.scale as string[])];
    }
  } else if (type === 'text' || type === 'longtext') {
    const { maxLength = type === 'text' ? 200 : 2000, minLength = 0 } = rq;
    if (int(e, 'maxLength', maxLength, 1, type === 'text' ? SURVEY_LIMITS.maxText : SURVEY_LIMITS.maxLongText))
      int(e, 'minLength', minLength, 0, maxLength as number, ' (maxLength)');
    q.maxLength = maxLength as number;
  } else if (FIELDS[type].startsWith('options')) {
    const opts = (q.options = items(e, 'options', rq.options, type === 'single' ? 1 : 2, SURVEY_LIMITS.maxOptions, 'value') as
      SurveyOption[] | undefined);
    const { minSelect: lo, maxSelect: hi } = rq;
    if (opts && (lo === undefined || int(e, 'minSelect', lo, 0, opts.length)) && hi !== undefined)
      int(e, 'maxSelect', hi, Math.max(1, (lo as number) ?? 0), opts.length);
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// Visibility and answers

/** Evaluates a `visibleIf` (absent = visible). Definitions are validated first, so errors do not occur; they show the question. */
export function isVisible(src: string | undefined, answers: Record<string, unknown>): boolean {
  if (src === undefined) return true;
  const e = compileExpr(src);
  return e instanceof ExprError ? true : evalExpr(e, answers);
}

/** What `walk` found: visible page indexes (with at least one visible question) and visible question ids. */
export interface Visibility {
  pages: number[];
  shown: Set<string>;
}

/**
 * Walks the definition in order and decides what is visible. `pick(q)` gives the answer to use for
 * a visible question (undefined = unanswered); answers of hidden questions never count, so a chain
 * of conditions collapses as soon as one link is hidden.
 */
export function walk(def: SurveyDefinition, pick: (q: SurveyQuestion) => unknown): Visibility {
  const eff: Record<string, unknown> = {};
  const pages: number[] = [];
  const shown = new Set<string>();
  def.pages.forEach((pg, i) => {
    if (!isVisible(pg.visibleIf, eff)) return;
    let any = false;
    for (const q of pg.questions) {
      if (!isVisible(q.visibleIf, eff)) continue;
      any = true;
      shown.add(q.id);
      const v = pick(q);
      if (v !== undefined) put(eff, q.id, v);
    }
    if (any) pages.push(i);
  });
  return { pages, shown };
}

/** Why one answer is not acceptable: needs an answer, incomplete matrix, too few/many (n), or unusable. */
export interface Problem {
  code: 'required' | 'rows' | 'min' | 'max' | 'invalid';
  n?: number;
}

/** Normalizes text answers: Unicode NFC, trimmed; one-line answers also get their whitespace collapsed. */
export const cleanText = (s: string, oneLine: boolean): string => {
  const text = stripBidi(s.normalize('NFC'));
  return (oneLine ? text.replace(/\s+/g, ' ') : text.replace(/\r\n?/g, '\n')).trim();
};

/**
 * Checks and normalizes one answer for its question. Returns the value to store (`v`, absent when
 * unanswered) or the problem (`p`).
 */
export function checkAnswer(q: SurveyQuestion, raw: unknown): { v?: SurveyAnswer; p?: Problem } {
  const { type, required, options, rows } = q;
  const text = type === 'text' || type === 'longtext';
  if (typeof raw === 'string' && text) raw = cleanText(raw, type === 'text');
  if (!isAnswered(raw)) return required ? { p: { code: 'required' } } : {};
  const values = (options ?? []).map((o) => o.value);
  const p = (code: Problem['code'], n?: number) => ({ p: n === undefined ? { code } : { code, n } });
  if (type === 'rating' || type === 'nps')
    return isInt(raw, type === 'nps' ? 0 : q.min!, type === 'nps' ? 10 : q.max!) ? { v: raw } : p('invalid');
  if (type === 'single') return values.includes(raw as string) ? { v: raw as string } : p('invalid');
  if (text) {
    if (typeof raw !== 'string') return p('invalid');
    const len = [...raw].length;
    return len > q.maxLength! ? p('max', q.maxLength) : len < (q.minLength ?? 0) ? p('min', q.minLength) : { v: raw };
  }
  if (type === 'matrix') {
    if (!isObj(raw)) return p('invalid');
    const out: Record<string, number> = {};
    for (const [k, x] of Object.entries(raw)) {
      if (!rows!.some((r) => r.id === k) || !isInt(x, 1, q.scale!.length)) return p('invalid');
      put(out, k, x);
    }
    return required && Object.keys(out).length < rows!.length ? p('rows') : { v: out };
  }
  // multiple, ranking
  if (
    !Array.isArray(raw) ||
    raw.some((x) => !values.includes(x)) ||
    new Set(raw).size !== raw.length ||
    (type === 'ranking' && raw.length !== values.length)
  )
    return p('invalid');
  const min = Math.max(required ? 1 : 0, q.minSelect ?? 0);
  return raw.length < min ? p('min', min) : raw.length > (q.maxSelect ?? Infinity) ? p('max', q.maxSelect) : { v: [...raw] };
}

/** English text of a problem, for the authority's reject messages and logs. */
export function problemText(q: SurveyQuestion, p: Problem): string {
  const who = `Question "${q.id}"`;
  const unit = q.type === 'multiple' ? 'choices' : 'characters';
  return p.code === 'required'
    ? `${who} needs an answer.`
    : p.code === 'rows'
      ? `${who} needs an answer in every row.`
      : p.code === 'min'
        ? `${who} needs at least ${p.n} ${unit}.`
        : p.code === 'max'
          ? `${who} allows at most ${p.n} ${unit}.`
          : `The answer to question "${q.id}" does not fit a ${q.type} question.`;
}

type Checked = { answers: SurveyAnswers } | { code: string; message: string };
const invalid = (message: string) => ({ code: 'invalid_answer', message });
const NOT_OBJECT = 'The answers must be an object of question id -> answer.';

/** Checks every visible answer against the definition. SurveyAnswers to hidden or unknown questions are dropped. */
export function checkAnswers(def: SurveyDefinition, raw: unknown): { answers: SurveyAnswers } | { code: string; message: string } {
  if (!isObj(raw)) return invalid(NOT_OBJECT);
  const answers: SurveyAnswers = {};
  let first: Checked | undefined;
  walk(def, (q) => {
    const { v, p } = checkAnswer(q, own(raw, q.id));
    if (p)
      first ??= { code: p.code === 'required' || p.code === 'rows' ? 'required_missing' : 'invalid_answer', message: problemText(q, p) };
    if (v !== undefined) put(answers, q.id, v);
    return v;
  });
  return first ?? { answers };
}

const isShortString = (v: unknown, max: number): v is string => typeof v === 'string' && [...v].length <= max;

/**
 * Structural check of answers when no definition is published (self-serve survey): question ids,
 * and values that fit some question type. Text is normalized like `checkAnswer` does.
 */
export function checkLooseAnswers(raw: unknown): { answers: SurveyAnswers } | { code: string; message: string } {
  if (!isObj(raw)) return invalid(NOT_OBJECT);
  const keys = Object.keys(raw);
  if (keys.length > SURVEY_LIMITS.maxQuestions) return invalid(`At most ${SURVEY_LIMITS.maxQuestions} answers.`);
  const answers: SurveyAnswers = {};
  for (const k of keys) {
    let v = raw[k];
    const fail = invalid(`The answer to question "${k}" is not a rating, choice, list, text or row map.`);
    if (!ID_RE.test(k)) return invalid(`"${k.slice(0, 80)}" is not a question id.`);
    if (typeof v === 'number') {
      if (!isInt(v, 0, 10)) return fail;
    } else if (typeof v === 'string') {
      v = cleanText(v, false);
      if ([...(v as string)].length > SURVEY_LIMITS.maxLongText) return invalid(`The answer to question "${k}" is too long.`);
    } else if (Array.isArray(v)) {
      if (
        v.length > SURVEY_LIMITS.maxOptions ||
        !v.every((x) => isShortString(x, SURVEY_LIMITS.maxValue) && x) ||
        new Set(v).size !== v.length
      )
        return fail;
      v = [...v];
    } else if (isObj(v)) {
      const rows = Object.entries(v);
      if (rows.length > SURVEY_LIMITS.maxRows || !rows.every(([r, x]) => ID_RE.test(r) && isInt(x, 1, SURVEY_LIMITS.maxScale))) return fail;
      v = {};
      for (const [r, x] of rows) put(v as Record<string, unknown>, r, x);
    } else return fail;
    // Blank text and empty lists or row maps are no answer.
    if (isAnswered(v)) put(answers, k, v as SurveyAnswer);
  }
  return { answers };
}

/** Checks the context of a response; returns a clean copy or an English problem. */
export function checkContext(raw: unknown): { room: string; session: string; hidden: Record<string, string> } | string {
  if (!isObj(raw)) return 'The response needs a context {room, session, hidden}.';
  const { room, session, hidden } = raw;
  const most = (what: string, max: number) => `The context ${what} must be text of at most ${max} characters.`;
  if (!isShortString(room, SURVEY_LIMITS.maxRoom)) return most('room', SURVEY_LIMITS.maxRoom);
  if (!isShortString(session, SURVEY_LIMITS.maxSession)) return most('session', SURVEY_LIMITS.maxSession);
  if (!isObj(hidden) || Object.keys(hidden).length > SURVEY_LIMITS.maxHidden)
    return `Hidden fields must be an object of at most ${SURVEY_LIMITS.maxHidden} fields.`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(hidden)) {
    if (!ID_RE.test(k) || !isShortString(v, SURVEY_LIMITS.maxHiddenValue))
      return `Hidden field "${k.slice(0, 80)}" needs a usable name and a text of at most ${SURVEY_LIMITS.maxHiddenValue} characters.`;
    put(out, k, v);
  }
  return { room, session, hidden: out };
}
