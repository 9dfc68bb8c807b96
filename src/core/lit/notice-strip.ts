import { html, nothing, render, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../client/session-client.js';
import type { TopicHandle } from '../client/topic-handle.js';
import { defineCatalog, catalogNow, type Strings } from '../i18n/catalogs.js';
import type { NoticeStrings } from '../i18n/notices.js';
import { activeNotices, noticesModel, NOTICES_TOPIC, type Notice, type NoticesState } from '../protocol/notices-model.js';
import { pageSingleton } from '../protocol/page-singleton.js';
import type { CoreCatalog } from '../i18n/en.js';
import type { AnnouncerController } from './announcer.js';
import { AuthorityClock } from './authority-clock.js';
import type { LocalizeController } from './localize-controller.js';
import { LazyModule } from './lazy-module.js';

/**
 * The notice view and its strings: one chunk for the page, loaded the first time a notice shows,
 * so a widget page pays up front only for following the topic (docs/decisions.md §47).
 */
export const noticeView = new LazyModule(() => import('./notice-view.js'), 'the notices');

/**
 * What every copy of Pulsekit on the page shares about notices: rooms whose notices a host placed
 * in a `<pk-notices>` (their widgets then show no strip of their own), the strips to repaint when
 * that changes, and the notices already announced (one announcement per page, not per widget).
 */
const page = pageSingleton('notices', () => ({
  areas: new Map<string, number>(),
  strips: new Set<() => void>(),
  said: new Set<string>(),
}));

/** Marks `room`'s notices as shown by a `<pk-notices>`; returns the function that unmarks it. */
export function placeNoticeArea(room: string): () => void {
  page.areas.set(room, (page.areas.get(room) ?? 0) + 1);
  page.strips.forEach((repaint) => repaint());
  return () => {
    page.areas.set(room, page.areas.get(room)! - 1);
    page.strips.forEach((repaint) => repaint());
  };
}

/** Says `notice` through `say` unless something on the page already said it. */
export function announceOnce(notice: Notice, s: NoticeStrings, say: (message: string) => void): void {
  if (page.said.has(notice.id)) return;
  page.said.add(notice.id);
  say(s.noticeSaid({ text: notice.text }));
}

/** The notices' style rules as one sheet for every widget of this copy (made on first use). */
let sheet: CSSStyleSheet | undefined;
let catalog: Strings<NoticeStrings> | undefined;
/** The notices' strings for a widget's catalog key (host strings registered under `notices` included). */
export function noticeStrings(tables: Readonly<Record<string, NoticeStrings>>, lang: string): NoticeStrings {
  const { en, ...rest } = tables;
  catalog ??= defineCatalog('notices', en!, {}, rest);
  return catalogNow(catalog, lang) ?? en!;
}

/** What the strip reads from its widget: the session link, the language, the polite announcer. */
export interface NoticeStripDeps {
  /** The widget's session link. */
  ctl: { readonly session: SessionClient | null };
  /** The widget's localization (catalog key, formatting locale, language of people's text). */
  i18n: Pick<LocalizeController<CoreCatalog>, 'catalogLang' | 'f' | 'contentLang' | 'lang' | 'dir'>;
  /** The widget's polite announcer. */
  announcer: Pick<AnnouncerController, 'say'>;
}

/**
 * The room's notices at the top of a widget's shadow root (`part="notices"`), when no `<pk-notices>`
 * shows them for the room: follows `notices:room` on the widget's session, loads the view the first
 * time a notice shows, announces each notice once per page, and hides each one when it ends on the
 * authority's clock or is withdrawn. It renders into a node of its own before the widget's template,
 * so no widget's render has to make room for it, and never moves focus.
 */
export class NoticeStrip implements ReactiveController {
  readonly #clock = new AuthorityClock();
  #session: SessionClient | null = null;
  #handle: TopicHandle<NoticesState> | null = null;
  #unsubscribe: (() => void) | null = null;
  #node: HTMLElement | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #repaint = () => this.#paint();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly deps: NoticeStripDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    page.strips.add(this.#repaint);
  }

  hostUpdated(): void {
    const session = this.deps.ctl.session;
    if (session !== this.#session) this.#bind(session);
    this.#paint();
  }

  hostDisconnected(): void {
    page.strips.delete(this.#repaint);
    this.#bind(null);
  }

  #bind(session: SessionClient | null): void {
    this.#unsubscribe?.();
    this.#handle?.release();
    this.#unsubscribe = null;
    this.#handle = null;
    this.#session = session;
    if (!session) return;
    this.#handle = session.topic(NOTICES_TOPIC, noticesModel);
    this.#unsubscribe = this.#handle.subscribe(this.#repaint);
  }

  #paint(): void {
    clearTimeout(this.#timer);
    const handle = this.#handle;
    if (handle) this.#clock.follow(handle);
    const placed = (page.areas.get(this.#session?.room ?? '') ?? 0) > 0;
    const notices = handle && !placed ? activeNotices(handle.state, this.#clock.now()) : [];
    if (!notices.length) {
      if (this.#node) render(nothing, this.#node);
      return;
    }
    const view = noticeView.value;
    if (!view) {
      void noticeView.load().then(this.#repaint);
      return;
    }
    const root = this.host.renderRoot;
    if (!this.#node) {
      this.#node = document.createElement('div');
      root.prepend(this.#node);
      if (root instanceof ShadowRoot) {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(view.noticeCss);
        }
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      }
    }
    const { i18n, announcer } = this.deps;
    // Widgets mark their language on a wrapper inside their root, not on the host: mark the strip too.
    this.#node.lang = i18n.lang;
    this.#node.dir = i18n.dir;
    const s = noticeStrings(view.noticeTables, i18n.catalogLang);
    render(
      view.renderNoticeList({ html, nothing }, notices, {
        s,
        locale: i18n.f.locale,
        contentLang: i18n.contentLang,
        offset: this.#clock.offset,
      }),
      this.#node,
    );
    // Important: said at once, and not replaced by the widget's own chatter in the same interval.
    for (const n of notices) announceOnce(n, s, (message) => announcer.say(message, true));
    // Repaint when the first of them ends (on the authority's clock, read through the local one).
    const next = Math.min(...notices.map((n) => n.until)) - this.#clock.now();
    this.#timer = setTimeout(this.#repaint, Math.min(Math.max(next, 0) + 50, 2 ** 31 - 1));
  }
}
