/**
 * The `visibleIf` expression language: a tokenizer, a recursive-descent parser that builds a small
 * tree, and an evaluator that walks the tree over the answers. Nothing is ever executed: there is
 * no eval, no `new Function`, no property access on anything but the answers' own keys, and the
 * only callable name is `answered(…)`. Grammar and semantics: docs/survey-schema.md.
 *
 *   or        := and ( ('or' | '||') and )*
 *   and       := not ( ('and' | '&&') not )*
 *   not       := ('not' | '!') not | compare
 *   compare   := value ( ('=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains') value )?
 *   value     := '(' or ')' | 'answered' '(' reference ')' | number | text | 'true' | 'false' | reference
 *   reference := question-id ( '.' row-id )?
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
export type CompareOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

/** A parsed expression: one node of the tree `parseExpr` builds. */
export type Expr =
  | { type: 'or' | 'and'; left: Expr; right: Expr }
  | { type: 'not'; operand: Expr }
  | { type: 'compare'; operator: CompareOperator; left: Expr; right: Expr }
  /** `answered(question)` or `answered(question.row)`: true when it has an answer. */
  | { type: 'answered'; question: string; row?: string }
  /** `question` or `question.row`: the answer itself. */
  | { type: 'answer'; question: string; row?: string }
  | { type: 'literal'; value: string | number | boolean };

/** Why an expression was refused, with the character position (0-based) where it went wrong. */
export class ExprError extends Error {
  constructor(
    message: string,
    /** Position in the source. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExprError';
  }
}

/** Words with a meaning in expressions; they cannot be question ids. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'contains', 'answered']);

/** One token of the source: what kind it is, its text (quotes and escapes removed) and where it starts. */
interface Token {
  kind: 'number' | 'text' | 'name' | 'symbol' | 'end';
  text: string;
  position: number;
}

/** One token (a number, a quoted text, a name or a symbol), whitespace, or any other character. */
const TOKEN = /(-?\d{1,15}(?:\.\d{1,15})?)|(["'])((?:\\[^]|(?!\2)[^\\])*)\2|([A-Za-z_][\w-]*)|(==|!=|<=|>=|&&|\|\||[=<>!().])|(\s+)|([^])/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  // The last alternative takes any character, so every step matches until the end.
  while (TOKEN.lastIndex < source.length) {
    const match = TOKEN.exec(source)!;
    const [, number, , quoted, name, symbol, space, other] = match;
    const position = match.index;
    if (space) continue;
    if (tokens.length >= EXPR_LIMITS.maxTokens) throw new ExprError(`too many parts (more than ${EXPR_LIMITS.maxTokens})`, position);
    if (other)
      throw new ExprError(other === '"' || other === "'" ? 'a text in quotes is not closed' : `unexpected character "${other}"`, position);
    if (name?.length > 64) throw new ExprError('a name is longer than 64 characters', position);
    if (number) tokens.push({ kind: 'number', text: number, position });
    else if (name) tokens.push({ kind: 'name', text: name, position });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol, position });
    else tokens.push({ kind: 'text', text: quoted.replace(/\\([^])/g, '$1'), position });
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

const COMPARE_OPERATORS = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains'];

/** Parses an expression; throws ExprError with a readable message on anything outside the grammar. */
export function parseExpr(source: string): Expr {
  if (typeof source !== 'string') throw new ExprError('an expression must be text', 0);
  if (source.length > EXPR_LIMITS.maxLength)
    throw new ExprError(`too long (more than ${EXPR_LIMITS.maxLength} characters)`, EXPR_LIMITS.maxLength);
  const tokens = tokenize(source);
  let next = 0;
  let depth = 0;
  const current = (): Token => tokens[next];
  // Names and symbols only: a quoted 'and' is text, never a keyword.
  const currentIs = (...words: string[]): boolean => current().kind !== 'text' && words.includes(current().text);
  const expected = (what: string): never => {
    const token = current();
    const found = token.kind === 'end' ? 'the end' : `"${token.kind === 'text' ? `'${token.text}'` : token.text}"`;
    throw new ExprError(`expected ${what} but found ${found}`, token.position);
  };
  const skip = (word: string, what = `"${word}"`): void => {
    if (!currentIs(word)) expected(what);
    next++;
  };
  const enterNested = (): void => {
    if (++depth > EXPR_LIMITS.maxDepth)
      throw new ExprError(`nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, current().position);
    next++;
  };

  /** reference := question-id ( '.' row-id )? */
  const parseReference = (): { question: string; row?: string } => {
    const token = current();
    if (token.kind !== 'name' || KEYWORDS.has(token.text)) expected('a question id');
    next++;
    const reference: { question: string; row?: string } = { question: token.text };
    if (currentIs('.')) {
      next++;
      if (current().kind !== 'name') expected('a row id after "."');
      reference.row = tokens[next++].text;
    }
    if (currentIs('(')) throw new ExprError(`"${token.text}(" is not allowed: the only function is answered(question)`, current().position);
    return reference;
  };

  /** value := '(' or ')' | 'answered' '(' reference ')' | number | text | 'true' | 'false' | reference */
  const parseValue = (): Expr => {
    const token = current();
    if (currentIs('(')) {
      enterNested();
      const inner = parseOr();
      skip(')');
      depth--;
      return inner;
    }
    if (token.kind === 'number' || token.kind === 'text' || currentIs('true', 'false')) {
      next++;
      const value = token.kind === 'number' ? Number(token.text) : token.kind === 'text' ? token.text : token.text === 'true';
      return { type: 'literal', value };
    }
    if (currentIs('answered')) {
      next++;
      skip('(', '"(" after answered');
      const reference = parseReference();
      skip(')');
      return { type: 'answered', ...reference };
    }
    if (token.kind === 'name' && !KEYWORDS.has(token.text)) return { type: 'answer', ...parseReference() };
    return expected('a question id, a number, a text in quotes, answered(…) or "("');
  };

  const compareOperator = (): CompareOperator | undefined =>
    currentIs(...COMPARE_OPERATORS) ? (current().text.replace('==', '=') as CompareOperator) : undefined;

  /** not := ('not' | '!') not | value ( compare-operator value )? */
  const parseNot = (): Expr => {
    if (currentIs('not', '!')) {
      enterNested();
      const operand = parseNot();
      depth--;
      return { type: 'not', operand };
    }
    const left = parseValue();
    const operator = compareOperator();
    if (!operator) return left;
    next++;
    const right = parseValue();
    if (compareOperator()) throw new ExprError('comparisons cannot be chained; join them with and/or', current().position);
    return { type: 'compare', operator, left, right };
  };

  /** operand ( word operand )*, grouped to the left: `and` of nots, `or` of ands. */
  const parseJoined = (type: 'and' | 'or', words: string[], parseOperand: () => Expr): Expr => {
    let left = parseOperand();
    while (currentIs(...words)) {
      next++;
      left = { type, left, right: parseOperand() };
    }
    return left;
  };
  /** and := not ( ('and' | '&&') not )* */
  const parseAnd = (): Expr => parseJoined('and', ['and', '&&'], parseNot);
  /** or := and ( ('or' | '||') and )* */
  const parseOr = (): Expr => parseJoined('or', ['or', '||'], parseAnd);

  const tree = parseOr();
  if (current().kind !== 'end') expected('and, or, a comparison or the end');
  return tree;
}

/** A reference an expression reads: `question` or `question.row`. */
export type ExprReference = { question: string; row?: string };

/** The references an expression reads, left to right. */
export function exprReferences(expr: Expr, found: ExprReference[] = []): ExprReference[] {
  switch (expr.type) {
    case 'answer':
    case 'answered':
      found.push(expr);
      break;
    case 'not':
      exprReferences(expr.operand, found);
      break;
    case 'and':
    case 'or':
    case 'compare':
      exprReferences(expr.right, exprReferences(expr.left, found));
      break;
  }
  return found;
}

/** Question ids an expression reads. */
export function exprRefs(expr: Expr, questions: string[] = []): string[] {
  for (const reference of exprReferences(expr)) questions.push(reference.question);
  return questions;
}

/** What an expression's value can be: a literal, or an answer (text, number, list, row map). */
type Value = string | number | boolean | null | unknown[] | Record<string, unknown>;

/** Own property read: answers are keyed by user input, so inherited names never count. */
export const own = (record: unknown, key: string): unknown => (isObj(record) && Object.hasOwn(record, key) ? record[key] : undefined);

/** True when a value counts as an answer: not missing, not blank text, not an empty list or object. */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return typeof value === 'number' ? Number.isFinite(value) : value === true;
}

/** A number, or a text that is one; NaN otherwise. */
const asNumber = (value: Value): number =>
  typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;

/** `=`: numbers by value (a number and its text are equal), booleans and lists by identity, text as text. */
function areEqual(left: Value, right: Value): boolean {
  if (left === null || right === null || typeof left === 'object' || typeof right === 'object') return left === right;
  if (typeof left === 'boolean' || typeof right === 'boolean') return left === right;
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  return !Number.isNaN(leftNumber) && !Number.isNaN(rightNumber) ? leftNumber === rightNumber : String(left) === String(right);
}

function compare(operator: CompareOperator, left: Value, right: Value): boolean {
  switch (operator) {
    case '=':
      return areEqual(left, right);
    case '!=':
      return !areEqual(left, right);
    case 'contains':
      if (Array.isArray(left)) return left.some((item) => areEqual(item as Value, right));
      return (
        typeof left === 'string' &&
        (typeof right === 'string' || typeof right === 'number') &&
        left.toLowerCase().includes(String(right).toLowerCase())
      );
    default: {
      // Not two numbers: NaN, and every comparison with NaN is false.
      const leftNumber = asNumber(left);
      const rightNumber = asNumber(right);
      if (operator === '<') return leftNumber < rightNumber;
      if (operator === '<=') return leftNumber <= rightNumber;
      if (operator === '>') return leftNumber > rightNumber;
      return leftNumber >= rightNumber;
    }
  }
}

function valueOf(expr: Expr, answers: Record<string, unknown>): Value {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'answer':
    case 'answered': {
      let answer = own(answers, expr.question);
      if (expr.row !== undefined) answer = own(answer, expr.row);
      const value = (answer ?? null) as Value;
      return expr.type === 'answer' ? value : isAnswered(value);
    }
    case 'not':
      return !isTrue(valueOf(expr.operand, answers));
    case 'and':
      return isTrue(valueOf(expr.left, answers)) && isTrue(valueOf(expr.right, answers));
    case 'or':
      return isTrue(valueOf(expr.left, answers)) || isTrue(valueOf(expr.right, answers));
    case 'compare':
      return compare(expr.operator, valueOf(expr.left, answers), valueOf(expr.right, answers));
  }
}

/** A boolean as it is; any other value is true when it is an answer. */
const isTrue = (value: Value): boolean => (typeof value === 'boolean' ? value : isAnswered(value));

/**
 * Evaluates a parsed expression over answers (question id -> answer). A bare value counts as true
 * when it is answered. Unknown ids read as unanswered. Never throws on a tree `parseExpr` built.
 */
export function evalExpr(expr: Expr, answers: Record<string, unknown>): boolean {
  return isTrue(valueOf(expr, answers));
}

const cache = new Map<string, Expr | ExprError>();

/** Parses with a small cache (definitions are evaluated on every keystroke). Returns the error instead of throwing. */
export function compileExpr(source: string): Expr | ExprError {
  let parsed = cache.get(source);
  if (!parsed) {
    try {
      parsed = parseExpr(source);
    } catch (err) {
      parsed = err instanceof ExprError ? err : new ExprError(String(err), 0);
    }
    if (cache.size > 500) cache.clear();
    cache.set(source, parsed);
  }
  return parsed;
}
