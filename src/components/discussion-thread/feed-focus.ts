import type { LitElement, ReactiveController } from 'lit';
import type { ThreadRow } from './thread-model.js';

/** What the feed's focus management needs from the thread element besides its DOM. */
export interface FeedFocusHooks {
  /** The rows in reading order, and each post's index among them. */
  rows(): { rows: ThreadRow[]; index: Map<string, number> };
  /** Asks the virtualizer (when there is one) to bring row `index` on screen; may throw while it starts. */
  scrollRowIntoView(index: number): void;
}

/**
 * Roving focus in the thread's feed (one tabbable post; arrows, j/k, Home and End move it), and
 * focus given back when an update removes the focused post, without ever fighting the reader's
 * scrolling (issue #12):
 *
 * - The page is scrolled only when the reader moved focus on purpose (keyboard navigation, "show
 *   new posts", closing a reply or edit box): the post may be off screen, so it is brought into view.
 * - Focus given back after the focused element went away (a re-render, a deleted post) goes only
 *   to a post that is rendered at that moment, with `preventScroll`; it never scrolls and never asks
 *   the virtualizer to bring a row back. In a virtualized list the focused post also goes away when
 *   it scrolls off screen: then it is simply not rendered, and focus stays where the browser put it.
 * - Once the reader (or the host page) scrolls after focus went away, focus is not given back at
 *   all: a post that scrolls back into view later does not take focus.
 */
export class FeedFocus implements ReactiveController {
  /** The post that holds the roving tabindex (null: the first row). */
  id: string | null = null;
  /** Focus was in the feed and has not been moved elsewhere by the user since. */
  #hadFocus = false;
  /** Focus went away with its element; waiting for the post to be rendered again. */
  #lost = false;
  #lastIndex = 0;
  #token = 0;
  /** A deliberate move is under way (it may scroll, and its own focus changes are not losses). */
  #moving = false;

  constructor(
    private readonly host: LitElement,
    private readonly hooks: FeedFocusHooks,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // An update may have removed the focused element (a deleted post, a closed form).
    this.#restore();
  }

  hostDisconnected(): void {
    this.#giveUp();
  }

  /** The id of the post that is tabbable among `rows`: the focused one, else the first. */
  tabbable(rows: ThreadRow[], index: Map<string, number>): string | null {
    if (this.id === null || !index.has(this.id)) this.id = rows[0]?.id ?? null;
    return this.id;
  }

  /** Arrow keys, j/k, PageUp/PageDown, Home and End on a post. */
  onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement;
    if (target.closest('textarea, input, select, [contenteditable]')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const article = target.closest('article[data-id]') as HTMLElement | null;
    if (!article) return;
    const { rows, index } = this.hooks.rows();
    const at = index.get(article.dataset.id ?? '') ?? 0;
    let to: number | null = null;
    if (e.key === 'ArrowDown' || e.key === 'j' || e.key === 'PageDown') to = Math.min(rows.length - 1, at + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k' || e.key === 'PageUp') to = Math.max(0, at - 1);
    else if (e.key === 'Home' && target === article) to = 0;
    else if (e.key === 'End' && target === article) to = rows.length - 1;
    if (to === null) return;
    e.preventDefault();
    void this.toRow(to);
  };

  onFocusIn = (e: FocusEvent): void => {
    this.#hadFocus = true;
    this.#settle();
    const article = (e.target as HTMLElement).closest('article[data-id]') as HTMLElement | null;
    const id = article?.dataset.id;
    if (id === undefined) return;
    this.#lastIndex = this.hooks.rows().index.get(id) ?? this.#lastIndex;
    if (id !== this.id) {
      this.id = id;
      this.host.requestUpdate();
    }
  };

  onFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    const feed = this.host.renderRoot.querySelector('[part~=feed]');
    if (to && feed?.contains(to)) return;
    if (to) {
      this.#giveUp(); // the user moved on
      return;
    }
    const from = e.target as HTMLElement;
    requestAnimationFrame(() => {
      if (!from.isConnected)
        this.#restore(); // removed by an update, or scrolled out of a virtualized list
      else if (!this.#active()) this.#giveUp(); // a click outside, on nothing focusable
    });
  };

  /** The virtualizer rendered another range: a post that lost its element may be back. */
  onVisibility = (e: Event): void => {
    if (this.#lost) {
      this.#restore();
      return;
    }
    // Keep the one tabbable post among the rendered ones when focus is elsewhere.
    const { first, last } = e as unknown as { first: number; last: number };
    const { rows, index } = this.hooks.rows();
    if (this.#active()?.closest('[part~=feed]') || !rows[first]) return;
    const at = this.id ? (index.get(this.id) ?? -1) : -1;
    if (at < first || at > last) {
      this.id = rows[first].id;
      this.host.requestUpdate();
    }
  };

  /** Moves focus to post `id` and brings it into view: the reader asked for it. */
  async toPost(id: string): Promise<void> {
    const index = this.hooks.rows().index.get(id);
    if (index !== undefined) await this.toRow(index);
  }

  /** Moves focus to row `index` and brings it into view: the reader asked for it. */
  async toRow(index: number): Promise<void> {
    this.#moving = true;
    try {
      await this.#move(index);
    } finally {
      this.#moving = false;
    }
  }

  #active(): Element | null {
    return this.host.shadowRoot?.activeElement ?? null;
  }

  #find(id: string): HTMLElement | undefined {
    return [...this.host.renderRoot.querySelectorAll<HTMLElement>('article[data-id]')].find((a) => a.dataset.id === id);
  }

  async #move(index: number): Promise<void> {
    const row = this.hooks.rows().rows[index];
    if (!row) return;
    const token = ++this.#token;
    this.#lastIndex = index;
    this.#hadFocus = true;
    this.#settle();
    if (this.id !== row.id) {
      this.id = row.id;
      this.host.requestUpdate(); // moves the roving tabindex
    }
    await this.host.updateComplete;
    if (token !== this.#token) return;
    let el = this.#find(row.id);
    for (let i = 0; i < 20 && !el; i++) {
      // Not rendered: a virtualized row off screen. Ask the virtualizer for it (it throws while its
      // layout is still starting: try again a few frames later).
      try {
        if (i % 5 === 0) this.hooks.scrollRowIntoView(index);
      } catch {
        /* not ready yet */
      }
      await new Promise((r) => requestAnimationFrame(r));
      if (token !== this.#token) return;
      el = this.#find(row.id);
    }
    if (el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Gives focus back to the post that had it (or took its place), if it is rendered; never scrolls. */
  #restore(): void {
    if (!this.#hadFocus || this.#moving || this.#active()) return;
    const { rows, index } = this.hooks.rows();
    if (rows.length === 0) return;
    const at = this.id !== null && index.has(this.id) ? index.get(this.id)! : Math.min(this.#lastIndex, rows.length - 1);
    const row = rows[at]!;
    const el = this.#find(row.id);
    if (!el) {
      this.#lose(); // not on screen (yet): wait for it, unless the reader scrolls meanwhile
      return;
    }
    this.#lastIndex = at;
    if (this.id !== row.id) {
      this.id = row.id;
      this.host.requestUpdate();
    }
    el.focus({ preventScroll: true });
  }

  #lose(): void {
    if (this.#lost) return;
    this.#lost = true;
    // Capture: scroll events of inner scrollers do not bubble, and the host page may scroll any of them.
    window.addEventListener('scroll', this.#onScroll, { capture: true, passive: true });
  }

  #onScroll = (): void => {
    if (!this.#moving) this.#giveUp();
  };

  #settle(): void {
    if (!this.#lost) return;
    this.#lost = false;
    window.removeEventListener('scroll', this.#onScroll, { capture: true });
  }

  #giveUp(): void {
    this.#hadFocus = false;
    this.#settle();
  }
}
