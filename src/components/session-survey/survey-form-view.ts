import { html, nothing, type TemplateResult } from 'lit';
import { button, renderErrorSummary, renderQuestion, type QuestionContext } from './question-view.js';
import { surveyRules } from './survey-model.js';
import { outlook } from './survey-outlook.js';
import type { SurveyDefinition, SurveyState } from './survey-types.js';

/** What the participant's views (the form, the thank-you) read and do. */
export interface FormView extends QuestionContext {
  def: SurveyDefinition;
  /** The page shown (an index among the visible pages). */
  page: number;
  /** Changing a response already sent (the send button says Update). */
  editing: boolean;
  /** Next, or Send on the last page. */
  submit(e: SubmitEvent): void;
  /** Back to an earlier page. */
  go(page: number): void;
  /** Opens my sent response again for changes. */
  startEdit(): void;
}

/** A row of actions with one button. */
export const actionsRow = (label: string, click: () => void): TemplateResult => html`<div part="actions">${button(label, click)}</div>`;

/** One page of the form: its heading and progress, the error summary, its questions, Back and Next/Send. */
export function renderForm(v: FormView): TemplateResult {
  const { t, def } = v;
  const { vis, at, total } = outlook(def, v.answers, v.page);
  const page = def.pages[vis.pages[at]] ?? { questions: [] };
  const qs = page.questions.filter((q) => vis.shown.has(q.id));
  const nErrors = qs.filter((q) => v.errors[q.id]).length;
  // Made only where shown: a one-page form formats no number for it.
  const pageOf = () => t.t('surveyPageOf', { n: at + 1, m: total });
  const heading = (text: unknown) => html`<h3 id="page-h" tabindex="-1" dir="auto">${text}</h3>`;
  return html`<form novalidate @submit=${v.submit}>
    ${
      total > 1
        ? html`<div part="progress">
          ${heading(page.title ?? pageOf())} ${page.title ? html`<span class="note">${pageOf()}</span>` : nothing}
          <progress max=${total} .value=${at + 1} aria-label=${t.t('surveyProgress')}></progress>
        </div>`
        : page.title
          ? heading(page.title)
          : nothing
    }
    ${nErrors ? renderErrorSummary(v, qs, nErrors) : nothing} ${qs.map((q) => renderQuestion(q, v))}
    <div part="actions">
      ${at > 0 ? button(t.t('surveyBack'), () => v.go(at - 1)) : nothing}
      <button type="submit" class="primary">${t.t(at < total - 1 ? 'surveyNext' : v.editing ? 'surveyUpdate' : 'surveySubmit')}</button>
    </div>
  </form>`;
}

/** The thank-you after sending (the host's slot, else the definition's or our message), its delivery state and Edit. */
export function renderThanks(
  v: Pick<FormView, 't' | 'def' | 'startEdit'>,
  s: SurveyState,
  pending: string | undefined,
  unsafe: string | null,
): TemplateResult {
  const { t, def } = v;
  return html`<div part="thank-you" tabindex="-1" id="thanks">
      <slot name="thank-you"><p dir="auto" lang=${def.thankYou ? (t.contentLang ?? nothing) : nothing}>${def.thankYou ?? t.t('surveyThanks')}</p></slot>
      ${pending ? html`<p class="badge">${unsafe ?? t.t(pending === 'sending' ? 'surveySending' : 'surveyQueued')}</p>` : nothing}
    </div>
    ${(surveyRules(s) ?? def).allowEdit && !s.closed && !pending ? actionsRow(t.t('surveyEdit'), v.startEdit) : nothing}`;
}
