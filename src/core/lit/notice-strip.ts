import { html, nothing, render, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../client/session-client.js';
import type { TopicHandle } from '../client/topic-handle.js';
import { defineCatalog } from '../i18n/catalogs.js';
import type { CoreCatalog } from '../i18n/en.js';
import { activeNotices, noticesModel, NOTICES_TOPIC, type NoticesState } from '../protocol/notices-model.js';
import { pageSingleton } from '../protocol/page-singleton.js';
import type { AnnouncerController } from './announcer.js';
import { LazyModule } from './lazy-module.js';
import type { LocalizeController } from './localize-controller.js';
import type { StripMemo } from './notice-view.js';

/**
 * The notice view, its strings and the strip's work: one chunk for the page, loaded the first time a
 * notice shows, so a widget page pays up front only for following the topic (docs/decisions.md §47).
 */
export const noticeView = new LazyModule(() => import('./notice-view.js'), 'the notices');

/** What the strip reads from its widget: the session link, the language, the polite announcer. */
export interface NoticeStripDeps {
  /** The widget's session link. */
  ctl: { readonly session: SessionClient | null };
  /** The widget's localization (strings kept outside its catalog, formatting locale, language of people's text). */
  i18n: Pick<LocalizeController<CoreCatalog>, 'tOf' | 'f' | 'contentLang' | 'lang' | 'dir'>;
  /** The widget's polite announcer. */
  announcer: Pick<AnnouncerController, 'say'>;
}

/** What the notice view's chunk is handed: it imports nothing the widget's file holds. */
export interface NoticeKit {
  html: typeof html;
  nothing: typeof nothing;
  render: typeof render;
  pageSingleton: typeof pageSingleton;
  defineCatalog: typeof defineCatalog;
  activeNotices: typeof activeNotices;
}

/** The core's parts the notice view uses, handed to it. */
export const noticeKit: NoticeKit = { html, nothing, render, pageSingleton, defineCatalog, activeNotices };

/** A notice that ended longer ago than this (local clock) is not worth loading the view for. */
const STALE_MS = 10 * 60_000;

/**
 * The room's notices at the top of a widget's shadow root (`part="notices"`), when no `<pk-notices>`
 * shows them for the room. Up front it only follows `notices:room` on the widget's session; the
 * first time a notice is there it loads the view, which renders into a node of its own before the
 * widget's template (no widget's render makes room for it), announces each notice once per page,
 * and hides each when it ends on the authority's clock or is withdrawn. Focus never moves.
 */
export class NoticeStrip implements ReactiveController {
  #session: SessionClient | null = null;
  #handle: TopicHandle<NoticesState> | null = null;
  #unsubscribe: (() => void) | null = null;
  /** What the view keeps for this widget (its node, clock, timer). */
  readonly #memo: StripMemo = {};

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly deps: NoticeStripDeps,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const session = this.deps.ctl.session;
    if (session !== this.#session) this.#bind(session);
    this.#paint();
  }

  hostDisconnected(): void {
    this.#bind(null);
    this.#paint();
  }

  #bind(session: SessionClient | null): void {
    this.#unsubscribe?.();
    this.#handle?.release();
    this.#unsubscribe = null;
    this.#handle = null;
    this.#session = session;
    if (!session) return;
    this.#handle = session.topic(NOTICES_TOPIC, noticesModel);
    this.#unsubscribe = this.#handle.subscribe(this.#paint);
  }

  readonly #paint = (): void => {
    const fresh = this.#handle?.state.notices.some((n) => n.until > Date.now() - STALE_MS);
    if (!fresh && !noticeView.value) return;
    void noticeView.load().then(() =>
      noticeView.value?.paintStrip(noticeKit, {
        root: this.host.renderRoot,
        session: this.#session,
        handle: this.#handle,
        deps: this.deps,
        memo: this.#memo,
        repaint: this.#paint,
      }),
    );
  };
}
