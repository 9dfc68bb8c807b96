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
  k: 'n' | 's' | 'i' | 'p' | 'e';
  v: string;
  p: number;
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '!', '(', ')', '.'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (out.length >= EXPR_LIMITS.maxTokens) throw new ExprError(`too many parts (more than ${EXPR_LIMITS.maxTokens})`, i);
    const rest = src.slice(i, i + 2);
    const num = /^-?\d{1,15}(\.\d{1,15})?/.exec(src.slice(i, i + 32));
    if (num && (c !== '-' || /\d/.test(src[i + 1] ?? ''))) {
      out.push({ k: 'n', v: num[0], p: i });
      i += num[0].length;
    } else if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        v += src[j];
      }
      if (j >= src.length) throw new ExprError('a text in quotes is not closed', i);
      out.push({ k: 's', v, p: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i, i + 65))![0];
      if (id.length > 64) throw new ExprError('a name is longer than 64 characters', i);
      out.push({ k: 'i', v: id, p: i });
      i += id.length;
    } else {
      const op = OPS.find((o) => rest.startsWith(o));
      if (!op) throw new ExprError(`unexpected character "${c}"`, i);
      out.push({ k: 'p', v: op, p: i });
      i += op.length;
    }
  }
  out.push({ k: 'e', v: '', p: src.length });
  return out;
}

const CMP: Record<string, CmpOp> = { '=': '=', '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', contains: 'contains' };

/** Parses an expression; throws ExprError with a readable message on anything outside the grammar. */
export function parseExpr(src: string): Expr {
  if (typeof src !== 'string') throw new ExprError('an expression must be text', 0);
  if (src.length > EXPR_LIMITS.maxLength) throw new ExprError(`too long (more than ${EXPR_LIMITS.maxLength} characters)`, EXPR_LIMITS.maxLength);
  const toks = tokenize(src);
  let at = 0;
  let depth = 0;
  const peek = () => toks[at];
  const is = (...vs: string[]) => (peek().k === 'p' || peek().k === 'i') && vs.includes(peek().v);
  const show = (t: Token) => (t.k === 'e' ? 'the end' : `"${t.k === 's' ? `'${t.v}'` : t.v}"`);
  const fail = (what: string): never => {
    throw new ExprError(`expected ${what} but found ${show(peek())}`, peek().p);
  };
  const deeper = () => {
    if (++depth > EXPR_LIMITS.maxDepth) throw new ExprError(`nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, peek().p);
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
      at++;
      const e = or();
      if (!is(')')) fail('")"');
      at++;
      depth--;
      return e;
    }
    if (t.k === 'n') {
      at++;
      return { t: 'lit', v: Number(t.v) };
    }
    if (t.k === 's') {
      at++;
      return { t: 'lit', v: t.v };
    }
    if (is('true', 'false')) {
      at++;
      return { t: 'lit', v: t.v === 'true' };
    }
    if (is('answered')) {
      at++;
      if (!is('(')) fail('"(" after answered');
      at++;
      const r = ref();
      if (!is(')')) fail('")"');
      at++;
      return { t: 'answered', ...r };
    }
    if (t.k === 'i' && !KEYWORDS.has(t.v)) return { t: 'ref', ...ref() };
    return fail('a question id, a number, a text in quotes, answered(…) or "("');
  };
  const cmpOp = (): CmpOp | undefined => {
    const t = peek();
    return (t.k === 'p' || (t.k === 'i' && t.v === 'contains')) && Object.hasOwn(CMP, t.v) ? CMP[t.v] : undefined;
  };
  const compare = (): Expr => {
    const a = value();
    const op = cmpOp();
    if (!op) return a;
    at++;
    const b = value();
    if (cmpOp()) throw new ExprError('comparisons cannot be chained; join them with and/or', peek().p);
    return { t: 'cmp', op, a, b };
  };
  const not = (): Expr => {
    if (is('not', '!')) {
      deeper();
      at++;
      const a = not();
      depth--;
      return { t: 'not', a };
    }
    return compare();
  };
  const chain = (words: string[], next: () => Expr, t: 'and' | 'or'): Expr => {
    let e = next();
    while (is(...words)) {
      at++;
      e = { t, a: e, b: next() };
    }
    return e;
  };
  const and = () => chain(['and', '&&'], not, 'and');
  const or = (): Expr => chain(['or', '||'], and, 'or');
  const e = or();
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

const own = (rec: unknown, key: string): unknown =>
  typeof rec === 'object' && rec !== null && !Array.isArray(rec) && Object.hasOwn(rec, key) ? (rec as Record<string, unknown>)[key] : undefined;

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
      const x = num(a);
      const y = num(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return false;
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
