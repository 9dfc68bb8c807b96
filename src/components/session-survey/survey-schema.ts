/**
 * Survey definitions and answers: a hand-written validator for the JSON schema of
 * docs/survey-schema.md (no schema library: it would cost more than the whole widget), the walk
 * that decides which pages and questions are visible, and the checks of one answer. Used by the
 * view (authoring errors, validation messages) and by the model (the authority's checks).
 */
import { compileExpr, ExprError, evalExpr, isAnswered, KEYWORDS, type Expr } from './survey-expr.js';
import type { SurveyAnswer, SurveyAnswers, SurveyDefinitionError, SurveyQuestionType, SurveyDefinition, SurveyOption, SurveyPage, SurveyQuestion } from './survey-types.js';

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

const TYPES: readonly SurveyQuestionType[] = ['rating', 'nps', 'matrix', 'single', 'multiple', 'text', 'longtext', 'ranking'];
/** Question ids, matrix row ids and hidden field names. */
export const ID_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const COMMON = ['id', 'type', 'title', 'help', 'required', 'visibleIf'];
const FIELDS: Record<SurveyQuestionType, string[]> = {
  rating: ['min', 'max', 'style', 'minLabel', 'maxLabel'],
  nps: ['minLabel', 'maxLabel'],
  matrix: ['rows', 'scale'],
  single: ['options'],
  multiple: ['options', 'minSelect', 'maxSelect'],
  text: ['minLength', 'maxLength'],
  longtext: ['minLength', 'maxLength'],
  ranking: ['options'],
};
const SURVEY_FIELDS = ['title', 'description', 'pages', 'questions', 'allowEdit', 'anonymous', 'hidden', 'thankYou'];

/** A plain object (not null, not an array). */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own property read: answers are keyed by user input, so inherited names never count. */
export const own = (rec: unknown, key: string): unknown => (isObj(rec) && Object.hasOwn(rec, key) ? rec[key] : undefined);
/** Writes a key as an own property, safe for names like `__proto__`. */
export function put<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
}
const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** Result of `parseDefinition`. */
export interface ParsedDefinition {
  /** The normalized definition, or null when there are errors. */
  definition: SurveyDefinition | null;
  /** Every problem found (at most 30), in document order. */
  errors: SurveyDefinitionError[];
}

/**
 * Checks a survey definition (already parsed from JSON) against the schema and normalizes it:
 * `questions` becomes one page, string options become `{value, label}`, ranges get their defaults.
 * Each error names the question (by id, or `#n` by position) and the field.
 */
export function parseDefinition(raw: unknown): ParsedDefinition {
  const errors: SurveyDefinitionError[] = [];
  const add = (question: string | undefined, field: string, msg: string) => {
    if (errors.length >= 30) return;
    const where = question === undefined ? 'Survey' : question.startsWith('#') ? `Question ${question}` : `Question "${question}"`;
    errors.push({ ...(question === undefined ? {} : { question }), field, message: `${where} field "${field}": ${msg}` });
  };
  const text = (v: unknown, max: number, required: boolean): string | null => {
    if (v === undefined && !required) return null;
    if (typeof v !== 'string' || (required && v.trim() === '')) return 'must be a non-empty text';
    return v.length > max ? `is too long: at most ${max} characters` : null;
  };
  const bool = (v: unknown) => (v === undefined || typeof v === 'boolean' ? null : 'must be true or false');

  if (!isObj(raw)) {
    add(undefined, '(definition)', 'the survey definition must be a JSON object');
    return { definition: null, errors };
  }
  for (const k of Object.keys(raw)) if (!SURVEY_FIELDS.includes(k)) add(undefined, k, `is not a survey field; use ${SURVEY_FIELDS.join(', ')}`);
  const sp = (field: string, p: string | null) => p && add(undefined, field, p);
  sp('title', text(raw.title, SURVEY_LIMITS.maxTitle, true));
  sp('description', text(raw.description, SURVEY_LIMITS.maxHelp * 2, false));
  sp('thankYou', text(raw.thankYou, SURVEY_LIMITS.maxHelp, false));
  sp('allowEdit', bool(raw.allowEdit));
  sp('anonymous', bool(raw.anonymous));
  if (raw.hidden !== undefined) {
    const h = raw.hidden;
    if (!isObj(h)) add(undefined, 'hidden', 'must be an object of field names and text values');
    else {
      const keys = Object.keys(h);
      if (keys.length > SURVEY_LIMITS.maxHidden) add(undefined, 'hidden', `has ${keys.length} fields; at most ${SURVEY_LIMITS.maxHidden}`);
      for (const k of keys) {
        if (!ID_RE.test(k)) add(undefined, `hidden.${k}`, 'is not a usable name: start with a letter, then letters, digits, "_" or "-"');
        else sp(`hidden.${k}`, typeof h[k] === 'string' ? text(h[k], SURVEY_LIMITS.maxHiddenValue, false) : 'must be text');
      }
    }
  }

  let rawPages: unknown[] = [];
  if (raw.pages !== undefined && raw.questions !== undefined) add(undefined, 'pages', 'give either "pages" or "questions", not both');
  else if (raw.questions !== undefined) rawPages = [{ questions: raw.questions }];
  else if (!Array.isArray(raw.pages)) add(undefined, 'pages', 'is missing: give "pages" (a list of pages) or "questions" (a list of questions)');
  else rawPages = raw.pages;
  const pageField = (i: number, f: string) => (raw.questions !== undefined ? f : `pages[${i}].${f}`);
  if (Array.isArray(raw.pages) && (raw.pages.length < 1 || raw.pages.length > SURVEY_LIMITS.maxPages)) {
    add(undefined, 'pages', `needs 1 to ${SURVEY_LIMITS.maxPages} pages`);
  }

  const known = new Map<string, SurveyQuestion>();
  const pages: SurveyPage[] = [];
  let n = 0;
  rawPages.slice(0, SURVEY_LIMITS.maxPages).forEach((rp, pi) => {
    const pageMsg = (field: string, msg: string) => {
      if (errors.length < 30) errors.push({ field: pageField(pi, field), message: `Page ${pi + 1} field "${field}": ${msg}` });
    };
    if (!isObj(rp)) return pageMsg('(page)', 'must be an object with "questions"');
    for (const k of Object.keys(rp)) if (!['title', 'visibleIf', 'questions'].includes(k)) pageMsg(k, 'is not a page field; use title, visibleIf, questions');
    const tp = text(rp.title, SURVEY_LIMITS.maxTitle, false);
    if (tp) pageMsg('title', tp);
    const page: SurveyPage = { questions: [] };
    if (typeof rp.title === 'string') page.title = rp.title;
    if (rp.visibleIf !== undefined) {
      const p = exprProblem(rp.visibleIf, known, null);
      if (p) pageMsg('visibleIf', p);
      else page.visibleIf = rp.visibleIf as string;
    }
    const qs = rp.questions;
    if (!Array.isArray(qs) || qs.length < 1 || qs.length > SURVEY_LIMITS.maxQuestionsPerPage) {
      return pageMsg('questions', `needs a list of 1 to ${SURVEY_LIMITS.maxQuestionsPerPage} questions`);
    }
    for (const rq of qs) {
      if (++n > SURVEY_LIMITS.maxQuestions) {
        add(undefined, 'questions', `a survey can have at most ${SURVEY_LIMITS.maxQuestions} questions`);
        break;
      }
      const q = parseQuestion(rq, n, known, add);
      if (!q) continue;
      page.questions.push(q);
      // Known even when it has other mistakes, so later conditions on it are not reported too.
      if (ID_RE.test(q.id) && !known.has(q.id)) known.set(q.id, q);
    }
    pages.push(page);
  });

  if (errors.length) return { definition: null, errors };
  const def: SurveyDefinition = { title: raw.title as string, pages };
  if (raw.description !== undefined) def.description = raw.description as string;
  if (raw.thankYou !== undefined) def.thankYou = raw.thankYou as string;
  if (raw.allowEdit !== undefined) def.allowEdit = raw.allowEdit as boolean;
  if (raw.anonymous !== undefined) def.anonymous = raw.anonymous as boolean;
  if (raw.hidden !== undefined) def.hidden = { ...(raw.hidden as Record<string, string>) };
  return { definition: def, errors };
}

/** Checks an expression and that it only reads questions asked before (`self` excluded). */
function exprProblem(src: unknown, known: Map<string, SurveyQuestion>, self: string | null): string | null {
  if (typeof src !== 'string') return 'must be an expression in text';
  const e = compileExpr(src);
  if (e instanceof ExprError) return `${e.message} (at character ${e.pos + 1})`;
  const bad = (x: Expr): string | null => {
    if (x.t === 'ref' || x.t === 'answered') {
      const q = known.get(x.id);
      if (x.id === self) return `refers to its own question "${x.id}"`;
      if (!q) return `refers to "${x.id}", which is not a question asked before this one`;
      if (x.row !== undefined && (q.type !== 'matrix' || !q.rows?.some((r) => r.id === x.row))) return `refers to "${x.id}.${x.row}", which is not a row of a matrix question`;
      return null;
    }
    if (x.t === 'lit') return null;
    if (x.t === 'not') return bad(x.a);
    return bad(x.a) ?? bad(x.b);
  };
  return bad(e);
}

type Add = (question: string | undefined, field: string, msg: string) => void;

function parseOptions(raw: unknown, min: number, f: (field: string, msg: string) => void): SurveyOption[] | null {
  if (!Array.isArray(raw) || raw.length < min || raw.length > SURVEY_LIMITS.maxOptions) {
    f('options', `needs a list of ${min} to ${SURVEY_LIMITS.maxOptions} options`);
    return null;
  }
  const out: SurveyOption[] = [];
  const seen = new Set<string>();
  let ok = true;
  raw.forEach((o, i) => {
    const opt = typeof o === 'string' ? { value: o, label: o } : o;
    if (!isObj(opt) || typeof opt.value !== 'string' || typeof opt.label !== 'string') {
      ok = false;
      return f(`options[${i}]`, 'must be a text, or an object with text "value" and "label"');
    }
    if (opt.value.length < 1 || opt.value.length > SURVEY_LIMITS.maxValue) {
      ok = false;
      return f(`options[${i}].value`, `must be 1 to ${SURVEY_LIMITS.maxValue} characters`);
    }
    if (opt.label.trim() === '' || opt.label.length > SURVEY_LIMITS.maxLabel) {
      ok = false;
      return f(`options[${i}].label`, `must be 1 to ${SURVEY_LIMITS.maxLabel} characters`);
    }
    if (seen.has(opt.value)) {
      ok = false;
      return f(`options[${i}].value`, `"${opt.value}" is used twice; values must be unique`);
    }
    seen.add(opt.value);
    out.push({ value: opt.value, label: opt.label });
  });
  return ok ? out : null;
}

function parseQuestion(rq: unknown, n: number, known: Map<string, SurveyQuestion>, add: Add): SurveyQuestion | null {
  if (!isObj(rq)) {
    add(`#${n}`, '(question)', 'must be an object with id, type and title');
    return null;
  }
  let who = `#${n}`;
  const f = (field: string, msg: string) => add(who, field, msg);
  const id = rq.id;
  if (typeof id !== 'string' || !ID_RE.test(id)) {
    f('id', 'must start with a letter, then letters, digits, "_" or "-" (at most 64 characters)');
  } else {
    who = id;
    if (KEYWORDS.has(id)) f('id', `"${id}" is a word of the expression language; choose another id`);
    else if (known.has(id)) f('id', `"${id}" is used twice; question ids must be unique`);
  }
  const type = rq.type as SurveyQuestionType;
  if (!TYPES.includes(type)) {
    f('type', `unknown type "${String(rq.type)}"; use ${TYPES.join(', ')}`);
    return null;
  }
  for (const k of Object.keys(rq)) if (!COMMON.includes(k) && !FIELDS[type].includes(k)) f(k, `is not a field of a ${type} question`);
  const tt = typeof rq.title !== 'string' || rq.title.trim() === '' ? 'must be a non-empty text' : rq.title.length > SURVEY_LIMITS.maxTitle ? `is too long: at most ${SURVEY_LIMITS.maxTitle} characters` : null;
  if (tt) f('title', tt);
  if (rq.help !== undefined && (typeof rq.help !== 'string' || rq.help.length > SURVEY_LIMITS.maxHelp)) f('help', `must be a text of at most ${SURVEY_LIMITS.maxHelp} characters`);
  if (rq.required !== undefined && typeof rq.required !== 'boolean') f('required', 'must be true or false');
  if (rq.visibleIf !== undefined) {
    const p = exprProblem(rq.visibleIf, known, typeof id === 'string' ? id : null);
    if (p) f('visibleIf', p);
  }
  for (const k of ['minLabel', 'maxLabel']) {
    const v = rq[k];
    if (v !== undefined && (typeof v !== 'string' || v.length > SURVEY_LIMITS.maxLabel)) f(k, `must be a text of at most ${SURVEY_LIMITS.maxLabel} characters`);
  }
  const q: SurveyQuestion = { id: id as string, type, title: rq.title as string };
  if (rq.help !== undefined) q.help = rq.help as string;
  if (rq.required !== undefined) q.required = rq.required as boolean;
  if (rq.visibleIf !== undefined) q.visibleIf = rq.visibleIf as string;
  if (rq.minLabel !== undefined) q.minLabel = rq.minLabel as string;
  if (rq.maxLabel !== undefined) q.maxLabel = rq.maxLabel as string;

  switch (type) {
    case 'rating': {
      const min = rq.min ?? 1;
      const max = rq.max ?? 5;
      if (!isInt(min, 0, SURVEY_LIMITS.maxRating - 1)) f('min', `must be a whole number from 0 to ${SURVEY_LIMITS.maxRating - 1}`);
      else if (!isInt(max, min + 1, SURVEY_LIMITS.maxRating)) f('max', `must be a whole number from ${min + 1} to ${SURVEY_LIMITS.maxRating}`);
      if (rq.style !== undefined && rq.style !== 'stars' && rq.style !== 'numbers') f('style', `unknown style "${String(rq.style)}"; use stars or numbers`);
      Object.assign(q, { min, max, style: rq.style ?? 'stars' });
      break;
    }
    case 'matrix': {
      const rows = rq.rows;
      if (!Array.isArray(rows) || rows.length < 1 || rows.length > SURVEY_LIMITS.maxRows) f('rows', `needs a list of 1 to ${SURVEY_LIMITS.maxRows} rows`);
      else {
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (!isObj(r) || typeof r.id !== 'string' || !ID_RE.test(r.id)) return f(`rows[${i}].id`, 'must start with a letter, then letters, digits, "_" or "-"');
          if (seen.has(r.id)) return f(`rows[${i}].id`, `"${r.id}" is used twice; row ids must be unique`);
          seen.add(r.id);
          if (typeof r.label !== 'string' || r.label.trim() === '' || r.label.length > SURVEY_LIMITS.maxLabel) {
            f(`rows[${i}].label`, `must be 1 to ${SURVEY_LIMITS.maxLabel} characters`);
          }
        });
        q.rows = rows.map((r) => ({ id: (r as { id: string }).id, label: (r as { label: string }).label }));
      }
      const scale = rq.scale;
      if (!Array.isArray(scale) || scale.length < 2 || scale.length > SURVEY_LIMITS.maxScale) f('scale', `needs a list of 2 to ${SURVEY_LIMITS.maxScale} labels, lowest first`);
      else if (scale.some((s) => typeof s !== 'string' || s.trim() === '' || s.length > SURVEY_LIMITS.maxValue)) {
        f('scale', `every label must be a text of 1 to ${SURVEY_LIMITS.maxValue} characters`);
      } else q.scale = [...(scale as string[])];
      break;
    }
    case 'single':
    case 'multiple':
    case 'ranking': {
      const opts = parseOptions(rq.options, type === 'single' ? 1 : 2, f);
      if (opts) q.options = opts;
      if (type === 'multiple' && opts) {
        const { minSelect, maxSelect } = rq;
        if (minSelect !== undefined && !isInt(minSelect, 0, opts.length)) f('minSelect', `must be a whole number from 0 to ${opts.length}`);
        else if (maxSelect !== undefined && !isInt(maxSelect, Math.max(1, (minSelect as number) ?? 0), opts.length)) {
          f('maxSelect', `must be a whole number from ${Math.max(1, (minSelect as number) ?? 0)} to ${opts.length}`);
        }
        if (minSelect !== undefined) q.minSelect = minSelect as number;
        if (maxSelect !== undefined) q.maxSelect = maxSelect as number;
      }
      break;
    }
    case 'text':
    case 'longtext': {
      const top = type === 'text' ? SURVEY_LIMITS.maxText : SURVEY_LIMITS.maxLongText;
      const max = rq.maxLength ?? (type === 'text' ? 200 : 2000);
      const min = rq.minLength ?? 0;
      if (!isInt(max, 1, top)) f('maxLength', `must be a whole number from 1 to ${top}`);
      else if (!isInt(min, 0, max)) f('minLength', `must be a whole number from 0 to ${max} (maxLength)`);
      q.maxLength = max as number;
      if (min) q.minLength = min as number;
      break;
    }
    default:
      break;
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
export const cleanText = (s: string, oneLine: boolean): string => (oneLine ? s.normalize('NFC').replace(/\s+/g, ' ') : s.normalize('NFC').replace(/\r\n?/g, '\n')).trim();

/**
 * Checks and normalizes one answer for its question. Returns the value to store (`v`, absent when
 * unanswered) or the problem (`p`).
 */
export function checkAnswer(q: SurveyQuestion, raw: unknown): { v?: SurveyAnswer; p?: Problem } {
  const bad = { p: { code: 'invalid' as const } };
  let v: SurveyAnswer | undefined;
  if (typeof raw === 'string' && (q.type === 'text' || q.type === 'longtext')) raw = cleanText(raw, q.type === 'text');
  if (!isAnswered(raw)) return q.required ? { p: { code: 'required' } } : {};
  const values = (q.options ?? []).map((o) => o.value);
  switch (q.type) {
    case 'rating':
    case 'nps':
      if (!isInt(raw, q.type === 'nps' ? 0 : q.min!, q.type === 'nps' ? 10 : q.max!)) return bad;
      v = raw;
      break;
    case 'single':
      if (typeof raw !== 'string' || !values.includes(raw)) return bad;
      v = raw;
      break;
    case 'multiple':
    case 'ranking': {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string' || !values.includes(x)) || new Set(raw).size !== raw.length) return bad;
      if (q.type === 'ranking' && raw.length !== values.length) return bad;
      const min = Math.max(q.required ? 1 : 0, q.minSelect ?? 0);
      if (raw.length < min) return { p: { code: 'min', n: min } };
      if (q.maxSelect !== undefined && raw.length > q.maxSelect) return { p: { code: 'max', n: q.maxSelect } };
      v = [...(raw as string[])];
      break;
    }
    case 'text':
    case 'longtext': {
      if (typeof raw !== 'string') return bad;
      const len = [...raw].length;
      if (len > q.maxLength!) return { p: { code: 'max', n: q.maxLength } };
      if (q.minLength && len < q.minLength) return { p: { code: 'min', n: q.minLength } };
      v = raw;
      break;
    }
    case 'matrix': {
      if (!isObj(raw)) return bad;
      const out: Record<string, number> = {};
      for (const [k, x] of Object.entries(raw)) {
        if (!q.rows!.some((r) => r.id === k) || !isInt(x, 1, q.scale!.length)) return bad;
        put(out, k, x);
      }
      if (q.required && Object.keys(out).length < q.rows!.length) return { p: { code: 'rows' } };
      v = out;
      break;
    }
  }
  return { v };
}

/** English text of a problem, for the authority's reject messages and logs. */
export function problemText(q: SurveyQuestion, p: Problem): string {
  const unit = q.type === 'multiple' ? 'choices' : 'characters';
  switch (p.code) {
    case 'required':
      return `Question "${q.id}" needs an answer.`;
    case 'rows':
      return `Question "${q.id}" needs an answer in every row.`;
    case 'min':
      return `Question "${q.id}" needs at least ${p.n} ${unit}.`;
    case 'max':
      return `Question "${q.id}" allows at most ${p.n} ${unit}.`;
    default:
      return `The answer to question "${q.id}" does not fit a ${q.type} question.`;
  }
}

/** Checks every visible answer against the definition. SurveyAnswers to hidden or unknown questions are dropped. */
export function checkAnswers(def: SurveyDefinition, raw: unknown): { answers: SurveyAnswers } | { code: string; message: string } {
  if (!isObj(raw)) return { code: 'invalid_answer', message: 'The answers must be an object of question id -> answer.' };
  const answers: SurveyAnswers = {};
  let first: { q: SurveyQuestion; p: Problem } | null = null;
  walk(def, (q) => {
    const r = checkAnswer(q, own(raw, q.id));
    if (r.p && !first) first = { q, p: r.p };
    if (r.v !== undefined) put(answers, q.id, r.v);
    return r.v;
  });
  if (first) {
    const { q, p } = first as { q: SurveyQuestion; p: Problem };
    return { code: p.code === 'required' || p.code === 'rows' ? 'required_missing' : 'invalid_answer', message: problemText(q, p) };
  }
  return { answers };
}

const isShortString = (v: unknown, max: number): v is string => typeof v === 'string' && [...v].length <= max;

/**
 * Structural check of answers when no definition is published (self-serve survey): question ids,
 * and values that fit some question type. Text is normalized like `checkAnswer` does.
 */
export function checkLooseAnswers(raw: unknown): { answers: SurveyAnswers } | { code: string; message: string } {
  if (!isObj(raw)) return { code: 'invalid_answer', message: 'The answers must be an object of question id -> answer.' };
  const keys = Object.keys(raw);
  if (keys.length > SURVEY_LIMITS.maxQuestions) return { code: 'invalid_answer', message: `At most ${SURVEY_LIMITS.maxQuestions} answers.` };
  const answers: SurveyAnswers = {};
  for (const k of keys) {
    const v = raw[k];
    const fail = { code: 'invalid_answer', message: `The answer to question "${k}" is not a rating, a choice, a list, a text or a matrix row map.` };
    if (!ID_RE.test(k)) return { code: 'invalid_answer', message: `"${k.slice(0, 80)}" is not a question id.` };
    if (typeof v === 'number') {
      if (!isInt(v, 0, 10)) return fail;
      put<SurveyAnswer>(answers, k, v);
    } else if (typeof v === 'string') {
      const s = cleanText(v, false);
      if ([...s].length > SURVEY_LIMITS.maxLongText) return { code: 'invalid_answer', message: `The answer to question "${k}" is too long.` };
      if (s) put<SurveyAnswer>(answers, k, s);
    } else if (Array.isArray(v)) {
      if (v.length > SURVEY_LIMITS.maxOptions || !v.every((x) => isShortString(x, SURVEY_LIMITS.maxValue) && x !== '') || new Set(v).size !== v.length) return fail;
      if (v.length) put<SurveyAnswer>(answers, k, [...v]);
    } else if (isObj(v)) {
      const rows = Object.entries(v);
      if (rows.length > SURVEY_LIMITS.maxRows || !rows.every(([r, x]) => ID_RE.test(r) && isInt(x, 1, SURVEY_LIMITS.maxScale))) return fail;
      const out: Record<string, number> = {};
      for (const [r, x] of rows) put(out, r, x as number);
      if (rows.length) put<SurveyAnswer>(answers, k, out);
    } else return fail;
  }
  return { answers };
}

/** Checks the context of a response; returns a clean copy or an English problem. */
export function checkContext(raw: unknown): { room: string; session: string; hidden: Record<string, string> } | string {
  if (!isObj(raw)) return 'The response needs a context {room, session, hidden}.';
  const { room, session, hidden } = raw;
  if (!isShortString(room, SURVEY_LIMITS.maxRoom)) return `The context room must be text of at most ${SURVEY_LIMITS.maxRoom} characters.`;
  if (!isShortString(session, SURVEY_LIMITS.maxSession)) return `The context session must be text of at most ${SURVEY_LIMITS.maxSession} characters.`;
  if (!isObj(hidden) || Object.keys(hidden).length > SURVEY_LIMITS.maxHidden) return `Hidden fields must be an object of at most ${SURVEY_LIMITS.maxHidden} fields.`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(hidden)) {
    if (!ID_RE.test(k) || !isShortString(v, SURVEY_LIMITS.maxHiddenValue)) return `Hidden field "${k.slice(0, 80)}" needs a usable name and a text of at most ${SURVEY_LIMITS.maxHiddenValue} characters.`;
    put(out, k, v);
  }
  return { room, session, hidden: out };
}

/** All questions of a definition, in order. */
export const allQuestions = (def: SurveyDefinition): SurveyQuestion[] => def.pages.flatMap((p) => p.questions);
