import { html, nothing, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { ThreadLocalize } from './i18n/index.js';
import { cleanBody, forEachPost, THREAD_LIMITS } from './thread-model.js';
import type { Mention, ThreadPost, ThreadState } from './thread-types.js';

/** Which composer: the new-post box ('root'), a reply box (`reply:<postId>`) or an edit box (`edit:<postId>`). */
export type ComposerKey = 'root' | `reply:${string}` | `edit:${string}`;

/** What a composer's form sends. */
export interface ComposerOptions {
  /** Accessible name of the box. */
  label: string;
  /** Post replied to (null for a top-level post or an edit). */
  parent: string | null;
  /** The post being edited. */
  edit?: ThreadPost;
}

/** What the composer needs from the thread element. */
export interface ComposerHooks {
  i18n: ThreadLocalize;
  state(): ThreadState;
  /** The viewer's id. */
  me(): string;
  /** People who may be mentioned: present participants. */
  present(): readonly { id: string; name: string }[];
  placeholder(): string;
  allowAnonymous(): boolean;
  /** Sends a composer's text (a post, a reply or an edit). */
  submit(key: ComposerKey, body: string, options: ComposerOptions & { anonymous: boolean; mentions: Mention[] }): Promise<unknown>;
  /** Moves focus to a post (when a reply or edit box closes). */
  toPost(id: string): Promise<void>;
}

/**
 * The thread's composers: the new-post box and one reply and one edit box at a time, with their
 * drafts, @-mention suggestions and keyboard (Ctrl+Enter sends, Escape closes).
 */
export class ThreadComposer implements ReactiveController {
  /** Post whose reply box is open. */
  replyTo: string | null = null;
  /** Post whose edit box is open. */
  editing: string | null = null;
  /** The @-mention being typed, and in which box. */
  mention: { key: ComposerKey; query: string } | null = null;
  readonly #drafts = new Map<ComposerKey, string>();
  readonly #picks = new Map<ComposerKey, Mention[]>();
  #anonymous = false;

  readonly #host: LitElement;
  readonly #hooks: ComposerHooks;

  constructor(host: LitElement, hooks: ComposerHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  hostConnected(): void {}

  /** The text waiting in a box. */
  draft(key: ComposerKey): string | undefined {
    return this.#drafts.get(key);
  }

  /** Puts text in a box (a refused post given back), without opening it. */
  setDraft(key: ComposerKey, text: string): void {
    this.#drafts.set(key, text);
    this.#host.requestUpdate();
  }

  /** A box's text was accepted for sending: forget it and close a reply box (focus back to its post). */
  sent(key: ComposerKey): void {
    this.#drafts.delete(key);
    this.#picks.delete(key);
    if (key.startsWith('reply:')) {
      this.replyTo = null;
      void this.#hooks.toPost(key.slice(6));
    }
    this.mention = null;
    this.#host.requestUpdate();
  }

  /** An edit was saved or given up: forget its text. */
  forget(key: ComposerKey): void {
    this.#drafts.delete(key);
  }

  /** Closes a reply or edit box and gives focus back to its post. */
  close(key: ComposerKey): void {
    const id = key.slice(key.indexOf(':') + 1);
    this.#drafts.delete(key);
    this.#picks.delete(key);
    if (key.startsWith('reply:')) this.replyTo = null;
    if (key.startsWith('edit:')) this.editing = null;
    this.mention = null;
    this.#host.requestUpdate();
    void this.#hooks.toPost(id);
  }

  /** Opens the reply box under a post (quoting it when `quote` is given) and focuses it. */
  async openReply(postId: string, quote?: string): Promise<void> {
    const key: ComposerKey = `reply:${postId}`;
    if (quote) this.#drafts.set(key, quote + (this.#drafts.get(key) ?? ''));
    this.replyTo = postId;
    this.#host.requestUpdate();
    await this.#focusBox('#compose-reply', true);
  }

  /** Opens the edit box of one of my posts, with its text, and focuses it. */
  async openEdit(p: ThreadPost, text = p.body): Promise<void> {
    this.#drafts.set(`edit:${p.id}`, text);
    this.editing = p.id;
    this.#host.requestUpdate();
    await this.#focusBox('#compose-edit', true);
  }

  /** Focuses the new-post box (a refused post given back to it). */
  focusRoot(): Promise<void> {
    return this.#focusBox('#compose-root', false);
  }

  /**
   * Focuses a box once it is rendered. The click that opened it often removed the button it came from
   * (Edit, Reply), and the feed's focus keeper puts focus back on the post in the same update: wait
   * for the render, then take focus from it.
   */
  async #focusBox(selector: string, toEnd: boolean): Promise<void> {
    await this.#host.updateComplete;
    const area = this.#host.renderRoot.querySelector<HTMLTextAreaElement>(selector);
    area?.focus();
    if (area && toEnd) area.setSelectionRange(area.value.length, area.value.length);
  }

  /** The form of one box. */
  render(key: ComposerKey, opts: ComposerOptions): TemplateResult {
    const t = this.#hooks.i18n;
    const kind = key === 'root' ? 'root' : key.startsWith('edit:') ? 'edit' : 'reply';
    const id = `compose-${kind}`;
    const value = this.#drafts.get(key) ?? '';
    const length = value ? cleanBody(value).length : 0;
    const left = THREAD_LIMITS.maxBody - length;
    const showCount = left < 500;
    const suggestions = this.mention?.key === key ? this.#candidates(this.mention.query) : [];
    return html`<form class="composer" part="composer" novalidate @submit=${(e: Event) => this.#onSubmit(e, key, opts)}>
      <label class="lbl" for=${id}>${opts.label}</label>
      <textarea
        id=${id}
        name="body"
        rows="3"
        dir="auto"
        lang=${t.contentLang ?? nothing}
        .value=${live(value)}
        placeholder=${kind === 'root' ? this.#hooks.placeholder() || t.t('threadPlaceholder') : ''}
        aria-describedby=${`${id}-hint ${id}-count`}
        aria-invalid=${left < 0 ? 'true' : 'false'}
        @input=${(e: Event) => this.#onInput(e, key)}
        @keydown=${(e: KeyboardEvent) => this.#onKey(e, key, opts)}
      ></textarea>
      ${
        suggestions.length
          ? html`<div class="mentions" role="group" aria-label=${t.t('threadMentionSuggestions')}>
            ${suggestions.map(
              (
                c,
              ) => html`<button type="button" aria-label=${t.t('threadMention', { name: c.name })} @click=${() => void this.#insertMention(key, id, c)}>
                @<bdi>${c.name}</bdi>
              </button>`,
            )}
          </div>`
          : nothing
      }
      <div class="composer-row">
        <span id=${`${id}-count`} class=${left < 0 ? 'counter over' : 'counter'}>
          ${showCount ? (left < 0 ? t.t('threadCharsOver', { n: -left }) : t.t('threadCharsLeft', { n: left })) : nothing}
        </span>
        ${
          kind !== 'edit' && this.#hooks.allowAnonymous()
            ? html`<label class="check"
              ><input type="checkbox" .checked=${this.#anonymous} @change=${(e: Event) => (this.#anonymous = (e.target as HTMLInputElement).checked)} />
              ${t.t('threadAnonymous')}</label
            >`
            : nothing
        }
        ${kind !== 'root' ? html`<button type="button" @click=${() => this.close(key)}>${t.t('threadCancel')}</button>` : nothing}
        <button type="submit" class="primary">${kind === 'edit' ? t.t('threadSave') : kind === 'reply' ? t.t('threadReply') : t.t('threadPost')}</button>
      </div>
      <p class="hint" id=${`${id}-hint`}>${t.t('threadFormatHint')}</p>
    </form>`;
  }

  #onSubmit(e: Event, key: ComposerKey, opts: ComposerOptions): void {
    e.preventDefault();
    void this.#submit(key, opts);
  }

  #submit(key: ComposerKey, opts: ComposerOptions): Promise<unknown> {
    const body = this.#drafts.get(key) ?? '';
    const mentions = (this.#picks.get(key) ?? []).filter((m) => body.includes(`@${m.name}`));
    return this.#hooks.submit(key, body, { ...opts, anonymous: this.#hooks.allowAnonymous() && this.#anonymous, mentions });
  }

  #onInput(e: Event, key: ComposerKey): void {
    const area = e.target as HTMLTextAreaElement;
    this.#drafts.set(key, area.value);
    const caret = area.selectionStart ?? area.value.length;
    const before = area.value.slice(Math.max(0, caret - 40), caret);
    const m = /(?:^|\s)@([^\s@]{0,30})$/u.exec(before);
    this.mention = m ? { key, query: m[1] ?? '' } : null;
    this.#host.requestUpdate();
  }

  #onKey(e: KeyboardEvent, key: ComposerKey, opts: ComposerOptions): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.#submit(key, opts);
    } else if (e.key === 'Escape') {
      if (this.mention) {
        this.mention = null;
        this.#host.requestUpdate();
        e.preventDefault();
      } else if (key !== 'root') {
        e.preventDefault();
        this.close(key);
      }
    } else if (e.key === 'ArrowDown' && this.mention?.key === key && (e.altKey || this.#candidates(this.mention.query).length > 0)) {
      const first = (e.target as HTMLElement).parentElement?.querySelector<HTMLButtonElement>('.mentions button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  #candidates(query: string): Mention[] {
    const me = this.#hooks.me();
    const seen = new Map<string, Mention>();
    const clean = (name: string) => stripBidi(name).replace(/\s+/g, ' ').trim();
    for (const a of this.#hooks.present()) if (a.id !== me && clean(a.name)) seen.set(a.id, { id: a.id, name: clean(a.name) });
    forEachPost(this.#hooks.state(), (p) => {
      if (p.author && !p.anonymous && p.author.id !== me && clean(p.author.name) && !seen.has(p.author.id))
        seen.set(p.author.id, { id: p.author.id, name: clean(p.author.name) });
    });
    const q = query.toLocaleLowerCase();
    return [...seen.values()].filter((c) => c.name.toLocaleLowerCase().startsWith(q)).slice(0, 6);
  }

  async #insertMention(key: ComposerKey, id: string, c: Mention): Promise<void> {
    const area = this.#host.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}`);
    const value = this.#drafts.get(key) ?? '';
    const caret = area?.selectionStart ?? value.length;
    const before = value.slice(0, caret);
    const at = before.lastIndexOf('@');
    const next = `${value.slice(0, at < 0 ? caret : at)}@${c.name} ${value.slice(caret)}`;
    this.#drafts.set(key, next);
    const picks = (this.#picks.get(key) ?? []).filter((m) => m.id !== c.id);
    this.#picks.set(key, [...picks, c]);
    this.mention = null;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const el = this.#host.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}`);
    if (el) {
      const pos = (at < 0 ? caret : at) + c.name.length + 2;
      el.focus();
      el.setSelectionRange(pos, pos);
    }
  }
}
