import { html, nothing, unsafeCSS, type TemplateResult } from 'lit';
import type { NoticeStrings } from '../../core/i18n/notices.js';
import { AuthorityClock } from '../../core/lit/authority-clock.js';
import { baseStyles } from '../../core/lit/base-styles.js';
import type { Say } from '../../core/lit/localize-controller.js';
import { noticeKit } from '../../core/lit/notice-strip.js';
import { announceOnce, noticeCss, noticeStrings, placeNoticeArea, renderNoticeList } from '../../core/lit/notice-view.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { connectionLines, rejectionView, statusLine } from '../../core/lit/widget-views.js';
import {
  activeNotices,
  noticesModel,
  NOTICE_SECONDS,
  NOTICE_TEXT_MAX,
  type Notice,
  type NoticesState,
} from '../../core/protocol/notices-model.js';
import { noticesStrings } from './notices-strings.js';
import { noticesStyles } from './notices.styles.js';

/** Minutes a notice shows unless staff say otherwise. */
const DEFAULT_MINUTES = 5;

/**
 * `<pk-notices>`: where the room's notices show on a page, when the host places it (inside
 * `<pk-session>`, above the widgets): widgets of the room then show no notice strip of their own.
 * Everyone sees the notices still showing; facilitators and producers also get a small form to post
 * one (text, minutes) and a button to withdraw each. The authority refuses posts and withdrawals
 * from participants whatever the page shows (docs/decisions.md §47).
 *
 * @summary Notices to the class, and the staff form that posts them.
 * @csspart notices - The list of notices.
 * @csspart notice - One notice.
 * @csspart form - The staff form to post a notice.
 * @csspart status - Status line (connection).
 * @csspart error - An error message.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em).
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-surface - Background of a notice.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - The notice's rule and the post button.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkNotices extends PkWidget<NoticesState, typeof noticesStrings.en> {
  static override styles = [baseStyles, unsafeCSS(noticeCss), noticesStyles];

  #unplace: (() => void) | null = null;
  #placedRoom = '';
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // The authority's clock: notices end at an instant of it.
    super({
      kind: 'notices',
      idAttribute: 'notices',
      model: noticesModel,
      strings: noticesStrings,
      notices: false,
      clock: new AuthorityClock(),
    });
  }

  /** The room's one notices topic (`notices:room`). */
  protected get widgetId(): string {
    return 'room';
  }

  /** The notices showing now, on the authority's clock. */
  get notices(): Notice[] {
    return this.handle ? activeNotices(this.handle.state, this.clock.now()) : [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#place('');
  }

  /** Tells the room's widgets that this element shows its notices. */
  #place(room: string): void {
    if (room === this.#placedRoom) return;
    this.#unplace?.();
    this.#unplace = room ? placeNoticeArea(noticeKit, room) : null;
    this.#placedRoom = room;
  }

  #strings() {
    return noticeStrings(noticeKit, this.i18n);
  }

  async #post(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = (form.elements.namedItem('text') as HTMLInputElement).value;
    const minutes = Number((form.elements.namedItem('minutes') as HTMLInputElement).value) || DEFAULT_MINUTES;
    await this.act({
      type: 'post',
      data: { text, seconds: Math.round(minutes * 60) },
      confirm: this.#strings()('noticePosted'),
      onSend: () => form.reset(),
    });
  }

  async #withdraw(notice: Notice): Promise<void> {
    await this.act({
      type: 'withdraw',
      data: { id: notice.id },
      confirm: this.#strings()('noticeWithdrawn'),
      focus: () => this.renderRoot.querySelector<HTMLElement>('input[name="text"]'),
    });
  }

  protected override updated(): void {
    if (this.isConnected) this.#place(this.session?.room ?? '');
    const notices = this.notices;
    const s = this.#strings();
    for (const n of notices) announceOnce(noticeKit, n, s, (message) => this.announcer.say(message, true));
    // Render again when the first notice ends.
    clearTimeout(this.#timer);
    if (notices.length) {
      const next = Math.min(...notices.map((n) => n.until)) - this.clock.now();
      this.#timer = setTimeout(() => this.requestUpdate(), Math.min(Math.max(next, 0) + 50, 2 ** 31 - 1));
    }
  }

  protected override render(): TemplateResult {
    const s = this.#strings();
    const notices = this.notices;
    const staff = this.staff;
    const list = renderNoticeList({ html, nothing }, notices, {
      s,
      locale: this.i18n.f.locale,
      contentLang: this.i18n.contentLang,
      offset: this.clock.now() - Date.now(),
      withdraw: staff ? (n) => void this.#withdraw(n) : undefined,
    });
    return html`<div lang=${this.i18n.lang} dir=${this.i18n.dir}>
      ${notices.length ? list : staff ? html`<p class="note">${s('noticeNone')}</p>` : nothing}
      ${staff ? this.#renderForm(s) : nothing} ${staff ? statusLine(connectionLines(this.i18n, this.session)) : nothing}
      ${rejectionView(this.i18n, this.handle, {})} ${this.renderLiveRegion()}
    </div>`;
  }

  #renderForm(s: Say<NoticeStrings>): TemplateResult {
    const max = NOTICE_SECONDS.max / 60;
    return html`<form part="form" @submit=${(e: SubmitEvent) => void this.#post(e)}>
      <fieldset>
        <legend>${s('noticeFormLegend')}</legend>
        <label class="text">${s('noticeText')}<input name="text" required maxlength=${NOTICE_TEXT_MAX} autocomplete="off" /></label>
        <label>${s('noticeMinutes')}<input name="minutes" type="number" min="1" max=${max} step="1" value=${DEFAULT_MINUTES} /></label>
        <button type="submit" class="primary">${s('noticePost')}</button>
      </fieldset>
    </form>`;
  }
}
