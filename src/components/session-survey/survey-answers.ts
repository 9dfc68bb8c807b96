/**
 * Survey answers: the walk that decides which pages and questions are visible, the check of one
 * answer against its question, of a whole response, of answers without a definition (self-serve),
 * and of a response's context. Used by the view (validation messages) and by the model (the
 * authority's checks).
 */
import { isObj, put } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { compileExpr, ExprError, evalExpr, isAnswered, own } from './survey-expr.js';
import { ID_RE, isInt, SURVEY_LIMITS } from './survey-limits.js';
import type { SurveyAnswer, SurveyAnswers, SurveyDefinition, SurveyQuestion } from './survey-types.js';

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
