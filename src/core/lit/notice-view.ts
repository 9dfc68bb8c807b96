/**
 * The view of a room's notices, loaded on demand (a dynamic import) by the strip every widget shows
 * and imported by `<pk-notices>`: a widget page downloads it, with the notices' strings in every
 * language, only when a notice first shows. Lit's `html` and `nothing` come in as parameters: this
 * chunk imports nothing that a widget's entry file holds (the bundler would otherwise split the
 * shared code into a chunk every page pays for up front).
 */
import type { html as Html, nothing as Nothing, TemplateResult } from 'lit';
import type { Notice } from '../protocol/notices-model.js';
import { noticeTables, type NoticeStrings } from '../i18n/notices.js';

export { noticeTables };

/** Lit's template tag and sentinel, handed over by the caller. */
export interface NoticeLit {
  html: typeof Html;
  nothing: typeof Nothing;
}

/** How to show a list of notices. */
export interface NoticeListOptions {
  /** The strings in the language the widget shows. */
  s: NoticeStrings;
  /** The widget's formatting locale (times in its digits). */
  locale: string;
  /** The language of the notices' text when it differs from the widget's (see `contentLang`). */
  contentLang?: string | undefined;
  /** Authority clock minus local clock (ms): notices end on the authority's clock, times show locally. */
  offset: number;
  /** Staff only: withdraws a notice (a button per notice). */
  withdraw?: (notice: Notice) => void;
}

/** The notices, oldest first: their text in its own direction isolate, and until when each shows. */
export function renderNoticeList({ html, nothing }: NoticeLit, notices: readonly Notice[], o: NoticeListOptions): TemplateResult {
  const time = new Intl.DateTimeFormat(o.locale, { hour: 'numeric', minute: '2-digit' });
  return html`<ul part="notices" class="pk-notices" aria-label=${o.s.noticesLabel}>
    ${notices.map(
      (n) => html`<li part="notice" class="pk-notice" data-notice=${n.id}>
        <span dir="auto" lang=${o.contentLang ?? nothing}>${n.text}</span>
        <span class="pk-notice-until">${o.s.noticeUntil({ time: time.format(n.until - o.offset) })}</span>
        ${
          o.withdraw
            ? html`<button type="button" aria-label=${o.s.noticeWithdrawNamed({ text: n.text })} @click=${() => o.withdraw!(n)}>
              ${o.s.noticeWithdraw}
            </button>`
            : nothing
        }
      </li>`,
    )}
  </ul>`;
}

/**
 * The notices' style rules, adopted into a widget's shadow root beside its own sheet when a notice
 * first shows there (a constructed sheet: no inline style, so a strict CSP allows it).
 */
export const noticeCss = `
.pk-notices { list-style: none; margin: 0 0 var(--_gap, 0.75em); padding: 0; display: grid; gap: 0.25em; }
.pk-notice {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25em 0.75em;
  padding-block: 0.4em; padding-inline: 0.75em;
  border: 0.0625em solid var(--_border, currentColor); border-inline-start: 0.3em solid var(--_accent, currentColor);
  border-radius: var(--_radius, 0.25em); background: var(--_bg, Canvas); color: var(--_fg, CanvasText); font-weight: 600;
}
.pk-notice-until { font-weight: normal; }
.pk-notice button { margin-inline-start: auto; }
`;
