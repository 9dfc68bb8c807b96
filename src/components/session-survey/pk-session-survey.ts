import { adoptStyles, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AnnouncerController } from '../../core/lit/announcer.js';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { LocalizeController } from '../../core/lit/localize-controller.js';
import { surveyStrings, SURVEY_ERRORS } from './i18n/index.js';
import type { resultsStrings } from './i18n/results.js';
import { SessionController } from '../../core/lit/session-controller.js';
import { authoringErrorView, connectionLines, rejectionView, statusLine, unsafeNote } from '../../core/lit/widget-views.js';
import { canModerate, type Ack } from '../../core/protocol/wire.js';
import { deleteDraft, loadDraft, saveDraft, type DraftKey } from './survey-drafts.js';
import { isAnswered } from './survey-expr.js';
import { hasResponded, initialSurveyState, myResponse, surveyModel, surveyRules, surveyTopic } from './survey-model.js';
import { checkAnswer, checkAnswers, checkContext, isObj, own, parseDefinition, put, type ParsedDefinition, type Problem, walk } from './survey-schema.js';
import { pendingPages } from './survey-outlook.js';
import { pageScriptsRan } from '../../core/lit/page-ready.js';
import type { SurveyAnswer, SurveyAnswers, SurveyResponseContext, SurveyDefinition, SurveyDefinitionInput, SurveyQuestion, SurveyState } from './survey-types.js';
import { surveyStyles } from './session-survey.styles.js';

/** Detail of `pk-survey-progress`. */
export interface PkSurveyProgressDetail {
  /** The survey's id. */
  surveyId: string;
  /** Current page, from 1. */
  page: number;
  /** Pages the participant will see (conditions applied; a page still undecided counts). */
  pages: number;
  /** Visible questions answered. */
  answered: number;
  /** Visible questions. */
  total: number;
}

/** Detail of `pk-survey-submit`. */
export interface PkSurveySubmitDetail {
  /** The survey's id. */
  surveyId: string;
  /** SurveyAnswers being sent (visible questions only, normalized). */
  answers: SurveyAnswers;
  /** Room, session label and hidden fields sent with them. */
  context: SurveyResponseContext;
  /** True when it updates an earlier response. */
  edit: boolean;
}

type Results = typeof import('./survey-results.js');

/** A plain button (the form's and the results view's). */
export const button = (label: string, click: () => void) => html`<button type="button" @click=${click}>${label}</button>`;
const event = <T>(el: HTMLElement, type: string, detail: T, cancelable = false) => el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));

/**
 * A post-session evaluation survey: rating, NPS, Likert matrix, single and multiple choice, short
 * and long text and ranking questions, on pages with conditions. SurveyAnswers are saved on the device as
 * they are typed, and sent once through the session outbox (offline-proof). Facilitators and
 * producers see the results and can export them as CSV.
 *
 * @summary Post-session evaluation survey.
 * @slot thank-you - Shown after the participant sent their answers (replaces the default message).
 * @fires {CustomEvent<PkSurveyProgressDetail>} pk-survey-progress - The participant answered a question or changed page.
 * @fires {CustomEvent<PkSurveySubmitDetail>} pk-survey-submit - The participant sends their answers (cancelable: cancel to stop it).
 * @csspart base - The survey's frame.
 * @csspart title - The survey's title.
 * @csspart progress - Page indicator and progress bar.
 * @csspart question - One question.
 * @csspart help - A question's help text.
 * @csspart matrix - A Likert matrix table in the form.
 * @csspart error - An error message.
 * @csspart status - Status line (draft saved, connection, closed).
 * @csspart actions - Back, next and send buttons.
 * @csspart thank-you - The message after sending.
 * @csspart results - The results view (facilitators and producers only).
 * @csspart heat - A matrix heat table in the results.
 * @csspart controls - Facilitator controls (never shown to participants).
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em: the surrounding text size, never the page's root size).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - Selection, stars, bars, heat cells and primary buttons.
 * @cssprop --pk-color-on-accent - Text on accent.
 * @cssprop --pk-color-danger - Errors.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkSessionSurvey extends LitElement {
  static override styles = [baseStyles, frameStyles, surveyStyles];
  // Declared here rather than with decorators: one object minifies to far less than a decorator call per field.
  static override properties = {
    surveyId: { attribute: 'survey-id', reflect: true },
    definition: { attribute: false },
    src: {},
    sessionLabel: { attribute: 'session-label' },
    hiddenFields: { attribute: 'hidden-fields', converter: { fromAttribute: (v: string | null) => Object.fromEntries(new URLSearchParams(v ?? '')) } },
    invited: { type: Number },
    // Internal state, spread in so the manifest does not take these for attributes.
    ...Object.fromEntries('answers page errors editing preview saved paused fetched'.split(' ').map((k) => [k, { state: true }])),
  };

  /** Survey id, unique in the room; the topic is `survey:<id>`. */
  surveyId = '';
  /** The definition (an object, or JSON text) following docs/survey-schema.md. Assign a new object to change it. */
  definition: SurveyDefinitionInput | string | null = null;
  /** URL of a JSON definition, used when the `definition` property is not set. */
  src = '';
  /** Label of the live session this evaluation belongs to, sent with every response. */
  sessionLabel = '';
  /** Hidden fields sent with every response (override the definition's). Attribute form: `a=1&b=2`. */
  hiddenFields: Record<string, string> = {};
  /** Number of people invited, for the response rate in the results. */
  invited: number | null = null;

  private answers: SurveyAnswers = {};
  private page = 0;
  private errors: Record<string, Problem> = {};
  private editing = false;
  private preview = false;
  private saved = false;
  private paused: SurveyState | null = null;
  private fetched: { src: string; value?: unknown; error?: string } | null = null;

  readonly #i18n = new LocalizeController(this, surveyStrings);
  /** The results view's strings, once that view is loaded. */
  #rt: LocalizeController<typeof resultsStrings.en> | undefined;
  readonly #announcer = new AnnouncerController(this);
  readonly #quick = new AnnouncerController(this, 200);
  /** The session and the survey topic's handle (for hosts and tests that need the raw state). */
  readonly ctl = new SessionController<SurveyState>(this, () => this.#topic(), surveyModel);
  #parsedFrom: unknown;
  #parsed!: ParsedDefinition;
  #key: DraftKey | null = null;
  #keyStr = '';
  #restored: Promise<void> | undefined;
  #hasDraft = false;
  #sending = false;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #results: Results | null = null;
  #resultsLoading = false;
  /** The results chunk failed to arrive: say so instead of "Loading" forever. */
  #resultsFailed = false;
  /** What to focus after the next render: a selector, and whether its last match (else its first). */
  #focus: [selector: string, last?: boolean] | null = null;
  #lastProgress = '';
  #lastCount = -1;
  /** `src` may be fetched: the first update is done and the page's own scripts have run since. */
  #srcDue = false;

  #topic(): string | null {
    try {
      return this.surveyId ? surveyTopic(this.surveyId) : null;
    } catch {
      return null;
    }
  }

  /** The survey's live state (confirmed by the authority, with my pending actions applied). */
  get surveyState(): SurveyState {
    return this.ctl.handle?.state ?? initialSurveyState();
  }

  /** Resolves when the strings for the element's language are loaded. */
  get localeReady(): Promise<unknown> {
    return Promise.all([this.#i18n.ready(), this.#rt?.ready()]);
  }

  /** The answers being given (the unsent draft). */
  get currentAnswers(): SurveyAnswers {
    return this.answers;
  }

  /** The definition in use: the one a facilitator published, else the page's (null while loading or invalid). */
  get activeDefinition(): SurveyDefinition | null {
    return this.surveyState.definition ?? this.#authored()[0];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.#flush);
  }

  protected override firstUpdated(): void {
    // A definition set right after the element was created or upgraded (by the page's next script,
    // or later in the task of this update) wins without a request: `src` is fetched only after the
    // page's scripts have run (DOMContentLoaded) and one more task.
    void pageScriptsRan().then(() =>
      setTimeout(() => {
        this.#srcDue = true;
        this.requestUpdate();
      }),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.#flush);
    this.#flush();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('surveyId')) this.ctl.refresh();
    const src = this.src;
    if (src && this.#srcDue && this.definition == null && this.fetched?.src !== src) {
      this.fetched = { src };
      const done = (f: { value?: unknown; error?: string }) => this.src === src && (this.fetched = { src, ...f });
      fetch(src, { credentials: 'same-origin' })
        .then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.json();
        })
        .then(
          (value) => done({ value }),
          (err: Error) => done({ error: `Could not load the survey definition from "${src}": ${err.message}` }),
        );
    }
    const session = this.ctl.session;
    const key: DraftKey | null = session && this.#topic() ? [session.room, this.surveyId, session.identity.id] : null;
    const keyStr = JSON.stringify(key);
    if (keyStr !== this.#keyStr) {
      this.#keyStr = keyStr;
      this.#key = key;
      this.answers = {};
      this.saved = this.#hasDraft = false;
      this.#restored = key ? this.#restore(key) : undefined;
    }
    const handle = this.ctl.handle;
    // Once the authority holds my response, the draft on this device has done its job.
    if (key && this.#hasDraft && !this.editing && handle?.loaded && hasResponded(handle.confirmed, key[2]) && !this.#pending()) {
      this.saved = this.#hasDraft = false;
      void deleteDraft(key);
    }
  }

  #pending() {
    return this.ctl.handle?.pending.find((p) => p.op.type === 'submit');
  }

  /** The page's definition (from `definition`, else `src`) and its authoring problem; neither while loading. */
  #authored(): [SurveyDefinition | null, string?] {
    let raw: unknown = this.definition;
    const f = this.fetched;
    if (raw == null && this.src) {
      if (f?.src !== this.src || f.error) return [null, f?.error];
      raw = f.value;
      if (raw === undefined) return [null];
    }
    // Until the page's scripts have run, a definition may still come (a module script after ours).
    if (raw == null) return this.#srcDue ? [null, 'The survey needs a definition: set the definition property or a src URL.'] : [null];
    if (raw !== this.#parsedFrom) {
      this.#parsedFrom = raw;
      try {
        this.#parsed = parseDefinition(typeof raw === 'string' ? JSON.parse(raw) : raw);
      } catch (err) {
        this.#parsed = { definition: null, errors: [{ field: '(definition)', message: `The definition is not valid JSON: ${(err as Error).message}` }] };
      }
    }
    const { definition, errors } = this.#parsed;
    return [definition, errors.slice(0, 5).map((e) => e.message).join('\n')];
  }

  #problem(): string | undefined {
    if (!this.surveyId) return 'The survey needs a survey-id attribute.';
    if (!this.#topic()) return `The survey-id "${this.surveyId}" is not usable: use 1-128 letters, digits, "_", ".", "~" or "-".`;
    const p = this.#authored()[1];
    if (p) return p;
    const ctx = checkContext(this.#context(this.activeDefinition));
    if (typeof ctx === 'string') return `hidden-fields: ${ctx}`;
  }

  #context(def: SurveyDefinition | null): SurveyResponseContext {
    return { room: this.ctl.session?.room ?? '', session: this.sessionLabel, hidden: { ...def?.hidden, ...this.hiddenFields } };
  }

  #visibility(def: SurveyDefinition) {
    return walk(def, (q) => own(this.answers, q.id));
  }

  /**
   * The visible pages, the one shown (`at`, among them) and how many pages the participant will go
   * through from the current answers: the visible ones and, after this one, those still undecided
   * (decisions §29). More than `at + 1`: the button says "Next".
   */
  #outlook(def: SurveyDefinition) {
    const vis = this.#visibility(def);
    const at = Math.min(this.page, vis.pages.length - 1);
    const ahead = pendingPages(def, this.answers, vis).filter((i) => i > (vis.pages[at] ?? -1)).length;
    return { vis, at, total: vis.pages.length + ahead };
  }

  // -------------------------------------------------------------------------------------------
  // Render

  protected override render(): TemplateResult {
    const t = this.#i18n;
    const problem = this.#problem();
    if (problem) {
      return authoringErrorView(this, t, t.t('surveyCannotShow'), ['survey-id', this.surveyId], problem);
    }
    const def = this.activeDefinition;
    const handle = this.ctl.handle;
    const session = this.ctl.session;
    const s = this.surveyState;
    const pendingOp = this.#pending();
    const pending = pendingOp?.status;
    const moderator = canModerate(session?.identity.role ?? 'participant');
    const results = moderator && !this.preview;
    const status = [
      ...connectionLines(t, session, false),
      this.saved && (this.editing || !hasResponded(s, session?.identity.id ?? '')) ? t.t('surveyDraftSaved') : '',
    ].filter(Boolean);
    const statusView = statusLine(status);
    // Wait for the authority's state (so a sent survey never flashes its form), unless it cannot come now.
    const body =
      !def || !handle || !session || (!handle.loaded && !(session.status === 'offline' || session.status === 'failed' || session.failure))
        ? html`<p part="status">${t.t('surveyLoading')}</p>${statusView}`
        : html`<h2 part="title" dir="auto" lang=${t.contentLang ?? nothing}>${def.title}</h2>
            ${def.description && !results ? html`<p class="note" dir="auto" lang=${t.contentLang ?? nothing}>${def.description}</p>` : nothing} ${statusView}
            ${results
              ? this.#renderResults(def, s)
              : (hasResponded(s, session.identity.id) || pending) && !this.editing
                ? this.#renderThanks(def, s, pending, unsafeNote(this.#i18n, pendingOp))
                : s.closed
                  ? html`<p part="status">${t.t('surveyClosed')}</p>`
                  : this.#renderForm(def)}
            ${rejectionView(t, handle, SURVEY_ERRORS)}
            ${moderator && this.preview ? this.#actions(this.#rt!.t('surveyShowResults'), () => (this.preview = false)) : nothing}`;
    return html`<div part="base" lang=${t.lang} dir=${t.dir}>
      ${body} ${[this.#announcer, this.#quick].map((a) => html`<div class="visually-hidden" role="status" aria-live="polite">${a.text}</div>`)}
    </div>`;
  }

  #actions(label: string, click: () => void) {
    return html`<div part="actions">${button(label, click)}</div>`;
  }

  #renderThanks(def: SurveyDefinition, s: SurveyState, pending: string | undefined, unsafe: string | null) {
    const t = this.#i18n;
    return html`<div part="thank-you" tabindex="-1" id="thanks">
        <slot name="thank-you"><p dir="auto" lang=${def.thankYou ? (t.contentLang ?? nothing) : nothing}>${def.thankYou ?? t.t('surveyThanks')}</p></slot>
        ${pending ? html`<p class="badge">${unsafe ?? t.t(pending === 'sending' ? 'surveySending' : 'surveyQueued')}</p>` : nothing}
      </div>
      ${(surveyRules(s) ?? def).allowEdit && !s.closed && !pending ? this.#actions(t.t('surveyEdit'), this.#startEdit) : nothing}`;
  }

  #renderForm(def: SurveyDefinition) {
    const t = this.#i18n;
    const { vis, at, total } = this.#outlook(def);
    const page = def.pages[vis.pages[at]] ?? { questions: [] };
    const qs = page.questions.filter((q) => vis.shown.has(q.id));
    const nErrors = qs.filter((q) => this.errors[q.id]).length;
    const pageOf = t.t('surveyPageOf', { n: at + 1, m: total });
    const heading = (text: unknown) => html`<h3 id="page-h" tabindex="-1" dir="auto">${text}</h3>`;
    return html`<form novalidate @submit=${this.#onSubmit}>
      ${total > 1
        ? html`<div part="progress">
            ${heading(page.title ?? pageOf)} ${page.title ? html`<span class="note">${pageOf}</span>` : nothing}
            <progress max=${total} .value=${at + 1} aria-label=${t.t('surveyProgress')}></progress>
          </div>`
        : page.title
          ? heading(page.title)
          : nothing}
      ${nErrors ? html`<p part="error" role="alert">${t.t('surveyFixErrors', { n: nErrors })}</p>` : nothing} ${qs.map((q) => this.#renderQuestion(q))}
      <div part="actions">
        ${at > 0 ? button(t.t('surveyBack'), () => this.#go(at - 1)) : nothing}
        <button type="submit" class="primary">${t.t(at < total - 1 ? 'surveyNext' : this.editing ? 'surveyUpdate' : 'surveySubmit')}</button>
      </div>
    </form>`;
  }

  #renderQuestion(q: SurveyQuestion): TemplateResult {
    const t = this.#i18n;
    const id = q.id;
    const p = this.errors[id];
    const a = own(this.answers, id) as SurveyAnswer | undefined;
    const described = [q.help && `h-${id}`, p && `e-${id}`].filter(Boolean).join(' ') || nothing;
    const title = html`<span dir="auto" lang=${t.contentLang ?? nothing}>${q.title}</span>${q.required ? html`<span aria-hidden="true"> *</span><span class="visually-hidden"> ${t.t('surveyRequired')}</span>` : nothing}`;
    const c = p?.code;
    const msg =
      c === 'min' || c === 'max'
        ? `surveyErr${c === 'min' ? 'Min' : 'Max'}${q.type === 'multiple' ? 'Choices' : 'Length'}`
        : c === 'required'
          ? 'surveyErrRequired'
          : c === 'rows'
            ? 'surveyErrRows'
            : 'surveyErrInvalid';
    const rest = html`${q.help ? html`<p part="help" id="h-${id}" dir="auto" lang=${t.contentLang ?? nothing}>${q.help}</p>` : nothing}
      ${this.#renderBody(q, a, described, !!p)}
      ${p ? html`<p part="error" id="e-${id}">${t.t(msg as 'surveyErrMinChoices', { n: p.n ?? 0 })}</p>` : nothing}`;
    return q.type === 'text' || q.type === 'longtext'
      ? html`<div part="question" class="q" id="q-${id}"><label class="title" for="i-${id}">${title}</label>${rest}</div>`
      : html`<fieldset part="question" class="q" id="q-${id}" aria-describedby=${described}><legend class="title">${title}</legend>${rest}</fieldset>`;
  }

  /** One radio or checkbox with its label; `next` gives the answer once it changes. */
  #choice(q: SurveyQuestion, checked: boolean, label: unknown, next: (on: boolean) => SurveyAnswer, type = 'radio', cls = 'choice', disabled = false) {
    return html`<label class=${cls}
      ><input type=${type} name=${q.id} .checked=${checked} ?disabled=${disabled} @change=${(e: Event) => this.#set(q, next((e.target as HTMLInputElement).checked))} /><span
        dir="auto"
        lang=${this.#i18n.contentLang ?? nothing}
        >${label}</span
      ></label
    >`;
  }

  #renderBody(q: SurveyQuestion, a: SurveyAnswer | undefined, described: string | typeof nothing, invalid: boolean) {
    const t = this.#i18n;
    const { id, type } = q;
    const num = t.f.num;
    if (type === 'text' || type === 'longtext') {
      const input = (e: Event) => this.#set(q, (e.target as HTMLInputElement).value);
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
            this.#choice(
              q,
              a === lo + i,
              stars ? html`<span aria-hidden="true">★</span><span class="visually-hidden">${t.t('surveyStars', { n: lo + i, m: hi })}</span>` : num(lo + i),
              () => lo + i,
              'radio',
              stars ? 'star' : 'choice',
            ),
          )}
        </div>
        ${min || max
          ? html`<div class="ends" aria-hidden="true" lang=${t.contentLang ?? nothing}><span dir="auto">${min}</span><span dir="auto">${max}</span></div>
              <p class="visually-hidden">${num(lo)}: ${min}; ${num(hi)}: ${max}</p>`
          : nothing}`;
    }
    if (type === 'single') return html`<div class="choices">${q.options!.map((o) => this.#choice(q, a === o.value, o.label, () => o.value))}</div>`;
    if (type === 'multiple') {
      const sel = Array.isArray(a) ? a : [];
      const max = q.maxSelect;
      return html`${max !== undefined ? html`<p class="note">${t.t('surveyChooseUpTo', { n: max })}</p>` : nothing}
        <div class="choices">
          ${q.options!.map((o) => {
            const on = sel.includes(o.value);
            return this.#choice(q, on, o.label, (c) => (c ? [...sel, o.value] : sel.filter((v) => v !== o.value)), 'checkbox', 'choice', !on && sel.length >= max!);
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
                    <input type="radio" name="${id}.${r.id}" .checked=${own(row, r.id) === i + 1} aria-labelledby="r-${id}-${ri} c-${id}-${i}" @change=${() => this.#set(q, { ...row, [r.id]: i + 1 } as SurveyAnswer)} />
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
    const order = Array.isArray(a) && a.length === opts.length && opts.every((o) => a.includes(o.value)) ? (a as string[]) : opts.map((o) => o.value);
    const label = (v: string) => opts.find((o) => o.value === v)!.label;
    const move = (i: number, d: number) => {
      const next = [...order];
      [next[i], next[i + d]] = [next[i + d], next[i]];
      // Keep focus on the moved item's button for the same direction, or the other one at an end.
      this.#focus = [`#q-${id} li:nth-child(${i + d + 1}) button:not([disabled])`, d > 0];
      this.#set(q, next);
      this.#quick.say(t.t('surveyMoved', { value: label(next[i + d]), n: i + d + 1, m: order.length }));
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
      ${a === undefined ? button(t.t('surveyKeepOrder'), () => this.#set(q, order)) : nothing}`;
  }

  #renderResults(def: SurveyDefinition, s: SurveyState) {
    if (!this.#results) {
      if (!this.#resultsLoading) {
        this.#resultsLoading = true;
        import('./survey-results.js').then(
          (m) => {
            this.#results = m;
            this.#rt = new LocalizeController(this, m.resultsStrings);
            // The results view's styles join the element's only now: participants never load them.
            adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, m.resultsStyles]);
            this.requestUpdate();
          },
          (err) => {
            // A reload is the way back: browsers replay a failed module import for the page's life
            // (whatwg/html#6768), so importing it again would fail the same way.
            console.error('[pulsekit] could not load the survey results view:', err);
            this.#resultsFailed = true;
            this.requestUpdate();
          },
        );
      }
      if (this.#resultsFailed) return html`<p part="error" role="alert">${this.#i18n.t('surveyResultsFailed')}</p>`;
      return html`<p part="status">${this.#i18n.t('surveyLoadingResults')}</p>`;
    }
    return this.#results.renderResults({
      t: this.#i18n,
      r: this.#rt!,
      el: this,
      def,
      state: this.paused ?? s,
      live: s,
      paused: !!this.paused,
      authored: this.#authored()[0],
      pause: () => (this.paused = this.paused ? null : s),
      preview: () => (this.preview = true),
    });
  }

  // -------------------------------------------------------------------------------------------
  // SurveyAnswers, pages, drafts

  #set(q: SurveyQuestion, v: SurveyAnswer): void {
    const answers = { ...this.answers };
    put(answers, q.id, v);
    this.answers = answers;
    if (this.errors[q.id]) {
      const errors = { ...this.errors };
      const p = checkAnswer(q, v).p;
      if (p) errors[q.id] = p;
      else delete errors[q.id];
      this.errors = errors;
    }
    this.#scheduleSave();
  }

  /**
   * Shows the problems of the visible questions on `pages` (indexes into the definition), by
   * question id, and focuses the first. True when there are none.
   */
  #check(def: SurveyDefinition, pages: number[]): boolean {
    const vis = this.#visibility(def);
    const errors: Record<string, Problem> = {};
    for (const i of pages) {
      for (const q of def.pages[i].questions) {
        const p = vis.shown.has(q.id) && checkAnswer(q, own(this.answers, q.id)).p;
        if (p) errors[q.id] = p;
      }
    }
    this.errors = errors;
    const first = Object.keys(errors)[0];
    if (first) this.#focus = [`#q-${first} :is(input, textarea, button):not([disabled])`];
    else return true;
    // Show the page of the first problem.
    const at = vis.pages.findIndex((i) => def.pages[i].questions.some((q) => q.id === first));
    if (at >= 0) this.page = at;
    return false;
  }

  #go(page: number): void {
    this.page = page;
    this.errors = {};
    this.#focus = ['#page-h'];
    this.#scheduleSave();
  }

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const def = this.activeDefinition;
    if (!def) return;
    const pages = this.#visibility(def).pages;
    const at = Math.min(this.page, pages.length - 1);
    if (at >= pages.length - 1) void this.submit();
    else if (this.#check(def, [pages[at]])) this.#go(at + 1);
  };

  /**
   * Checks every visible answer and sends the response through the session outbox. Shows the
   * problems instead when some answer is missing or invalid. Resolves with the authority's ack
   * (or null when nothing was sent).
   */
  async submit(): Promise<Ack | null> {
    const def = this.activeDefinition;
    const handle = this.ctl.handle;
    // One response in flight at a time (a double click must not send twice).
    if (!def || !handle || this.#sending || !this.#check(def, this.#visibility(def).pages)) return null;
    const checked = checkAnswers(def, this.answers);
    if ('code' in checked) return null;
    const context = this.#context(def);
    const detail: PkSurveySubmitDetail = { surveyId: this.surveyId, answers: checked.answers, context, edit: hasResponded(this.surveyState, handle.me.id) };
    if (!event(this, 'pk-survey-submit', detail, true)) return null;
    this.editing = false;
    this.#focus = ['#thanks'];
    this.#scheduleSave(0);
    this.#sending = true;
    let ack: Ack;
    try {
      ack = await handle.send('submit', { answers: checked.answers, context, allowEdit: def.allowEdit === true, anonymous: def.anonymous !== false });
    } finally {
      this.#sending = false;
    }
    if (ack.status !== 'rejected' && this.#key) {
      this.saved = this.#hasDraft = false;
      await deleteDraft(this.#key);
    }
    return ack;
  }

  #startEdit = (): void => {
    const mine = myResponse(this.surveyState, this.ctl.session?.identity.id ?? '');
    if (mine) this.answers = { ...mine.answers };
    this.editing = true;
    this.#go(0);
  };

  #scheduleSave(delay = 400): void {
    if (!this.#key) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.#save(), delay);
  }

  #flush = (): void => {
    if (this.#saveTimer) void this.#save();
  };

  async #save(): Promise<void> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const key = this.#key;
    if (!key) return;
    await this.#restored;
    if (await saveDraft(key, { answers: this.answers, page: this.page, editing: this.editing, savedAt: Date.now() })) {
      this.#hasDraft = true;
      if (key === this.#key) this.saved = true;
    }
  }

  async #restore(key: DraftKey): Promise<void> {
    const d = await loadDraft(key);
    if (key !== this.#key || !d) return;
    this.#hasDraft = this.saved = true;
    // Anything typed while the draft loaded wins over it.
    this.answers = { ...d.answers, ...this.answers };
    this.page = Number.isSafeInteger(d.page) && d.page >= 0 ? d.page : 0;
    this.editing = d.editing === true;
  }

  protected override updated(): void {
    const s = this.surveyState;
    if (this.#focus) {
      const [sel, last] = this.#focus;
      const all = this.renderRoot.querySelectorAll<HTMLElement>(sel);
      const el = all[last ? all.length - 1 : 0];
      // The thank-you message appears once the outbox has the response: keep asking until it does.
      if (el || sel !== '#thanks') this.#focus = null;
      el?.focus();
    }
    const def = this.activeDefinition;
    if (def && this.ctl.handle?.loaded) {
      const { vis, at, total } = this.#outlook(def);
      const detail: PkSurveyProgressDetail = {
        surveyId: this.surveyId,
        page: at + 1,
        pages: total,
        answered: [...vis.shown].filter((id) => isAnswered(own(this.answers, id))).length,
        total: vis.shown.size,
      };
      const sig = JSON.stringify(detail);
      if (sig !== this.#lastProgress) event(this, 'pk-survey-progress', detail);
      this.#lastProgress = sig;
      // The count is announced in the results view's strings: only once that view has loaded, and
      // its catalog for the current language has settled.
      const rt = this.#rt;
      if (rt?.settled && canModerate(this.ctl.session?.identity.role ?? 'participant') && !this.paused && s.count !== this.#lastCount) {
        if (this.#lastCount >= 0) this.#announcer.say(rt.t('surveyResponses', { n: s.count }));
        this.#lastCount = s.count;
      }
    }
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant answered a question or changed page in a `<pk-session-survey>`. */
    'pk-survey-progress': CustomEvent<PkSurveyProgressDetail>;
    /** A participant sends their answers in a `<pk-session-survey>`. */
    'pk-survey-submit': CustomEvent<PkSurveySubmitDetail>;
  }
}

/**
 * Registers `<pk-session-survey>` (or `<prefix-session-survey>`). Safe to call twice. It lives with
 * the element (index.ts re-exports it) so that everything a participant needs is one bundle chunk:
 * the lazy results view imports this module too, and esbuild puts code that two entry points share
 * in one chunk, so a registration outside it would make a second, separately compressed file.
 */
export function defineSessionSurvey(options?: DefineOptions): string {
  return defineElement('session-survey', PkSessionSurvey, options);
}
