import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AnnouncerController } from '../../core/announcer.js';
import { baseStyles } from '../../core/base-styles.js';
import { errorMessage } from '../../core/error-messages.js';
import { LocalizeController } from '../../core/i18n/localize-controller.js';
import { surveyStrings, SURVEY_ERRORS } from './i18n/index.js';
import { SessionController } from '../../core/session-controller.js';
import { canModerate, type Ack } from '../../core/wire.js';
import { deleteDraft, loadDraft, saveDraft, type DraftKey } from './survey-drafts.js';
import { isAnswered } from './survey-expr.js';
import { hasResponded, initialSurveyState, myResponse, surveyModel, surveyTopic } from './survey-model.js';
import { checkAnswer, checkAnswers, checkContext, isObj, own, parseDefinition, type ParsedDefinition, type Problem, walk } from './survey-schema.js';
import type { SurveyAnswer, SurveyAnswers, SurveyResponseContext, SurveySubmitOpData, SurveyDefinition, SurveyQuestion, SurveyState } from './survey-types.js';
import { surveyStyles } from './session-survey.styles.js';

/** Detail of `pk-survey-progress`. */
export interface PkSurveyProgressDetail {
  /** The survey's id. */
  surveyId: string;
  /** Current page, from 1. */
  page: number;
  /** Pages the participant will see (conditions applied). */
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

const hiddenFromAttr = (v: string | null): Record<string, string> => Object.fromEntries(new URLSearchParams(v ?? ''));
type Results = typeof import('./survey-results.js');

/**
 * A post-session evaluation survey: rating, NPS, Likert matrix, single and multiple choice, short
 * and long text and ranking questions, on pages with conditions. SurveyAnswers are saved on the device as
 * they are typed, and sent once through the session outbox (offline-proof). Facilitators and
 * producers see the results and can export them as CSV.
 *
 * @summary Post-session evaluation survey.
 * @slot thank-you - Shown after the participant sent their answers (replaces the default message).
 * @fires pk-survey-progress - The participant answered a question or changed page.
 * @fires pk-survey-submit - The participant sends their answers (cancelable: cancel to stop it).
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
  static override styles = [baseStyles, surveyStyles];

  /** Survey id, unique in the room; the topic is `survey:<id>`. */
  @property({ attribute: 'survey-id', reflect: true }) surveyId = '';
  /** The definition (an object, or JSON text) following docs/survey-schema.md. Assign a new object to change it. */
  @property({ attribute: false }) definition: unknown = null;
  /** URL of a JSON definition, used when the `definition` property is not set. */
  @property() src = '';
  /** Label of the live session this evaluation belongs to, sent with every response. */
  @property({ attribute: 'session-label' }) sessionLabel = '';
  /** Hidden fields sent with every response (override the definition's). Attribute form: `a=1&b=2`. */
  @property({ attribute: 'hidden-fields', converter: { fromAttribute: hiddenFromAttr } }) hiddenFields: Record<string, string> = {};
  /** Number of people invited, for the response rate in the results. */
  @property({ type: Number }) invited: number | null = null;

  @state() private answers: SurveyAnswers = {};
  @state() private page = 0;
  @state() private errors: Record<string, Problem> = {};
  @state() private editing = false;
  @state() private preview = false;
  @state() private saved = false;
  @state() private paused: SurveyState | null = null;
  @state() private fetched: { src: string; value?: unknown; error?: string } | null = null;

  readonly #i18n = new LocalizeController(this, surveyStrings);
  readonly #announcer = new AnnouncerController(this);
  readonly #quick = new AnnouncerController(this, 200);
  /** The session and the survey topic's handle (for hosts and tests that need the raw state). */
  readonly ctl = new SessionController<SurveyState>(this, () => this.#topic(), surveyModel);
  #parsedFrom: unknown = undefined;
  #parsed: ParsedDefinition = { definition: null, errors: [] };
  #key: DraftKey | null = null;
  #keyStr = '';
  #restored: Promise<void> = Promise.resolve();
  #hasDraft = false;
  #sending = false;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #results: Results | null = null;
  #resultsLoading = false;
  /** What to focus after the next render: an element id, or a ranking item's move button. */
  #focus: string | { q: string; pos: number; d: number } | null = null;
  #lastLogged = '';
  #lastProgress = '';
  #lastCount = -1;

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
    return this.#i18n.ready();
  }

  /** The answers being given (the unsent draft). */
  get currentAnswers(): SurveyAnswers {
    return this.answers;
  }

  /** The definition in use: the one a facilitator published, else the page's (null while loading or invalid). */
  get activeDefinition(): SurveyDefinition | null {
    return this.surveyState.definition ?? this.#authored().def;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.#flush);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.#flush);
    this.#flush();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('surveyId')) this.ctl.refresh();
    if (this.src && (this.definition === null || this.definition === undefined) && this.fetched?.src !== this.src) this.#fetch(this.src);
    const session = this.ctl.session;
    const key: DraftKey | null = session && this.#topic() ? [session.room, this.surveyId, session.identity.id] : null;
    const keyStr = JSON.stringify(key);
    if (keyStr !== this.#keyStr) {
      this.#keyStr = keyStr;
      this.#key = key;
      this.answers = {};
      this.saved = false;
      this.#hasDraft = false;
      this.#restored = key ? this.#restore(key) : Promise.resolve();
    }
    const handle = this.ctl.handle;
    // Once the authority holds my response, the draft on this device has done its job.
    if (key && this.#hasDraft && !this.editing && handle?.loaded && hasResponded(handle.confirmed, key[2]) && !handle.pending.some((p) => p.op.type === 'submit')) {
      this.#hasDraft = false;
      this.saved = false;
      void deleteDraft(key);
    }
  }

  /** The page's definition: from `definition`, else `src`; with the first authoring problem. */
  #authored(): { def: SurveyDefinition | null; problem: string | null; loading?: boolean } {
    let raw = this.definition;
    if ((raw === null || raw === undefined) && this.src) {
      if (this.fetched?.src !== this.src || (!this.fetched.error && this.fetched.value === undefined)) return { def: null, problem: null, loading: true };
      if (this.fetched.error) return { def: null, problem: this.fetched.error };
      raw = this.fetched.value;
    }
    if (raw === null || raw === undefined) return { def: null, problem: 'The survey needs a definition: set the definition property or a src URL.' };
    if (raw !== this.#parsedFrom) {
      this.#parsedFrom = raw;
      try {
        this.#parsed = parseDefinition(typeof raw === 'string' ? JSON.parse(raw) : raw);
      } catch (err) {
        this.#parsed = { definition: null, errors: [{ field: '(definition)', message: `The definition is not valid JSON: ${(err as Error).message}` }] };
      }
    }
    const { definition, errors } = this.#parsed;
    return { def: definition, problem: errors.length ? errors.slice(0, 5).map((e) => e.message).join('\n') : null };
  }

  #fetch(src: string): void {
    this.fetched = { src };
    const done = (f: { value?: unknown; error?: string }) => {
      if (this.src === src) this.fetched = { src, ...f };
    };
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

  #problem(): string | null {
    if (!this.surveyId) return 'The survey needs a survey-id attribute.';
    if (!this.#topic()) return `The survey-id "${this.surveyId}" is not usable: use 1-128 letters, digits, "_", ".", "~" or "-".`;
    const p = this.#authored().problem;
    if (p) return p;
    const ctx = checkContext(this.#context(this.activeDefinition));
    return typeof ctx === 'string' ? `hidden-fields: ${ctx}` : null;
  }

  #context(def: SurveyDefinition | null): SurveyResponseContext {
    return { room: this.ctl.session?.room ?? '', session: this.sessionLabel, hidden: { ...def?.hidden, ...this.hiddenFields } };
  }

  // -------------------------------------------------------------------------------------------
  // Render

  protected override render(): TemplateResult {
    const t = this.#i18n;
    const problem = this.#problem();
    const frame = (body: unknown, part = 'base') => html`<div part=${part} lang=${t.lang} dir=${t.dir}>
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcer.text}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.#quick.text}</div>
    </div>`;
    if (problem) {
      if (problem !== this.#lastLogged) {
        this.#lastLogged = problem;
        console.error(`[pulsekit] <pk-session-survey survey-id="${this.surveyId}">: ${problem}`);
      }
      return html`<div part="base error" role="alert" lang=${t.lang} dir=${t.dir}>
        <strong>${t.t('surveyCannotShow')}</strong>
        <span class="pre" lang="en" dir="ltr">${problem}</span>
      </div>`;
    }
    const def = this.activeDefinition;
    const handle = this.ctl.handle;
    const session = this.ctl.session;
    // Wait for the authority's state (so a sent survey never flashes its form), unless it cannot come now.
    const cut = !!session && (session.status === 'offline' || session.status === 'failed' || !!session.failure);
    if (!def || !handle || !session || (!handle.loaded && !cut)) return frame(html`<p part="status">${t.t('surveyLoading')}</p>${this.#renderStatus()}`);
    const s = this.surveyState;
    const me = session.identity.id;
    const pending = handle.pending.find((p) => p.op.type === 'submit');
    const moderator = canModerate(session.identity.role);
    let body: unknown;
    if (moderator && !this.preview) body = this.#renderResults(def, s);
    else if ((hasResponded(s, me) || pending) && !this.editing) body = this.#renderThanks(def, s, pending?.status);
    else if (s.closed) body = html`<p part="status">${t.t('surveyClosed')}</p>`;
    else body = this.#renderForm(def);
    return frame(html`
      <h2 part="title" dir="auto">${def.title}</h2>
      ${def.description && !(moderator && !this.preview) ? html`<p class="note" dir="auto">${def.description}</p>` : nothing} ${this.#renderStatus()} ${body}
      ${this.#renderError()}
      ${moderator && this.preview ? html`<div part="actions"><button type="button" @click=${() => (this.preview = false)}>${t.t('surveyShowResults')}</button></div>` : nothing}
    `);
  }

  #renderStatus() {
    const t = this.#i18n;
    const session = this.ctl.session;
    const lines: string[] = [];
    if (session?.status === 'offline') lines.push(t.t('statusOffline'));
    else if (session && (session.status === 'failed' || session.status === 'closed' || session.failure)) lines.push(t.t('statusFailed'));
    if (this.saved && (!hasResponded(this.surveyState, session?.identity.id ?? '') || this.editing)) lines.push(t.t('surveyDraftSaved'));
    return lines.length ? html`<p part="status">${lines.join(' · ')}</p>` : nothing;
  }

  #renderError() {
    const err = this.ctl.handle?.lastError;
    if (!err) return nothing;
    return html`<div part="error" role="alert">
      <span>${errorMessage(this.#i18n, err, SURVEY_ERRORS)}</span>
      <button type="button" @click=${() => this.ctl.handle?.dismissError()}>${this.#i18n.t('dismiss')}</button>
    </div>`;
  }

  #renderThanks(def: SurveyDefinition, s: SurveyState, pending: string | undefined) {
    const t = this.#i18n;
    const canEdit = (s.definition ?? def).allowEdit === true && !s.closed && !pending;
    return html`<div part="thank-you" tabindex="-1" id="thanks">
        <slot name="thank-you"><p dir="auto">${def.thankYou ?? t.t('surveyThanks')}</p></slot>
        ${pending ? html`<p class="badge">${pending === 'sending' ? t.t('surveySending') : t.t('surveyQueued')}</p>` : nothing}
      </div>
      ${canEdit ? html`<div part="actions"><button type="button" @click=${this.#startEdit}>${t.t('surveyEdit')}</button></div>` : nothing}`;
  }

  #visibility(def: SurveyDefinition) {
    return walk(def, (q) => own(this.answers, q.id));
  }

  #renderForm(def: SurveyDefinition) {
    const t = this.#i18n;
    const vis = this.#visibility(def);
    const total = vis.pages.length;
    const at = Math.min(this.page, total - 1);
    const page = total ? def.pages[vis.pages[at]] : { questions: [] as SurveyQuestion[], title: undefined };
    const qs = page.questions.filter((q) => vis.shown.has(q.id));
    const nErrors = qs.filter((q) => this.errors[q.id]).length;
    const last = at >= total - 1;
    return html`<form novalidate @submit=${this.#onSubmit}>
      ${total > 1
        ? html`<div part="progress">
            <h3 id="page-h" tabindex="-1" dir="auto">${page.title ?? t.t('surveyPageOf', { n: at + 1, m: total })}</h3>
            ${page.title ? html`<span class="note">${t.t('surveyPageOf', { n: at + 1, m: total })}</span>` : nothing}
            <progress max=${total} .value=${at + 1} aria-label=${t.t('surveyProgress')}></progress>
          </div>`
        : page.title
          ? html`<h3 id="page-h" tabindex="-1" dir="auto">${page.title}</h3>`
          : nothing}
      ${nErrors ? html`<p part="error" role="alert">${t.t('surveyFixErrors', { n: nErrors })}</p>` : nothing}
      ${qs.map((q) => this.#renderQuestion(q))}
      <div part="actions">
        ${at > 0 ? html`<button type="button" @click=${() => this.#go(at - 1)}>${t.t('surveyBack')}</button>` : nothing}
        <button type="submit" class="primary">${last ? t.t(this.editing ? 'surveyUpdate' : 'surveySubmit') : t.t('surveyNext')}</button>
      </div>
    </form>`;
  }

  #problemText(q: SurveyQuestion, p: Problem): string {
    const t = this.#i18n;
    const n = p.n ?? 0;
    const choices = q.type === 'multiple';
    switch (p.code) {
      case 'required':
        return t.t('surveyErrRequired');
      case 'rows':
        return t.t('surveyErrRows');
      case 'min':
        return choices ? t.t('surveyErrMinChoices', { n }) : t.t('surveyErrMinLength', { n });
      case 'max':
        return choices ? t.t('surveyErrMaxChoices', { n }) : t.t('surveyErrMaxLength', { n });
      default:
        return t.t('surveyErrInvalid');
    }
  }

  #renderQuestion(q: SurveyQuestion): TemplateResult {
    const t = this.#i18n;
    const id = q.id;
    const p = this.errors[id];
    const a = own(this.answers, id) as SurveyAnswer | undefined;
    const described = [q.help ? `h-${id}` : '', p ? `e-${id}` : ''].filter(Boolean).join(' ') || nothing;
    const title = html`<span dir="auto">${q.title}</span>${q.required ? html`<span aria-hidden="true"> *</span><span class="visually-hidden"> ${t.t('surveyRequired')}</span>` : nothing}`;
    const help = q.help ? html`<p part="help" id="h-${id}" dir="auto">${q.help}</p>` : nothing;
    const error = p ? html`<p part="error" id="e-${id}">${this.#problemText(q, p)}</p>` : nothing;
    if (q.type === 'text' || q.type === 'longtext') {
      const attrs = { id: `i-${id}`, value: typeof a === 'string' ? a : '' };
      const input = (e: Event) => this.#set(q, (e.target as HTMLInputElement).value);
      return html`<div part="question" class="q" id="q-${id}">
        <label class="title" for=${attrs.id}>${title}</label>${help}
        ${q.type === 'text'
          ? html`<input id=${attrs.id} type="text" maxlength=${q.maxLength!} .value=${attrs.value} aria-describedby=${described} aria-invalid=${p ? 'true' : 'false'} @input=${input} />`
          : html`<textarea id=${attrs.id} rows="4" maxlength=${q.maxLength!} .value=${attrs.value} aria-describedby=${described} aria-invalid=${p ? 'true' : 'false'} @input=${input}></textarea>`}
        ${error}
      </div>`;
    }
    return html`<fieldset part="question" class="q" id="q-${id}" aria-describedby=${described}>
      <legend class="title">${title}</legend>${help} ${this.#renderBody(q, a)} ${error}
    </fieldset>`;
  }

  #radio(name: string, checked: boolean, label: unknown, pick: () => void, cls = 'choice') {
    return html`<label class=${cls}><input type="radio" name=${name} .checked=${checked} @change=${pick} /><span dir="auto">${label}</span></label>`;
  }

  #renderBody(q: SurveyQuestion, a: SurveyAnswer | undefined) {
    const t = this.#i18n;
    const id = q.id;
    switch (q.type) {
      case 'rating':
      case 'nps': {
        const nps = q.type === 'nps';
        const lo = nps ? 0 : q.min!;
        const hi = nps ? 10 : q.max!;
        const stars = !nps && q.style !== 'numbers';
        const points = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
        const ends = [q.minLabel ?? (nps ? t.t('surveyNpsLow') : ''), q.maxLabel ?? (nps ? t.t('surveyNpsHigh') : '')];
        return html`<div class=${stars ? 'stars' : 'scale'}>
            ${points.map((v) =>
              this.#radio(
                id,
                a === v,
                stars ? html`<span aria-hidden="true">★</span><span class="visually-hidden">${t.t('surveyStars', { n: v, m: hi })}</span>` : t.f.num(v),
                () => this.#set(q, v),
                stars ? 'star' : 'choice',
              ),
            )}
          </div>
          ${ends[0] || ends[1] ? html`<div class="ends" aria-hidden="true"><span dir="auto">${ends[0]}</span><span dir="auto">${ends[1]}</span></div>` : nothing}
          ${ends[0] || ends[1] ? html`<p class="visually-hidden">${t.f.num(lo)}: ${ends[0]}; ${t.f.num(hi)}: ${ends[1]}</p>` : nothing}`;
      }
      case 'single':
        return html`<div class="choices">${q.options!.map((o) => this.#radio(id, a === o.value, o.label, () => this.#set(q, o.value)))}</div>`;
      case 'multiple': {
        const sel = Array.isArray(a) ? a : [];
        const full = q.maxSelect !== undefined && sel.length >= q.maxSelect;
        return html`${q.maxSelect !== undefined ? html`<p class="note">${t.t('surveyChooseUpTo', { n: q.maxSelect })}</p>` : nothing}
          <div class="choices">
            ${q.options!.map((o) => {
              const on = sel.includes(o.value);
              return html`<label class="choice"
                ><input
                  type="checkbox"
                  name=${id}
                  .checked=${on}
                  ?disabled=${full && !on}
                  @change=${(e: Event) => this.#set(q, (e.target as HTMLInputElement).checked ? [...sel, o.value] : sel.filter((v) => v !== o.value))}
                /><span dir="auto">${o.label}</span></label
              >`;
            })}
          </div>`;
      }
      case 'matrix': {
        const row = isObj(a) ? (a as Record<string, number>) : {};
        return html`<div class="scroll">
          <table part="matrix">
            <thead>
              <tr>
                <td></td>
                ${q.scale!.map((s, i) => html`<th scope="col" id="c-${id}-${i}" dir="auto">${s}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${q.rows!.map(
                (r, ri) => html`<tr>
                  <th scope="row" id="r-${id}-${ri}" dir="auto">${r.label}</th>
                  ${q.scale!.map(
                    (_, i) => html`<td>
                      <input
                        type="radio"
                        name="${id}.${r.id}"
                        .checked=${own(row, r.id) === i + 1}
                        aria-labelledby="r-${id}-${ri} c-${id}-${i}"
                        @change=${() => this.#set(q, { ...row, [r.id]: i + 1 })}
                      />
                    </td>`,
                  )}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
      }
      default: {
        // ranking
        const opts = q.options!;
        const order = Array.isArray(a) && a.length === opts.length && opts.every((o) => a.includes(o.value)) ? (a as string[]) : opts.map((o) => o.value);
        const label = (v: string) => opts.find((o) => o.value === v)!.label;
        const move = (i: number, d: -1 | 1) => {
          const next = [...order];
          [next[i], next[i + d]] = [next[i + d], next[i]];
          this.#focus = { q: id, pos: i + d, d };
          this.#set(q, next);
          this.#quick.say(t.t('surveyMoved', { value: label(next[i + d]), n: i + d + 1, m: order.length }));
        };
        return html`<p class="note">${t.t('surveyRankHint')}</p>
          <ol class="rank">
            ${order.map(
              (v, i) => html`<li>
                <span class="pos" aria-hidden="true">${t.f.num(i + 1)}</span><span class="grow" dir="auto">${label(v)}</span>
                <button type="button" aria-label=${t.t('surveyMoveUp', { value: label(v) })} ?disabled=${i === 0} @click=${() => move(i, -1)}>↑</button>
                <button type="button" aria-label=${t.t('surveyMoveDown', { value: label(v) })} ?disabled=${i === order.length - 1} @click=${() => move(i, 1)}>
                  ↓
                </button>
              </li>`,
            )}
          </ol>
          ${a === undefined ? html`<button type="button" @click=${() => this.#set(q, order)}>${t.t('surveyKeepOrder')}</button>` : nothing}`;
      }
    }
  }

  #renderResults(def: SurveyDefinition, s: SurveyState) {
    const t = this.#i18n;
    if (!this.#results) {
      if (!this.#resultsLoading) {
        this.#resultsLoading = true;
        import('./survey-results.js').then(
          (m) => {
            this.#results = m;
            this.requestUpdate();
          },
          (err) => console.error('[pulsekit] could not load the survey results view:', err),
        );
      }
      return html`<p part="status">${t.t('surveyLoadingResults')}</p>`;
    }
    const presence = this.ctl.session?.presence;
    const present = presence?.participants ? presence.participants.filter((p) => p.role === 'participant').length : (presence?.count ?? 0);
    const authored = this.#authored().def;
    return this.#results.renderResults({
      t,
      id: this.surveyId,
      def,
      state: this.paused ?? s,
      live: s,
      paused: !!this.paused,
      present,
      invited: this.invited,
      canPublish: !!authored && JSON.stringify(authored) !== JSON.stringify(s.definition),
      send: (type, data) => void this.ctl.handle?.send(type, data),
      publish: () => void this.ctl.handle?.send('publish', { definition: authored }),
      pause: () => (this.paused = this.paused ? null : s),
      preview: () => (this.preview = true),
    });
  }

  // -------------------------------------------------------------------------------------------
  // SurveyAnswers, pages, drafts

  #set(q: SurveyQuestion, v: SurveyAnswer): void {
    const answers = { ...this.answers };
    Object.defineProperty(answers, q.id, { value: v, enumerable: true, writable: true, configurable: true });
    this.answers = answers;
    if (this.errors[q.id]) {
      const p = checkAnswer(q, v).p;
      const errors = { ...this.errors };
      if (p) errors[q.id] = p;
      else delete errors[q.id];
      this.errors = errors;
    }
    this.#scheduleSave();
  }

  /** Problems of the visible questions on `pages` (indexes into the definition), by question id. */
  #check(def: SurveyDefinition, pages: number[]): Record<string, Problem> {
    const vis = this.#visibility(def);
    const errors: Record<string, Problem> = {};
    for (const i of pages) {
      for (const q of def.pages[i].questions) {
        if (!vis.shown.has(q.id)) continue;
        const p = checkAnswer(q, own(this.answers, q.id)).p;
        if (p) errors[q.id] = p;
      }
    }
    return errors;
  }

  #showErrors(errors: Record<string, Problem>): boolean {
    this.errors = errors;
    const first = Object.keys(errors)[0];
    if (first) this.#focus = `q-${first}`;
    return !first;
  }

  #go(page: number): void {
    this.page = Math.max(0, page);
    this.errors = {};
    this.#focus = 'page-h';
    this.#scheduleSave();
  }

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const def = this.activeDefinition;
    if (!def) return;
    const vis = this.#visibility(def);
    const at = Math.min(this.page, vis.pages.length - 1);
    if (at < vis.pages.length - 1) {
      if (this.#showErrors(this.#check(def, [vis.pages[at]]))) this.#go(at + 1);
    } else void this.submit();
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
    if (!def || !handle || this.#sending) return null;
    const vis = this.#visibility(def);
    const errors = this.#check(def, vis.pages);
    if (!this.#showErrors(errors)) {
      const first = vis.pages.findIndex((i) => def.pages[i].questions.some((q) => errors[q.id]));
      if (first >= 0 && first !== this.page) this.page = first;
      return null;
    }
    const checked = checkAnswers(def, this.answers);
    if ('code' in checked) return null;
    const edit = hasResponded(this.surveyState, handle.me.id);
    const context = this.#context(def);
    const detail: PkSurveySubmitDetail = { surveyId: this.surveyId, answers: checked.answers, context, edit };
    if (!this.dispatchEvent(new CustomEvent('pk-survey-submit', { detail, bubbles: true, composed: true, cancelable: true }))) return null;
    const data: SurveySubmitOpData = { answers: checked.answers, context, allowEdit: def.allowEdit === true, anonymous: def.anonymous !== false };
    this.editing = false;
    this.#focus = 'thanks';
    this.#scheduleSave(0);
    this.#sending = true;
    let ack: Ack;
    try {
      ack = await handle.send('submit', data);
    } finally {
      this.#sending = false;
    }
    if (ack.status !== 'rejected' && this.#key) {
      this.#hasDraft = false;
      this.saved = false;
      await deleteDraft(this.#key);
    }
    return ack;
  }

  #startEdit = (): void => {
    const mine = myResponse(this.surveyState, this.ctl.session?.identity.id ?? '');
    if (mine) this.answers = { ...mine.answers };
    this.editing = true;
    this.page = 0;
    this.#focus = 'page-h';
    this.#scheduleSave();
  };

  #scheduleSave(delay = 400): void {
    if (!this.#key) return;
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.#save(), delay);
  }

  #flush = (): void => {
    if (this.#saveTimer) void this.#save();
  };

  async #save(): Promise<void> {
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    const key = this.#key;
    if (!key) return;
    await this.#restored;
    const draft = { answers: this.answers, page: this.page, editing: this.editing, savedAt: Date.now() };
    if (await saveDraft(key, draft)) {
      this.#hasDraft = true;
      if (key === this.#key) this.saved = true;
    }
  }

  async #restore(key: DraftKey): Promise<void> {
    const d = await loadDraft(key);
    if (key !== this.#key || !d) return;
    this.#hasDraft = true;
    // Anything typed while the draft loaded wins over it.
    this.answers = { ...d.answers, ...this.answers };
    this.page = Number.isSafeInteger(d.page) && d.page >= 0 ? d.page : 0;
    this.editing = d.editing === true;
    this.saved = true;
  }

  protected override updated(): void {
    const s = this.surveyState;
    const f = this.#focus;
    if (f) {
      const root = this.renderRoot as ShadowRoot;
      let el: HTMLElement | null | undefined;
      if (typeof f === 'object') {
        // A moved ranking item: keep focus on its button for the same direction, or the other one at an end.
        const [up, down] = root.getElementById(`q-${f.q}`)?.querySelectorAll('li')[f.pos]?.querySelectorAll('button') ?? [];
        el = f.d < 0 ? (up?.disabled ? down : up) : down?.disabled ? up : down;
      } else el = root.getElementById(f)?.querySelector<HTMLElement>('input:not([disabled]), textarea, button:not([disabled])') ?? root.getElementById(f);
      // The thank-you message appears once the outbox has the response: keep asking until it does.
      if (el || f !== 'thanks') this.#focus = null;
      el?.focus();
    }
    const def = this.activeDefinition;
    if (def && this.ctl.handle?.loaded) {
      const vis = this.#visibility(def);
      const answered = [...vis.shown].filter((id) => isAnswered(own(this.answers, id))).length;
      const detail: PkSurveyProgressDetail = {
        surveyId: this.surveyId,
        page: Math.min(this.page, vis.pages.length - 1) + 1,
        pages: vis.pages.length,
        answered,
        total: vis.shown.size,
      };
      const sig = JSON.stringify(detail);
      if (sig !== this.#lastProgress) {
        this.#lastProgress = sig;
        this.dispatchEvent(new CustomEvent('pk-survey-progress', { detail, bubbles: true, composed: true }));
      }
      if (canModerate(this.ctl.session?.identity.role ?? 'participant') && !this.paused && s.count !== this.#lastCount) {
        if (this.#lastCount >= 0) this.#announcer.say(this.#i18n.t('surveyResponses', { n: s.count }));
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
