/**
 * What lies ahead of a survey form, so its button can say what pressing it does (issue #12):
 * "Next" while another page follows, "Send answers" on the last one. Visibility comes from the
 * current answers (`walk`), with one refinement for pages whose condition cannot be decided yet.
 */
import { compileExpr, exprRefs, ExprError, own } from './survey-expr.js';
import { checkAnswer, type Visibility } from './survey-schema.js';
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
