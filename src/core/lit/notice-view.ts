/**
 * The view of a room's notices and the strip's work, loaded on demand (a dynamic import) by the
 * strip every widget shows and imported by `<pk-notices>`: a widget page downloads it, with the
 * notices' strings in every language, only when a notice first shows. What it needs from the core
 * (Lit's `html`, `nothing`, `render`, the page singleton, the catalog functions) comes in as the
 * `kit` parameter: this chunk imports nothing that a widget's entry file holds (the bundler would
 * otherwise split the shared code into a chunk every page pays for up front).
 */
import type { html as Html, nothing as Nothing, TemplateResult } from 'lit';
import type { TopicHandle } from '../client/topic-handle.js';
import type { SessionClient } from '../client/session-client.js';
import type { Notice, NoticesState } from '../protocol/notices-model.js';
// Imported, not handed over: thread and survey pages hold no clock up front, so they would pay for it.
import { AuthorityClock } from './authority-clock.js';
import { noticeTables, type NoticeStrings } from '../i18n/notices.js';
import type { NoticeKit, NoticeStripDeps } from './notice-strip.js';
import type { Strings } from '../i18n/catalogs.js';
import type { Say } from './localize-controller.js';

/** Shared by every copy of this version on the page (see `pageOf`). */
interface NoticePage {
  areas: Map<string, number>;
  strips: Set<() => void>;
  said: Set<string>;
}

/**
 * What every copy of Pulsekit on the page shares about notices: rooms whose notices a host placed
 * in a `<pk-notices>` (their widgets then show no strip of their own), the strips to repaint when
 * that changes, and the notices already announced (one announcement per page, not per widget).
 */
const pageOf = (kit: NoticeKit): NoticePage =>
  kit.pageSingleton<NoticePage>('notices', () => ({ areas: new Map(), strips: new Set(), said: new Set() }));

/** Marks `room`'s notices as shown by a `<pk-notices>`; returns the function that unmarks it. */
export function placeNoticeArea(kit: NoticeKit, room: string): () => void {
  const page = pageOf(kit);
  page.areas.set(room, (page.areas.get(room) ?? 0) + 1);
  page.strips.forEach((repaint) => repaint());
  return () => {
    page.areas.set(room, page.areas.get(room)! - 1);
    page.strips.forEach((repaint) => repaint());
  };
}

/** Says `notice` through `say` unless something on the page already said it. */
export function announceOnce(kit: NoticeKit, notice: Notice, s: Say<NoticeStrings>, say: (message: string) => void): void {
  const { said } = pageOf(kit);
  if (said.has(notice.id)) return;
  said.add(notice.id);
  say(s('noticeSaid', { text: notice.text }));
}

let catalog: Strings<NoticeStrings> | undefined;
/** The notices' strings as a widget shows them (host strings registered under `notices` included). */
export function noticeStrings(kit: NoticeKit, i18n: NoticeStripDeps['i18n']): Say<NoticeStrings> {
  const { en, ...rest } = noticeTables;
  catalog ??= kit.defineCatalog('notices', en!, {}, rest);
  return i18n.tOf(catalog);
}

/** What a strip keeps between paints: its node, its clock, its timer. */
export interface StripMemo {
  node?: HTMLElement;
  clock?: AuthorityClock;
  timer?: ReturnType<typeof setTimeout>;
  listening?: boolean;
}

/** One widget's strip as the up-front controller hands it over. */
export interface StripContext {
  root: HTMLElement | DocumentFragment;
  session: SessionClient | null;
  handle: TopicHandle<NoticesState> | null;
  deps: NoticeStripDeps;
  memo: StripMemo;
  repaint: () => void;
}

/** The notices' style rules as one sheet for every widget of this copy (made on first use). */
let sheet: CSSStyleSheet | undefined;

/** Paints one widget's strip: the notices showing now, unless a `<pk-notices>` shows the room's. */
export function paintStrip(kit: NoticeKit, { root, session, handle, deps, memo, repaint }: StripContext): void {
  const page = pageOf(kit);
  clearTimeout(memo.timer);
  // Only a bound strip listens for <pk-notices> coming and going.
  if (!!handle !== !!memo.listening) page.strips[handle ? 'add' : 'delete'](repaint);
  memo.listening = !!handle;
  const clock = (memo.clock ??= new AuthorityClock());
  if (handle) clock.follow(handle);
  const placed = (page.areas.get(session?.room ?? '') ?? 0) > 0;
  const notices = handle && !placed ? kit.activeNotices(handle.state, clock.now()) : [];
  if (!notices.length) {
    if (memo.node) kit.render(kit.nothing, memo.node);
    return;
  }
  if (!memo.node) {
    memo.node = document.createElement('div');
    root.prepend(memo.node);
    if (root instanceof ShadowRoot) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(noticeCss);
      }
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }
  const { i18n, announcer } = deps;
  // Widgets mark their language on a wrapper inside their root, not on the host: mark the strip too.
  memo.node.lang = i18n.lang;
  memo.node.dir = i18n.dir;
  const s = noticeStrings(kit, i18n);
  kit.render(renderNoticeList(kit, notices, { s, locale: i18n.f.locale, contentLang: i18n.contentLang, offset: clock.offset }), memo.node);
  // Important: said at once, and not replaced by the widget's own chatter in the same interval.
  for (const n of notices) announceOnce(kit, n, s, (message) => announcer.say(message, true));
  // Repaint when the first of them ends (on the authority's clock, read through the local one).
  const next = Math.min(...notices.map((n) => n.until)) - clock.now();
  memo.timer = setTimeout(repaint, Math.min(Math.max(next, 0) + 50, 2 ** 31 - 1));
}

/** Lit's template tag and sentinel, handed over by the caller. */
export interface NoticeLit {
  html: typeof Html;
  nothing: typeof Nothing;
}

/** How to show a list of notices. */
export interface NoticeListOptions {
  /** The strings in the language the widget shows. */
  s: Say<NoticeStrings>;
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
  return html`<ul part="notices" class="pk-notices" aria-label=${o.s('noticesLabel')}>
    ${notices.map(
      (n) => html`<li part="notice" class="pk-notice" data-notice=${n.id}>
        <span dir="auto" lang=${o.contentLang ?? nothing}>${n.text}</span>
        <span class="pk-notice-until">${o.s('noticeUntil', { time: time.format(n.until - o.offset) })}</span>
        ${
          o.withdraw
            ? html`<button type="button" aria-label=${o.s('noticeWithdrawNamed', { text: n.text })} @click=${() => o.withdraw!(n)}>
              ${o.s('noticeWithdraw')}
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
