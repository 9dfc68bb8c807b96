/**
 * What lies ahead of a survey form, so its button can say what pressing it does (issue #12):
 * "Next" while another page follows, "Send answers" on the last one. Visibility comes from the
 * current answers (`walk`), with one refinement for pages whose condition cannot be decided yet.
 */
import { compileExpr, exprRefs, ExprError, own } from './survey-expr.js';
import { checkAnswer, type Visibility } from './survey-schema.js';
import type { SurveyDefinition, SurveyQuestion } from './survey-types.js';

/**
 * Hidden pages that may still appear: their condition (the page's `visibleIf` or those of its
 * questions, followed through hidden questions they read) reads a required question that is shown
 * and not answered yet. Such a page is undecided, not hidden: the form cannot be sent before that
 * question is answered, and its answer decides whether the page comes. A condition on an optional
 * question left blank is decided by the blank: pressing the button then does what it says.
 */
export function pendingPages(def: SurveyDefinition, answers: Record<string, unknown>, vis: Visibility): number[] {
  const where = new Map<string, { q: SurveyQuestion; page: number }>();
  def.pages.forEach((pg, page) => pg.questions.forEach((q) => where.set(q.id, { q, page })));
  const awaited = (id: string) => {
    const q = where.get(id)?.q;
    return !!q && vis.shown.has(id) && q.required === true && checkAnswer(q, own(answers, id)).v === undefined;
  };
  const refs = (src: string | undefined): string[] => {
    const e = src === undefined ? null : compileExpr(src);
    return e && !(e instanceof ExprError) ? exprRefs(e) : [];
  };
  const pending: number[] = [];
  def.pages.forEach((pg, page) => {
    if (vis.pages.includes(page)) return;
    const todo = [...refs(pg.visibleIf), ...pg.questions.flatMap((q) => refs(q.visibleIf))];
    const seen = new Set<string>();
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (awaited(id)) {
        pending.push(page);
        return;
      }
      // A hidden question's answer does not count yet: what decides it may be awaited.
      const at = where.get(id);
      if (at && !vis.shown.has(id)) todo.push(...refs(at.q.visibleIf), ...refs(def.pages[at.page]!.visibleIf));
    }
  });
  return pending;
}
