import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AnnouncerController } from '../../core/lit/announcer.js';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { StatusAnnouncer } from '../../core/lit/status-announcer.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { connectionLines, rejectionView, statusLine, unsafeNote } from '../../core/lit/widget-views.js';
import type { Ack } from '../../core/protocol/wire.js';
import { DraftAutosave } from './draft-autosave.js';
import { surveyStrings, SURVEY_ERRORS } from './i18n/index.js';
import { button, fieldOf } from './question-view.js';
import { surveyStyles } from './session-survey.styles.js';
import { actionsRow, renderForm, renderThanks, type FormView } from './survey-form-view.js';
import { DefinitionSource } from './survey-definition.js';
import { ResultsLoader } from './survey-results-loader.js';
import type { PkSurveyProgressDetail } from './survey-events.js';
import { hasResponded, initialSurveyState, myResponse, SURVEY_KIND, surveyModel } from './survey-model.js';
import { pageProblems, progressOf } from './survey-outlook.js';
import { checkAnswer, checkAnswers, checkContext, own, put, walk, type Problem } from './survey-schema.js';
import type {
  SurveyAnswer,
  SurveyAnswers,
  SurveyDefinition,
  SurveyDefinitionInput,
  SurveyQuestion,
  SurveyResponseContext,
  SurveyState,
} from './survey-types.js';

// The results chunk takes these from here, so that they stay in the element's file.
export { actionsRow, button };

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
 * @csspart notices - The room's notices at the top, when no `<pk-notices>` shows them.
 * @csspart notice - One notice.
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
export class PkSessionSurvey extends PkWidget<SurveyState, typeof surveyStrings.en> {
  static override styles = [baseStyles, frameStyles, surveyStyles];
  // Declared here rather than with decorators: one object minifies to far less than a decorator call per field.
  static override properties = {
    surveyId: { attribute: 'survey-id', reflect: true },
    definition: { attribute: false },
    src: {},
    sessionLabel: { attribute: 'session-label' },
    hiddenFields: {
      attribute: 'hidden-fields',
      converter: { fromAttribute: (v: string | null) => Object.fromEntries(new URLSearchParams(v ?? '')) },
    },
    invited: { type: Number },
    // Internal state (`private` fields below). Spread in: the manifest analyzer ignores `state: true`
    // and would list these as attributes.
    ...{
      answers: { state: true },
      page: { state: true },
      errors: { state: true },
      editing: { state: true },
      preview: { state: true },
    },
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

  /** Says at once what a question's own controls did (a ranking moved), beside the base's throttled region. */
  readonly #quick = new AnnouncerController(this, 200);
  readonly #source = new DefinitionSource(this, { definition: () => this.definition, src: () => this.src });
  readonly #drafts = new DraftAutosave(this, {
    key: () => {
      const session = this.ctl.session;
      return session && this.topicName() ? [session.room, this.surveyId, session.identity.id] : null;
    },
    snapshot: () => ({ answers: this.answers, page: this.page, editing: this.editing }),
    restore: (d) => {
      // Anything typed while the draft loaded wins over it, and keeps its page (the form paints
      // before the draft is read: decisions §49).
      const typed = Object.keys(this.answers).length > 0;
      this.answers = { ...d.answers, ...this.answers };
      if (!typed) this.page = Number.isSafeInteger(d.page) && d.page >= 0 ? d.page : 0;
      this.editing = d.editing === true;
    },
    clear: () => (this.answers = {}),
    saved: () => {
      if (this.editing || !hasResponded(this.surveyState, this.#me())) this.announcer.say(this.i18n.t('surveyDraftSaved'));
    },
  });
  readonly #status = new StatusAnnouncer((m) => this.announcer.say(m));
  #sending = false;
  /** The results view (facilitators only), loaded on first use. */
  readonly #results = new ResultsLoader(this, {
    t: this.i18n,
    el: this,
    authored: () => this.#source.authored()[0],
    preview: (on) => this.#view(on),
    watching: () => this.staff && !!this.activeDefinition && !!this.ctl.handle?.loaded,
    say: (m) => this.announcer.say(m),
  });
  /** What to focus after the next render (page moves, errors, views): a selector, and whether its last match (else its first). */
  #focus: [selector: string, last?: boolean] | null = null;

  constructor() {
    super({ kind: SURVEY_KIND, idAttribute: 'survey-id', model: surveyModel, strings: surveyStrings });
  }

  protected get widgetId(): string {
    return this.surveyId;
  }

  /** The survey's live state (confirmed by the authority, with my pending actions applied). */
  get surveyState(): SurveyState {
    return this.ctl.handle?.state ?? initialSurveyState();
  }

  /** Resolves when the strings for the element's language are loaded (the results view's too, once loaded). */
  override get localeReady(): Promise<unknown> {
    return Promise.all([this.i18n.ready(), this.#results.ready()]);
  }

  /** The answers being given (the unsent draft). */
  get currentAnswers(): SurveyAnswers {
    return this.answers;
  }

  /** The definition in use: the one a facilitator published, else the page's (null while loading or invalid). */
  get activeDefinition(): SurveyDefinition | null {
    return this.surveyState.definition ?? this.#source.authored()[0];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#drafts.follow();
    const handle = this.ctl.handle;
    const me = this.ctl.session?.identity.id;
    // Once the authority holds my response, the draft on this device has done its job.
    if (me && this.#drafts.stored && !this.editing && handle?.loaded && hasResponded(handle.confirmed, me) && !this.#pending())
      void this.#drafts.discard();
  }

  #pending() {
    return this.ctl.handle?.pending.find((p) => p.op.type === 'submit');
  }

  #problem(): string | null | undefined {
    const p = this.idProblem() ?? this.#source.authored()[1];
    if (p) return p;
    const ctx = checkContext(this.#context(this.activeDefinition));
    if (typeof ctx === 'string') return `hidden-fields: ${ctx}`;
  }

  #context(def: SurveyDefinition | null): SurveyResponseContext {
    return { room: this.ctl.session?.room ?? '', session: this.sessionLabel, hidden: { ...def?.hidden, ...this.hiddenFields } };
  }

  #visiblePages(def: SurveyDefinition): number[] {
    return walk(def, (q) => own(this.answers, q.id)).pages;
  }

  // -------------------------------------------------------------------------------------------
  // Render

  protected override render(): TemplateResult {
    const t = this.i18n;
    const problem = this.#problem();
    if (problem) return this.renderAuthoringError(t.t('surveyCannotShow'), problem);
    const def = this.activeDefinition;
    const handle = this.ctl.handle;
    const session = this.ctl.session;
    const s = this.surveyState;
    const pendingOp = this.#pending();
    const pending = pendingOp?.status;
    const moderator = this.staff;
    const results = moderator && !this.preview;
    const connection = connectionLines(t, session, false);
    this.#status.update(connection);
    const status = [
      ...connection,
      this.#drafts.saved && (this.editing || !hasResponded(s, this.#me())) ? t.t('surveyDraftSaved') : '',
    ].filter(Boolean);
    const statusView = statusLine(status);
    // A participant's form paints from the page's definition at once; the authority's state (a sent
    // response, a closed survey, a published definition) replaces it when it comes (decisions §49).
    // Staff see results: they wait for the state, unless it cannot come now.
    const body =
      !def ||
      !handle ||
      !session ||
      (!handle.loaded && results && !(session.status === 'offline' || session.status === 'failed' || session.failure))
        ? html`<p part="status">${t.t('surveyLoading')}</p>${statusView}`
        : html`<h2 part="title" id="title" tabindex="-1" dir="auto" lang=${t.contentLang ?? nothing}>${def.title}</h2>
            ${def.description && !results ? html`<p class="note" dir="auto" lang=${t.contentLang ?? nothing}>${def.description}</p>` : nothing} ${statusView}
            ${
              results
                ? this.#results.render(def)
                : (hasResponded(s, this.#me()) || pending) && !this.editing
                  ? renderThanks(this.#formView(def), s, pending, unsafeNote(t, pendingOp))
                  : s.closed
                    ? html`<p part="status">${t.t('surveyClosed')}</p>`
                    : renderForm(this.#formView(def))
            }
            ${rejectionView(t, handle, SURVEY_ERRORS)}
            ${moderator && this.preview ? this.#results.renderShowResults() : nothing}`;
    return html`<div part="base" lang=${t.lang} dir=${t.dir}>
      ${body} ${this.renderLiveRegion()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#quick.text}</div>
    </div>`;
  }

  /** Facilitators: the form as participants see it (`preview`), or back to the results; focus at the top of the new view. */
  #view(preview: boolean): void {
    this.preview = preview;
    this.#focus = ['#title'];
  }

  /** What the form and the thank-you read and do. */
  #formView(def: SurveyDefinition): FormView {
    return {
      t: this.i18n,
      def,
      answers: this.answers,
      errors: this.errors,
      page: this.page,
      editing: this.editing,
      set: this.#set,
      focusAfter: (f) => (this.#focus = f),
      say: (m) => this.#quick.say(m),
      submit: this.#onSubmit,
      go: (page) => this.#go(page),
      startEdit: this.#startEdit,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Answers and pages

  #set = (q: SurveyQuestion, v: SurveyAnswer): void => {
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
    this.#drafts.schedule();
  };

  /**
   * Shows the problems of the visible questions on `pages` (indexes into the definition), by
   * question id, and focuses the first (on its page). True when there are none.
   */
  #check(def: SurveyDefinition, pages: number[]): boolean {
    const { errors, at } = pageProblems(def, this.answers, pages);
    this.errors = errors;
    const first = Object.keys(errors)[0];
    if (first === undefined) return true;
    this.#focus = [fieldOf(first)];
    if (at >= 0) this.page = at;
    return false;
  }

  #go(page: number): void {
    this.page = page;
    this.errors = {};
    this.#focus = ['#page-h'];
    this.#drafts.schedule();
  }

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const def = this.activeDefinition;
    if (!def) return;
    const pages = this.#visiblePages(def);
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
    // One response in flight at a time (a double click must not send twice).
    if (!def || this.#sending || !this.#check(def, this.#visiblePages(def))) return null;
    const checked = checkAnswers(def, this.answers);
    if ('code' in checked) return null;
    const { answers } = checked;
    this.#sending = true;
    try {
      const { ack } = await this.act({
        type: 'submit',
        // Read once the session is there: the context names its room.
        data: () => ({ answers, context: this.#context(def), allowEdit: def.allowEdit === true, anonymous: def.anonymous !== false }),
        event: {
          name: 'pk-survey-submit',
          detail: (_, { context }) => ({ surveyId: this.surveyId, answers, context, edit: hasResponded(this.surveyState, this.#me()) }),
        },
        // The thank-you takes the form's place: focus follows it.
        focus: () => this.renderRoot.querySelector<HTMLElement>('#thanks'),
        onSend: () => {
          this.editing = false;
          this.#drafts.schedule(0);
        },
      });
      if (ack && ack.status !== 'rejected') await this.#drafts.discard();
      return ack;
    } finally {
      this.#sending = false;
    }
  }

  #me(): string {
    return this.ctl.session?.identity.id ?? '';
  }

  #startEdit = (): void => {
    const mine = myResponse(this.surveyState, this.#me());
    if (mine) this.answers = { ...mine.answers };
    this.editing = true;
    this.#go(0);
  };

  protected override updated(): void {
    if (this.#focus) {
      const [sel, last] = this.#focus;
      const all = this.renderRoot.querySelectorAll<HTMLElement>(sel);
      const el = all[last ? all.length - 1 : 0];
      this.#focus = null;
      el?.focus();
    }
    const def = this.activeDefinition;
    if (def && this.ctl.handle?.loaded) {
      const detail: PkSurveyProgressDetail = { surveyId: this.surveyId, ...progressOf(def, this.answers, this.page) };
      this.emitChange('pk-survey-progress', detail, () => detail);
    }
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
