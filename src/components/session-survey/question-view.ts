import { html, nothing, type TemplateResult } from 'lit';
import type { SurveyLocalize } from './i18n/index.js';
import { isObj, own, type Problem } from './survey-schema.js';
import type { SurveyAnswer, SurveyAnswers, SurveyQuestion } from './survey-types.js';

/** A plain button (the form's and the results view's). */
export const button = (label: string, click: () => void) => html`<button type="button" @click=${click}>${label}</button>`;

/** What the form's questions read and do. */
export interface QuestionContext {
  t: SurveyLocalize;
  answers: SurveyAnswers;
  /** Problems by question id. */
  errors: Record<string, Problem>;
  /** Records an answer. */
  set(q: SurveyQuestion, v: SurveyAnswer): void;
  /** What to focus after the next render: a selector, and whether its last match (else its first). */
  focusAfter(target: [selector: string, last?: boolean]): void;
  /** Says something politely, at once (a moved ranking item). */
  say(message: string): void;
}

/** A question's field, where focus goes for its problem: its first enabled input, text box or button. */
export const fieldOf = (id: string) => `#q-${id} :is(input, textarea, button):not([disabled])`;

/** What is wrong with an answer, in words. A required ranking never touched says how to answer it. */
export function problemText(t: SurveyLocalize, q: SurveyQuestion, p: Problem): string {
  const n = p.n ?? 0;
  const choices = q.type === 'multiple';
  switch (p.code) {
    case 'min':
      return choices ? t.t('surveyErrMinChoices', { n }) : t.t('surveyErrMinLength', { n });
    case 'max':
      return choices ? t.t('surveyErrMaxChoices', { n }) : t.t('surveyErrMaxLength', { n });
    case 'required':
      return q.type === 'ranking' ? t.t('surveyErrRankOrder') : t.t('surveyErrRequired');
    case 'rows':
      return t.t('surveyErrRows');
    default:
      return t.t('surveyErrInvalid');
  }
}

/** The page's problems, each a link that takes focus to its question's field. */
export function renderErrorSummary(ctx: QuestionContext, qs: SurveyQuestion[], n: number): TemplateResult {
  const t = ctx.t;
  const go = (e: Event, id: string) => {
    e.preventDefault();
    ((e.target as Element).getRootNode() as ShadowRoot).querySelector<HTMLElement>(fieldOf(id))?.focus();
  };
  return html`<div part="error" role="alert" class="summary">
    <p>${t.t('surveyFixErrors', { n })}</p>
    <ul>
      ${qs.map((q) => {
        const p = ctx.errors[q.id];
        return p
          ? html`<li><a href="#q-${q.id}" @click=${(e: Event) => go(e, q.id)}><span dir="auto" lang=${t.contentLang ?? nothing}>${q.title}</span>: ${problemText(t, q, p)}</a></li>`
          : nothing;
      })}
    </ul>
  </div>`;
}

/**
 * One question: its title, help, input and error, in one template (a question's parts are not
 * templates of their own: fewer template instances to build on the first paint, decisions §59).
 */
export function renderQuestion(q: SurveyQuestion, ctx: QuestionContext): TemplateResult {
  const t = ctx.t;
  const id = q.id;
  const p = ctx.errors[id];
  const a = own(ctx.answers, id) as SurveyAnswer | undefined;
  const lang = t.contentLang ?? nothing;
  const described = [q.help && `h-${id}`, p && `e-${id}`].filter(Boolean).join(' ') || nothing;
  const required = q.required
    ? html`<span aria-hidden="true"> *</span><span class="visually-hidden"> ${t.t('surveyRequired')}</span>`
    : nothing;
  const help = q.help ? html`<p part="help" id="h-${id}" dir="auto" lang=${lang}>${q.help}</p>` : nothing;
  const body = renderBody(ctx, q, a, described, !!p);
  const error = p ? html`<p part="error" id="e-${id}">${problemText(t, q, p)}</p>` : nothing;
  return q.type === 'text' || q.type === 'longtext'
    ? html`<div part="question" class="q" id="q-${id}"><label class="title" for="i-${id}"><span dir="auto" lang=${lang}>${q.title}</span>${required}</label>${help}
        ${body}
        ${error}</div>`
    : html`<fieldset part="question" class="q" id="q-${id}" aria-describedby=${described}><legend class="title"><span dir="auto" lang=${lang}>${q.title}</span>${required}</legend>${help}
        ${body}
        ${error}</fieldset>`;
}

/** One radio or checkbox with its label; `next` gives the answer once it changes. */
function choice(
  ctx: QuestionContext,
  q: SurveyQuestion,
  checked: boolean,
  label: unknown,
  next: (on: boolean) => SurveyAnswer,
  type: 'radio' | 'checkbox' = 'radio',
  cls = 'choice',
  disabled = false,
) {
  return html`<label class=${cls}
    ><input type=${type} name=${q.id} .checked=${checked} ?disabled=${disabled} aria-invalid=${!!ctx.errors[q.id]} @change=${(e: Event) => ctx.set(q, next((e.target as HTMLInputElement).checked))} /><span
      dir="auto"
      lang=${ctx.t.contentLang ?? nothing}
      >${label}</span
    ></label
  >`;
}

function renderBody(
  ctx: QuestionContext,
  q: SurveyQuestion,
  a: SurveyAnswer | undefined,
  described: string | typeof nothing,
  invalid: boolean,
) {
  const t = ctx.t;
  const { id, type } = q;
  // Cheap: each formatter is built when a number first needs it (decisions §63).
  const { num } = t.f;
  if (type === 'text' || type === 'longtext') {
    const input = (e: Event) => ctx.set(q, (e.target as HTMLInputElement).value);
    const value = typeof a === 'string' ? a : '';
    return type === 'text'
      ? html`<input id="i-${id}" type="text" maxlength=${q.maxLength!} .value=${value} aria-describedby=${described} aria-invalid=${invalid} @input=${input} />`
      : html`<textarea id="i-${id}" rows="4" maxlength=${q.maxLength!} .value=${value} aria-describedby=${described} aria-invalid=${invalid} @input=${input}></textarea>`;
  }
  if (type === 'rating' || type === 'nps') {
    const nps = type === 'nps';
    const lo = nps ? 0 : q.min!;
    const hi = nps ? 10 : q.max!;
    const stars = !nps && q.style !== 'numbers';
    const [min, max] = [q.minLabel ?? (nps ? t.t('surveyNpsLow') : ''), q.maxLabel ?? (nps ? t.t('surveyNpsHigh') : '')];
    return html`<div class=${stars ? 'stars' : 'scale'}>
        ${Array.from({ length: hi - lo + 1 }, (_, i) =>
          choice(
            ctx,
            q,
            a === lo + i,
            stars
              ? html`<span aria-hidden="true">★</span><span class="visually-hidden">${t.t('surveyStars', { n: lo + i, m: hi })}</span>`
              : num(lo + i),
            () => lo + i,
            'radio',
            stars ? 'star' : 'choice',
          ),
        )}
      </div>
      ${
        min || max
          ? html`<div class="ends" aria-hidden="true" lang=${t.contentLang ?? nothing}><span dir="auto">${min}</span><span dir="auto">${max}</span></div>
            <p class="visually-hidden">${num(lo)}: ${min}; ${num(hi)}: ${max}</p>`
          : nothing
      }`;
  }
  if (type === 'single')
    return html`<div class="choices">${q.options!.map((o) => choice(ctx, q, a === o.value, o.label, () => o.value))}</div>`;
  if (type === 'multiple') {
    const sel = Array.isArray(a) ? a : [];
    const max = q.maxSelect;
    return html`${max !== undefined ? html`<p class="note">${t.t('surveyChooseUpTo', { n: max })}</p>` : nothing}
      <div class="choices">
        ${q.options!.map((o) => {
          const on = sel.includes(o.value);
          return choice(
            ctx,
            q,
            on,
            o.label,
            (c) => (c ? [...sel, o.value] : sel.filter((v) => v !== o.value)),
            'checkbox',
            'choice',
            !on && sel.length >= max!,
          );
        })}
      </div>`;
  }
  if (type === 'matrix') {
    const row = isObj(a) ? a : {};
    return html`<div class="scroll">
      <table part="matrix">
        <thead>
          <tr>
            <td></td>
            ${q.scale!.map((s, i) => html`<th scope="col" id="c-${id}-${i}" dir="auto" lang=${t.contentLang ?? nothing}>${s}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${q.rows!.map(
            (r, ri) => html`<tr>
              <th scope="row" id="r-${id}-${ri}" dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</th>
              ${q.scale!.map(
                (_, i) => html`<td>
                  <input type="radio" name="${id}.${r.id}" .checked=${own(row, r.id) === i + 1} aria-invalid=${invalid} aria-labelledby="r-${id}-${ri} c-${id}-${i}" @change=${() => ctx.set(q, { ...row, [r.id]: i + 1 } as SurveyAnswer)} />
                </td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
  // ranking
  const opts = q.options!;
  const order =
    Array.isArray(a) && a.length === opts.length && opts.every((o) => a.includes(o.value)) ? (a as string[]) : opts.map((o) => o.value);
  const label = (v: string) => opts.find((o) => o.value === v)!.label;
  const move = (i: number, d: number) => {
    const next = [...order];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    // Keep focus on the moved item's button for the same direction, or the other one at an end.
    ctx.focusAfter([`#q-${id} li:nth-child(${i + d + 1}) button:not([disabled])`, d > 0]);
    ctx.set(q, next);
    ctx.say(t.t('surveyMoved', { value: label(next[i + d]), n: i + d + 1, m: order.length }));
  };
  return html`<p class="note">${t.t('surveyRankHint')}</p>
    <ol class="rank">
      ${order.map(
        (v, i) => html`<li>
          <span class="pos" aria-hidden="true">${num(i + 1)}</span><span class="grow" dir="auto" lang=${t.contentLang ?? nothing}>${label(v)}</span>
          <button type="button" aria-label=${t.t('surveyMoveUp', { value: label(v) })} ?disabled=${!i} @click=${() => move(i, -1)}>↑</button>
          <button type="button" aria-label=${t.t('surveyMoveDown', { value: label(v) })} ?disabled=${i === order.length - 1} @click=${() => move(i, 1)}>↓</button>
        </li>`,
      )}
    </ol>
    ${a === undefined ? button(t.t('surveyKeepOrder'), () => ctx.set(q, order)) : nothing}`;
}
