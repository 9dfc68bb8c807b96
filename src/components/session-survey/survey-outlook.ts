/**
 * What lies ahead of a survey form, so its button can say what pressing it does (issue #12):
 * "Next" while another page follows, "Send answers" on the last one. Visibility comes from the
 * current answers (`walk`), with one refinement for pages whose condition cannot be decided yet.
 */
import { compileExpr, exprRefs, ExprError, isAnswered, own } from './survey-expr.js';
import { checkAnswer, walk, type Problem, type Visibility } from './survey-schema.js';
import type { SurveyDefinition, SurveyPage } from './survey-types.js';

/**
 * Hidden pages that may still appear: their condition (the page's `visibleIf` or those of its
 * questions, followed through hidden questions they read) reads a required question that is shown
 * and not answered yet. Such a page is undecided, not hidden: the form cannot be sent before that
 * question is answered, and its answer decides whether the page comes. A condition on an optional
 * question left blank is decided by the blank: pressing the button then does what it says.
 */
export function pendingPages(def: SurveyDefinition, answers: Record<string, unknown>, vis: Visibility): number[] {
  const where = new Map(def.pages.flatMap((pg) => pg.questions.map((q) => [q.id, { q, pg }] as const)));
  const refs = (src: string | undefined): string[] => {
    const e = src === undefined ? null : compileExpr(src);
    return e && !(e instanceof ExprError) ? exprRefs(e) : [];
  };
  // Whether the answer to `id` is still to come: a required question shown and not answered, or a
  // hidden one whose own condition (or its page's) waits for such an answer.
  const awaited = (id: string, seen: Set<string>): boolean => {
    const at = where.get(id);
    if (!at || seen.has(id)) return false;
    seen.add(id);
    if (vis.shown.has(id)) return at.q.required === true && checkAnswer(at.q, own(answers, id)).v === undefined;
    return [at.q.visibleIf, at.pg.visibleIf].flatMap(refs).some((r) => awaited(r, seen));
  };
  const reads = (pg: SurveyPage) => [pg.visibleIf, ...pg.questions.map((q) => q.visibleIf)].flatMap(refs);
  return def.pages.flatMap((pg, i) => (!vis.pages.includes(i) && reads(pg).some((id) => awaited(id, new Set())) ? [i] : []));
}

/**
 * The visible pages, the one shown (`at`, among them, from the page index `page`) and how many
 * pages the participant will go through from the current answers: the visible ones and, after this
 * one, those still undecided (decisions §29). More than `at + 1`: the button says "Next".
 */
export function outlook(def: SurveyDefinition, answers: Record<string, unknown>, page: number) {
  const vis = walk(def, (q) => own(answers, q.id));
  const at = Math.min(page, vis.pages.length - 1);
  const ahead = pendingPages(def, answers, vis).filter((i) => i > (vis.pages[at] ?? -1)).length;
  return { vis, at, total: vis.pages.length + ahead };
}

/** Where the participant is (page n of m) and how many of the questions shown are answered: `pk-survey-progress` without its id. */
export function progressOf(def: SurveyDefinition, answers: Record<string, unknown>, page: number) {
  const { vis, at, total } = outlook(def, answers, page);
  const answered = [...vis.shown].filter((id) => isAnswered(own(answers, id))).length;
  return { page: at + 1, pages: total, answered, total: vis.shown.size };
}

/**
 * The problems of the visible questions on `pages` (indexes into the definition), by question id
 * in form order, and the position among the visible pages of the first one (-1 when none).
 */
export function pageProblems(
  def: SurveyDefinition,
  answers: Record<string, unknown>,
  pages: number[],
): { errors: Record<string, Problem>; at: number } {
  const vis = walk(def, (q) => own(answers, q.id));
  const errors: Record<string, Problem> = {};
  for (const i of pages) {
    for (const q of def.pages[i].questions) {
      const p = vis.shown.has(q.id) && checkAnswer(q, own(answers, q.id)).p;
      if (p) errors[q.id] = p;
    }
  }
  const first = Object.keys(errors)[0];
  const at = first === undefined ? -1 : vis.pages.findIndex((i) => def.pages[i].questions.some((q) => q.id === first));
  return { errors, at };
}
