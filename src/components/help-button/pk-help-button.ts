import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { baseStyles } from '../../core/lit/base-styles.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { connectionLines, rejectionView, statusLine } from '../../core/lit/widget-views.js';
import { collectDiagnostics } from './help-diagnostics.js';
import { StatusReporter } from './status-reporter.js';
import { diagnosticsList, HELP_ERRORS, KIND_LABELS, statusText, type Say } from './help-views.js';
import { helpModel, HELP_TEXT_MAX, latestRequestOf } from './help-model.js';
import { helpStyles } from './help.styles.js';
import { HELP_KINDS, type HelpDiagnostics, type HelpKind, type HelpRequest, type HelpState } from './help-types.js';
import { helpStrings } from './i18n/index.js';

/** Detail of `pk-help-request` (cancelable: cancel to stop the request). */
export interface PkHelpRequestDetail {
  /** The operation id (the request's id). */
  opId: string;
  /** What is wrong. */
  kind: HelpKind;
  /** Whether the person consented to share their diagnostics. */
  diagnostics: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A `<pk-help-button>` request is about to be sent. */
    'pk-help-request': CustomEvent<PkHelpRequestDetail>;
  }
}

/**
 * A participant's way to ask for technical help: a button that opens a small dialog (what is wrong,
 * a few words, and the connection details to share, only if they tick the box), then shows where
 * their request stands and the private replies of staff. Status changes are announced politely.
 * Facilitators and producers work the queue in `<pk-producer-console>`.
 *
 * @summary Tech-help request button for participants.
 * @fires {CustomEvent<PkHelpRequestDetail>} pk-help-request - A request is about to be sent (cancelable).
 * @csspart button - The button that opens the dialog.
 * @csspart status - Where my request stands, beside the button.
 * @csspart dialog - The dialog.
 * @csspart error - A refused request.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em).
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Dialog background.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - Buttons and the reply's rule.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkHelpButton extends PkWidget<HelpState, typeof helpStrings.en> {
  static override styles = [baseStyles, helpStyles];

  static override properties = {
    helpId: { attribute: 'help-id', reflect: true },
    open: { type: Boolean, reflect: true },
    reportStatus: { attribute: 'report-status', type: Boolean, reflect: true },
  };

  /** The help queue: `help:<help-id>` (default `room`, one queue per room). */
  helpId = 'room';
  /** Whether the dialog is open. */
  open = false;
  /**
   * Reports this page's connection health (state, connection type, actions waiting) to the room's
   * staff, for the producer console: set it when your page tells participants so (default off).
   */
  reportStatus = false;
  readonly #reporter = new StatusReporter();

  #kind: HelpKind = 'cant_hear';
  #consent = false;
  #said = '';

  constructor() {
    super({ kind: 'help', idAttribute: 'help-id', model: helpModel, strings: helpStrings, notices: false });
  }

  protected get widgetId(): string {
    return this.helpId;
  }

  /** My latest help request (open or not), or null. */
  get request(): HelpRequest | null {
    const h = this.ctl.handle;
    const me = this.ctl.session?.identity.id;
    return h && me ? latestRequestOf(h.state, me) : null;
  }

  #say: Say = (key, params) => (this.i18n.t as (k: string, p?: unknown) => string)(key, params);

  /** Announces a change of my request's status or a new reply, never the first reading. */
  protected override topicChanged(): void {
    super.topicChanged();
    this.#reporter.update(this.ctl.session, this.reportStatus, this.helpId, this.i18n.lang);
    const r = this.request;
    const now = r ? `${r.id}:${r.status}:${r.replies.length}` : '';
    if (this.#said && now && now !== this.#said && r) {
      const reply = r.replies.at(-1);
      const said = this.#said.split(':');
      this.announcer.say(
        reply && said[0] === r.id && Number(said[2]) < r.replies.length
          ? `${this.#say('helpReplyFrom', { name: reply.by })}: ${reply.text}`
          : statusText(this.#say, r),
      );
    }
    this.#said = now || this.#said;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#reporter.stop();
  }

  /** Opens the dialog; focus moves into it. */
  show(): void {
    this.open = true;
  }

  /** Closes the dialog; focus returns to the button. */
  close(): void {
    this.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('reportStatus') || changed.has('helpId'))
      this.#reporter.update(this.ctl.session, this.reportStatus, this.helpId, this.i18n.lang);
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) dialog.showModal();
    else if (!this.open && dialog.open) dialog.close();
  }

  #closed = () => {
    this.open = false;
    this.renderRoot.querySelector<HTMLElement>('[part="button"]')?.focus();
  };

  async #send(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const text = (form.elements.namedItem('text') as HTMLTextAreaElement).value;
    const session = this.ctl.session;
    const diagnostics: HelpDiagnostics | null = this.#consent && session ? collectDiagnostics(session) : null;
    const data = { kind: this.#kind, text, diagnostics };
    await this.act({
      type: 'ask',
      data,
      event: { name: 'pk-help-request', detail: (opId) => ({ opId, kind: data.kind, diagnostics: diagnostics !== null }) },
      confirm: this.#say('helpSent'),
      focus: () => this.renderRoot.querySelector<HTMLElement>('[data-focus]'),
    });
  }

  async #withdraw(r: HelpRequest): Promise<void> {
    await this.act({ type: 'withdraw', data: { id: r.id }, focus: () => this.renderRoot.querySelector<HTMLElement>('[data-focus]') });
  }

  protected override render(): TemplateResult {
    const problem = this.idProblem();
    if (problem) return this.renderAuthoringError(this.i18n.t('helpCannotShow'), problem);
    const r = this.request;
    const live = r && (r.status === 'open' || r.status === 'acknowledged');
    return html`<span lang=${this.i18n.lang} dir=${this.i18n.dir}>
      <button type="button" part="button" aria-haspopup="dialog" @click=${() => this.show()}>${this.i18n.t('helpButton')}</button
      >${live ? html`<span part="status">${statusText(this.#say, r)}</span>` : nothing}
      <dialog part="dialog" aria-labelledby="help-title" @close=${this.#closed}>
        <div class="head">
          <h2 id="help-title">${this.i18n.t('helpTitle')}</h2>
          <button type="button" @click=${() => this.close()}>${this.i18n.t('helpClose')}</button>
        </div>
        ${this.open ? this.#renderBody(r) : nothing}
      </dialog>
      ${this.renderLiveRegion()}
    </span>`;
  }

  #renderBody(r: HelpRequest | null): TemplateResult {
    const live = r && (r.status === 'open' || r.status === 'acknowledged');
    return html`${statusLine(connectionLines(this.i18n, this.ctl.session))} ${rejectionView(this.i18n, this.ctl.handle, HELP_ERRORS)}
    ${r ? this.#renderRequest(r, !!live) : nothing} ${live ? nothing : this.#renderForm()}`;
  }

  #renderRequest(r: HelpRequest, live: boolean): TemplateResult {
    return html`<section aria-labelledby="help-mine">
      <h3 id="help-mine">${this.i18n.t('helpYourRequest')}</h3>
      <p><strong>${this.#say(KIND_LABELS[r.kind])}</strong>${r.text ? html` · <bdi>${r.text}</bdi>` : nothing}</p>
      <p data-focus tabindex="-1">${statusText(this.#say, r)}</p>
      ${r.replies.map(
        (reply) =>
          html`<blockquote>
            <p class="note">${this.i18n.t('helpReplyFrom', { name: reply.by })}</p>
            <p><bdi>${reply.text}</bdi></p>
          </blockquote>`,
      )}
      ${live ? html`<button type="button" @click=${() => void this.#withdraw(r)}>${this.i18n.t('helpWithdraw')}</button>` : html`<p class="note">${this.i18n.t('helpAskAgain')}</p>`}
    </section>`;
  }

  #renderForm(): TemplateResult {
    const session = this.ctl.session;
    const d = session ? collectDiagnostics(session) : null;
    return html`<form @submit=${(e: Event) => void this.#send(e)}>
      <fieldset>
        <legend>${this.i18n.t('helpKindLegend')}</legend>
        ${HELP_KINDS.map(
          (kind) =>
            html`<label
              ><input
                type="radio"
                name="kind"
                value=${kind}
                .checked=${this.#kind === kind}
                @change=${() => (this.#kind = kind)}
              />${this.#say(KIND_LABELS[kind])}</label
            >`,
        )}
      </fieldset>
      <label for="help-text">${this.i18n.t('helpText')}</label>
      <textarea id="help-text" name="text" rows="2" maxlength=${HELP_TEXT_MAX} aria-describedby="help-hint"></textarea>
      <p id="help-hint" class="hint">${this.i18n.t('helpTextHint', { n: HELP_TEXT_MAX })}</p>
      <label
        ><input
          type="checkbox"
          name="consent"
          .checked=${this.#consent}
          @change=${(e: Event) => (this.#consent = (e.target as HTMLInputElement).checked)}
        />${this.i18n.t('helpConsent')}</label
      >
      ${d ? diagnosticsList(this.#say, d) : nothing}
      <p class="note">${this.i18n.t('helpConsentNote')}</p>
      <button type="submit" class="primary" data-focus>${this.i18n.t('helpSend')}</button>
    </form>`;
  }
}
