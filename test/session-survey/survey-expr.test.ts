// The visibleIf expression language: grammar, semantics over answers, and hostile input that must be
// refused without anything being executed.
import { expect } from '@open-wc/testing';
import {
  compileExpr,
  EXPR_LIMITS,
  evalExpr,
  ExprError,
  exprRefs,
  isAnswered,
  parseExpr,
  type Expr,
} from '../../src/components/session-survey/survey-expr.js';

const answers = {
  role: 'manager',
  nps: 9,
  rating: 3,
  topics: ['a11y', 'budgets'],
  comment: '  ',
  feedback: 'Loved the Exercises',
  grid: { pace: 4, clarity: 2 },
  zero: 0,
};
const ev = (src: string, a: Record<string, unknown> = answers) => evalExpr(parseExpr(src), a);

/** Expects `src` to be refused with a message matching `re`. */
function refused(src: string, re: RegExp): ExprError {
  let err: unknown;
  try {
    parseExpr(src);
  } catch (e) {
    err = e;
  }
  expect(err, `"${src.slice(0, 60)}" must be refused`).to.be.instanceOf(ExprError);
  expect((err as ExprError).message).to.match(re);
  return err as ExprError;
}

describe('survey expression language', () => {
  describe('evaluation', () => {
    const cases: Array<[string, boolean]> = [
      ["role = 'manager'", true],
      ['role == "manager"', true],
      ["role != 'manager'", false],
      ['nps >= 9', true],
      ['nps > 9', false],
      ['nps < 7 or rating <= 3', true],
      ['nps >= 9 and rating >= 4', false],
      ['nps >= 9 && rating = 3', true],
      ["not (role = 'manager')", false],
      ['!answered(comment)', true],
      ['answered(feedback) and not answered(missing)', true],
      ['answered(grid.pace) and grid.clarity < 3', true],
      ['answered(grid.other)', false],
      ["topics contains 'a11y'", true],
      ["topics contains 'coaching'", false],
      ["feedback contains 'exercises'", true],
      ['rating = "3"', true],
      ['missing = 0', false],
      ['missing != 0', true],
      ['missing > 0 or missing <= 0', false],
      ['zero', true],
      ['missing', false],
      ['true and not false', true],
      ['(((nps = 9)))', true],
      ['nps = 9 or nps = 10 and rating = 1', true],
      ['(nps = 9 or nps = 10) and rating = 1', false],
      ['rating >= -1', true],
      ["role = 'It\\'s'", false],
    ];
    for (const [src, want] of cases) {
      it(`${src} → ${want}`, () => expect(ev(src)).to.equal(want));
    }

    it('and binds tighter than or; not tighter than and', () => {
      expect(parseExpr('a or b and c')).to.deep.equal({
        type: 'or',
        left: { type: 'answer', question: 'a' },
        right: { type: 'and', left: { type: 'answer', question: 'b' }, right: { type: 'answer', question: 'c' } },
      });
      expect(parseExpr('not a and b').type).to.equal('and');
    });

    it('lists the questions an expression reads', () => {
      expect(exprRefs(parseExpr("answered(a) and (b.row > 2 or c = 'x')"))).to.deep.equal(['a', 'b', 'c']);
    });

    it('answered() follows the documented rules', () => {
      expect([undefined, null, '', '  ', [], {}].map(isAnswered)).to.deep.equal([false, false, false, false, false, false]);
      expect([0, 'x', ['a'], { r: 1 }].map(isAnswered)).to.deep.equal([true, true, true, true]);
    });
  });

  describe('authoring mistakes give readable errors with a position', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /expected a question id.*found the end/],
      ['nps >=', /expected a question id.*found the end/],
      ['(nps = 9', /expected "\)"/],
      ['nps = 9)', /expected and, or, a comparison or the end but found "\)"/],
      ["role = 'manager", /not closed/],
      ['nps = 9 = 9', /cannot be chained/],
      ['a # b', /unexpected character "#"/],
      ['answered nps', /"\(" after answered/],
      ['and = 1', /expected a question id/],
      ['grid.', /row id after "\."/],
    ];
    for (const [src, re] of cases) {
      it(JSON.stringify(src), () => {
        const err = refused(src, re);
        expect(err.position).to.be.a('number');
      });
    }
  });

  describe('hostile expressions are refused and never execute', () => {
    let fnCalls = 0;
    const RealFunction = globalThis.Function;
    beforeEach(() => {
      fnCalls = 0;
      // Watch the Function constructor: nothing here may reach it.
      (globalThis as { Function: unknown }).Function = new Proxy(RealFunction, {
        apply: (t, self, args) => (fnCalls++, Reflect.apply(t, self, args)),
        construct: (t, args) => (fnCalls++, Reflect.construct(t, args)),
      });
      delete (window as { __pwned?: unknown }).__pwned;
    });
    afterEach(() => {
      (globalThis as { Function: unknown }).Function = RealFunction;
      expect(fnCalls, 'the Function constructor was never called').to.equal(0);
      expect((window as { __pwned?: unknown }).__pwned, 'no injected code ran').to.equal(undefined);
    });

    it('constructor.constructor("…")() is not a call', () => {
      refused("constructor.constructor('window.__pwned=1')()", /"constructor\(" is not allowed: the only function is answered/);
    });

    it('a call on any name other than answered is refused', () => {
      refused("alert('x')", /"alert\(" is not allowed/);
      refused('answered(x)(1)', /expected and, or, a comparison or the end but found "\("/);
      refused("eval('window.__pwned=1')", /"eval\(" is not allowed/);
    });

    it('property paths deeper than question.row, brackets and arithmetic are refused', () => {
      refused('__proto__.polluted.x = 1', /expected and, or, a comparison or the end but found "\."/);
      refused("grid['pace'] = 1", /unexpected character "\["/);
      refused('nps + 1 > 2', /unexpected character "\+"/);
      refused('window.__pwned = 1; 1', /unexpected character ";"/);
      refused('`x${1}`', /unexpected character "`"/);
    });

    it("__proto__, constructor and prototype read only the answers' own keys", () => {
      const proto = parseExpr('answered(__proto__) or answered(constructor) or constructor.name = "Object" or answered(toString)');
      expect(evalExpr(proto, {})).to.equal(false);
      expect(evalExpr(parseExpr('__proto__ = 1'), JSON.parse('{"__proto__": 1}'))).to.equal(
        true,
        'an own key named __proto__ is just data',
      );
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('deep nesting is refused before it can exhaust the stack', () => {
      refused(`${'('.repeat(EXPR_LIMITS.maxDepth + 1)}a${')'.repeat(EXPR_LIMITS.maxDepth + 1)}`, /nested too deeply/);
      refused(`${'not '.repeat(EXPR_LIMITS.maxDepth + 1)}a`, /nested too deeply/);
      refused('('.repeat(5000), /too long|too many|nested too deeply/);
      expect(ev(`${'('.repeat(EXPR_LIMITS.maxDepth)}nps = 9${')'.repeat(EXPR_LIMITS.maxDepth)}`)).to.equal(true);
    });

    it('huge input is refused at once', () => {
      const t0 = performance.now();
      refused('a or '.repeat(100_000) + 'a', /too long/);
      refused(`'${'x'.repeat(2_000_000)}'`, /too long/);
      refused(`${'!'.repeat(EXPR_LIMITS.maxTokens + 1)}a`, /too many parts/);
      // Refused by the length checks before anything is parsed, in milliseconds; the bound is loose so
      // a busy CI machine does not fail it, while a parser that read 2 MB first would still trip it.
      expect(performance.now() - t0).to.be.below(1000);
    });

    it('non-text input is refused', () => {
      expect(() => parseExpr({ toString: () => 'a' } as unknown as string)).to.throw(ExprError, /must be text/);
    });

    it('compileExpr returns the error instead of throwing, and caches', () => {
      const bad = compileExpr('constructor()');
      expect(bad).to.be.instanceOf(ExprError);
      const good = compileExpr('nps > 1') as Expr;
      expect(compileExpr('nps > 1')).to.equal(good);
    });
  });
});
