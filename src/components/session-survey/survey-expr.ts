/**
 * The `visibleIf` expression language: a tokenizer, a recursive-descent parser that builds a small
 * tree, and an evaluator that walks the tree over the answers. Nothing is ever executed: there is
 * no eval, no `new Function`, no property access on anything but the answers' own keys, and the
 * only callable name is `answered(…)`. Grammar and semantics: docs/survey-schema.md.
 *
 *   expr    := and ( ('or' | '||') and )*
 *   and     := not ( ('and' | '&&') not )*
 *   not     := ('not' | '!') not | compare
 *   compare := value ( ('=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains') value )?
 *   value   := '(' expr ')' | 'answered' '(' ref ')' | number | string | 'true' | 'false' | ref
 *   ref     := question-id ( '.' row-id )?
 */
import { isObj } from '../../core/protocol/records.js';

/** Limits that keep hostile input cheap to refuse. */
export const EXPR_LIMITS = {
  /** Longest expression in characters. */
  maxLength: 1000,
  /** Most tokens. */
  maxTokens: 200,
  /** Deepest nesting of parentheses and `not`. */
  maxDepth: 20,
} as const;

/** A comparison operator. */
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

/** A parsed expression. */
export type Expr =
  | { t: 'or' | 'and'; a: Expr; b: Expr }
  | { t: 'not'; a: Expr }
  | { t: 'cmp'; op: CmpOp; a: Expr; b: Expr }
  | { t: 'answered'; id: string; row?: string }
  | { t: 'ref'; id: string; row?: string }
  | { t: 'lit'; v: string | number | boolean };

/** Why an expression was refused, with the character position (0-based) where it went wrong. */
export class ExprError extends Error {
  constructor(
    message: string,
    /** Position in the source. */
    readonly pos: number,
  ) {
    super(message);
    this.name = 'ExprError';
  }
}

/** Words with a meaning in expressions; they cannot be question ids. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'contains', 'answered']);

interface Token {
  /** n number, s string, i identifier/keyword, p punctuation/operator, e end */
  k: string;
  v: string;
  p: number;
}

/** One token (a number, a quoted text, a name or an operator), whitespace, or any other character. */
const TOKEN = /(-?\d{1,15}(?:\.\d{1,15})?)|(["'])((?:\\[^]|(?!\2)[^\\])*)\2|([A-Za-z_][\w-]*)|(==|!=|<=|>=|&&|\|\||[=<>!().])|(\s+)|([^])/y;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  // The last alternative takes any character, so every step matches until the end.
  while (TOKEN.lastIndex < src.length) {
    const m = TOKEN.exec(src)!;
    const [, n, , s, i, op, space, other] = m;
    const p = m.index;
    if (space) continue;
    if (out.length >= EXPR_LIMITS.maxTokens) throw new ExprError(`too many parts (more than ${EXPR_LIMITS.maxTokens})`, p);
    if (other)
      throw new ExprError(other === '"' || other === "'" ? 'a text in quotes is not closed' : `unexpected character "${other}"`, p);
    if (i?.length > 64) throw new ExprError('a name is longer than 64 characters', p);
    out.push(n ? { k: 'n', v: n, p } : i ? { k: 'i', v: i, p } : op ? { k: 'p', v: op, p } : { k: 's', v: s.replace(/\\([^])/g, '$1'), p });
  }
  out.push({ k: 'e', v: '', p: src.length });
  return out;
}

const CMP = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains'];

/** Parses an expression; throws ExprError with a readable message on anything outside the grammar. */
export function parseExpr(src: string): Expr {
  if (typeof src !== 'string') throw new ExprError('an expression must be text', 0);
  if (src.length > EXPR_LIMITS.maxLength)
    throw new ExprError(`too long (more than ${EXPR_LIMITS.maxLength} characters)`, EXPR_LIMITS.maxLength);
  const toks = tokenize(src);
  let at = 0;
  let depth = 0;
  const peek = () => toks[at];
  // Names and operators only: a quoted 'and' is text, never a keyword.
  const is = (...vs: string[]) => peek().k !== 's' && vs.includes(peek().v);
  const fail = (what: string): never => {
    const t = peek();
    throw new ExprError(`expected ${what} but found ${t.k === 'e' ? 'the end' : `"${t.k === 's' ? `'${t.v}'` : t.v}"`}`, t.p);
  };
  const need = (v: string, what = `"${v}"`) => {
    if (!is(v)) fail(what);
    at++;
  };
  const deeper = () => {
    if (++depth > EXPR_LIMITS.maxDepth) throw new ExprError(`nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, peek().p);
    at++;
  };
  const ref = (): { id: string; row?: string } => {
    const t = peek();
    if (t.k !== 'i' || KEYWORDS.has(t.v)) fail('a question id');
    at++;
    const r: { id: string; row?: string } = { id: t.v };
    if (is('.')) {
      at++;
      if (peek().k !== 'i') fail('a row id after "."');
      r.row = toks[at++].v;
    }
    if (is('(')) throw new ExprError(`"${t.v}(" is not allowed: the only function is answered(question)`, peek().p);
    return r;
  };
  const value = (): Expr => {
    const t = peek();
    if (is('(')) {
      deeper();
      const e = chain(0);
      need(')');
      depth--;
      return e;
    }
    if (t.k === 'n' || t.k === 's' || is('true', 'false')) {
      at++;
      return { t: 'lit', v: t.k === 'n' ? Number(t.v) : t.k === 's' ? t.v : t.v === 'true' };
    }
    if (is('answered')) {
      at++;
      need('(', '"(" after answered');
      const r = ref();
      need(')');
      return { t: 'answered', ...r };
    }
    return t.k === 'i' && !KEYWORDS.has(t.v)
      ? { t: 'ref', ...ref() }
      : fail('a question id, a number, a text in quotes, answered(…) or "("');
  };
  const cmpOp = () => (is(...CMP) ? (peek().v.replace('==', '=') as CmpOp) : undefined);
  const not = (): Expr => {
    if (is('not', '!')) {
      deeper();
      const a = not();
      depth--;
      return { t: 'not', a };
    }
    const a = value();
    const op = cmpOp();
    if (!op) return a;
    at++;
    const b = value();
    if (cmpOp()) throw new ExprError('comparisons cannot be chained; join them with and/or', peek().p);
    return { t: 'cmp', op, a, b };
  };
  /** Level 0: `or` of level 1; level 1: `and` of `not`. */
  const chain = (level: number): Expr => {
    const next = () => (level ? not() : chain(1));
    let e = next();
    while (is(...(level ? ['and', '&&'] : ['or', '||']))) {
      at++;
      e = { t: level ? 'and' : 'or', a: e, b: next() };
    }
    return e;
  };
  const e = chain(0);
  if (peek().k !== 'e') fail('and, or, a comparison or the end');
  return e;
}

/** Question ids an expression reads. */
export function exprRefs(e: Expr, out: string[] = []): string[] {
  if (e.t === 'ref' || e.t === 'answered') out.push(e.id);
  else if (e.t === 'not') exprRefs(e.a, out);
  else if (e.t !== 'lit') exprRefs(e.b, exprRefs(e.a, out));
  return out;
}

type Val = string | number | boolean | null | unknown[] | Record<string, unknown>;

/** Own property read: answers are keyed by user input, so inherited names never count. */
export const own = (rec: unknown, key: string): unknown => (isObj(rec) && Object.hasOwn(rec, key) ? rec[key] : undefined);

/** True when a value counts as an answer: not missing, not blank text, not an empty list or object. */
export function isAnswered(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return typeof v === 'number' ? Number.isFinite(v) : v === true;
}

const num = (v: Val): number => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN);

function eq(a: Val, b: Val): boolean {
  if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  const x = num(a);
  const y = num(b);
  return !Number.isNaN(x) && !Number.isNaN(y) ? x === y : String(a) === String(b);
}

function compare(op: CmpOp, a: Val, b: Val): boolean {
  switch (op) {
    case '=':
      return eq(a, b);
    case '!=':
      return !eq(a, b);
    case 'contains':
      if (Array.isArray(a)) return a.some((x) => eq(x as Val, b));
      return typeof a === 'string' && (typeof b === 'string' || typeof b === 'number') && a.toLowerCase().includes(String(b).toLowerCase());
    default: {
      // Not two numbers: NaN, and every comparison with NaN is false.
      const x = num(a);
      const y = num(b);
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
  }
}

function val(e: Expr, answers: Record<string, unknown>): Val {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'ref':
    case 'answered': {
      let v = own(answers, e.id);
      if (e.row !== undefined) v = own(v, e.row);
      const x = (v ?? null) as Val;
      return e.t === 'ref' ? x : isAnswered(x);
    }
    case 'not':
      return !truthy(val(e.a, answers));
    case 'and':
      return truthy(val(e.a, answers)) && truthy(val(e.b, answers));
    case 'or':
      return truthy(val(e.a, answers)) || truthy(val(e.b, answers));
    case 'cmp':
      return compare(e.op, val(e.a, answers), val(e.b, answers));
  }
}

const truthy = (v: Val): boolean => (typeof v === 'boolean' ? v : isAnswered(v));

/**
 * Evaluates a parsed expression over answers (question id -> answer). A bare value counts as true
 * when it is answered. Unknown ids read as unanswered. Never throws on a tree `parseExpr` built.
 */
export function evalExpr(e: Expr, answers: Record<string, unknown>): boolean {
  return truthy(val(e, answers));
}

const cache = new Map<string, Expr | ExprError>();

/** Parses with a small cache (definitions are evaluated on every keystroke). Returns the error instead of throwing. */
export function compileExpr(src: string): Expr | ExprError {
  let hit = cache.get(src);
  if (!hit) {
    try {
      hit = parseExpr(src);
    } catch (err) {
      hit = err instanceof ExprError ? err : new ExprError(String(err), 0);
    }
    if (cache.size > 500) cache.clear();
    cache.set(src, hit);
  }
  return hit;
}
