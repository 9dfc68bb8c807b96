import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import { StatusAnnouncer } from '../../core/lit/status-announcer.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { connectionLines, rejectionView, statusLine } from '../../core/lit/widget-views.js';
import type { Ack, Actor } from '../../core/protocol/wire.js';
import { ThreadComposer, type ComposerKey, type ComposerOptions } from './composer.js';
import { threadStyles } from './discussion-thread.styles.js';
import { FeedFocus } from './feed-focus.js';
import { FeedVirtualizer } from './feed-virtualizer.js';
import { threadStrings, THREAD_ERRORS } from './i18n/index.js';
import { NewPostsWatermark } from './new-posts.js';
import { PostText } from './post-text.js';
import { pendingByPost, renderPost, type PostViewContext } from './post-view.js';
import { ThreadActions } from './thread-actions.js';
import { SORTS, threadAuthoringProblem } from './thread-authoring.js';
import { TickController } from './tick-controller.js';
import { getPost, initialThreadState, THREAD_KIND, THREAD_LIMITS, threadModel, type ThreadRow } from './thread-model.js';
import type * as StaffTools from './thread-staff.js';
import type { Mention, Reaction, ThreadSort, ThreadState } from './thread-types.js';

/**
 * The facilitator tools (moderation menu, pin, mark answered and hide on each post, export): their
 * own chunk, loaded for facilitators and producers only (participants never download it). When it
 * fails, they are told to reload; the thread itself keeps working (see LazyModule).
 */
const staffModule = new LazyModule(() => import('./thread-staff.js'), 'the thread facilitator tools');
const EMPTY = initialThreadState();

/**
 * A threaded discussion for live Q&A and communities of practice: posts and replies in a Markdown
 * subset, edit and delete within a time window, reactions and upvotes, and facilitator moderation
 * (pin, hide, mark answered, lock, export). New posts from others wait behind a "new posts" button,
 * so nothing moves while you read; long threads render only what is on screen.
 *
 * @summary Threaded discussion for live Q&A and communities of practice.
 * @fires {CustomEvent<PkPostDetail>} pk-post - The viewer is posting or replying (cancelable: cancel to stop it being sent).
 * @fires {CustomEvent<PkPostEditDetail>} pk-post-edit - The viewer is saving an edit of their post (cancelable).
 * @fires {CustomEvent<PkPostDeleteDetail>} pk-post-delete - The viewer is deleting their post (cancelable).
 * @fires {CustomEvent<PkReactionDetail>} pk-reaction - The viewer is adding or taking back a reaction (cancelable).
 * @fires {CustomEvent<PkPostUpvoteDetail>} pk-post-upvote - The viewer is upvoting a post or taking the upvote back (cancelable).
 * @fires {CustomEvent<PkThreadModerateDetail>} pk-thread-moderate - A facilitator is pinning, hiding, marking answered or locking (cancelable).
 * @fires {CustomEvent<PkThreadExportDetail>} pk-thread-export - A facilitator exported the thread (cancelable: cancel to handle the file yourself).
 * @fires {CustomEvent<PkThreadChangeDetail>} pk-thread-change - Post count, lock or waiting new posts changed.
 * @fires {CustomEvent<PkMentionDetail>} pk-mention - A new post mentions the viewer.
 * @csspart base - The thread's frame.
 * @csspart header - Title, post count, sort and the facilitator menu.
 * @csspart status - Status line (locked, read-only, connection, queued actions).
 * @csspart error - An error message.
 * @csspart composer - A form to write a post, a reply or an edit.
 * @csspart new-posts - The "show N new posts" button.
 * @csspart feed - The list of posts.
 * @csspart post - One post.
 * @csspart post-meta - Author, time and badges of a post.
 * @csspart avatar - Initials of the author.
 * @csspart post-body - The text of a post.
 * @csspart post-actions - Upvote, reactions, reply, edit, delete and moderation buttons.
 * @csspart tombstone - What is left of a deleted post that has replies.
 * @csspart mention - A mention of a participant in a post.
 * @csspart link-target - The real destination shown after a link.
 * @csspart failed - A post the authority refused, with retry and discard.
 * @csspart moderation - The facilitator menu (never rendered for participants).
 * @csspart notices - The room's notices at the top, when no `<pk-notices>` shows them.
 * @csspart notice - One notice.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em: the surrounding text size, never the page's root size).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - Links, mentions, focus and primary buttons.
 * @cssprop --pk-color-on-accent - Text on accent.
 * @cssprop --pk-color-danger - Errors.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 * @cssprop --pk-thread-indent - Indentation per reply level (default 1.5em).
 */
export class PkDiscussionThread extends PkWidget<ThreadState, typeof threadStrings.en> {
  static override styles = [baseStyles, frameStyles, threadStyles];

  // One static object instead of a decorator per property, as in the other widgets.
  static override properties = {
    threadId: { attribute: 'thread-id', reflect: true },
    sort: { reflect: true },
    maxDepth: { attribute: 'max-depth', type: Number },
    placeholder: {},
    readonly: { type: Boolean, reflect: true },
    locked: { type: Boolean, reflect: true },
    editWindow: { attribute: 'edit-window', type: Number },
    allowAnonymous: { attribute: 'allow-anonymous', type: Boolean },
    label: {},
    // Internal state (`private` field below). Spread in: the manifest analyzer ignores `state: true`
    // and would list it as an attribute.
    ...{ picker: { state: true } },
  };

  /** Thread id, unique in the room; the topic is `thread:<id>`. */
  threadId = '';
  /** Order of top-level posts: oldest (default), newest or top (most upvoted). */
  sort: ThreadSort = 'oldest';
  /** Reply levels (1-8, default 3); deeper replies attach to the deepest level and say whom they answer. */
  maxDepth: number = THREAD_LIMITS.defaultDepth;
  /** Placeholder of the new-post box. */
  placeholder = '';
  /** Shows the thread without any way to post, react or moderate. */
  readonly = false;
  /** Shows the thread as locked (no new posts for participants), whatever the authority says. */
  locked = false;
  /** Minutes during which authors may edit their posts (0-1440, default 15). */
  editWindow: number = THREAD_LIMITS.defaultEditMinutes;
  /** Offers a "post anonymously" choice. */
  allowAnonymous = false;
  /** Accessible name and title of the thread (default "Discussion"). */
  label = '';

  /** The post whose reaction picker is open. */
  private picker: string | null = null;

  protected readonly ticker = new TickController(this);
  readonly #posts = new NewPostsWatermark(this, {
    handle: () => this.ctl.handle,
    state: () => this.threadState,
    me: () => this.#me().id,
    sort: () => ((SORTS as readonly string[]).includes(this.sort) ? this.sort : 'oldest'),
  });
  readonly #focus = new FeedFocus(this, {
    rows: () => this.#posts.rows(),
    scrollRowIntoView: (index) => this.#virtualizer.scrollRowIntoView(this.renderRoot.querySelector('[part~=feed]'), index),
  });
  readonly #composer = new ThreadComposer(this, {
    i18n: this.i18n,
    state: () => this.threadState,
    me: () => this.#me().id,
    present: () => this.ctl.session?.presence?.participants ?? [],
    placeholder: () => this.placeholder,
    allowAnonymous: () => this.allowAnonymous,
    submit: (key, body, opts) => this.#submit(key, body, opts),
    toPost: (id) => this.#focus.toPost(id),
  });
  readonly #actions = new ThreadActions(this, {
    i18n: this.i18n,
    composer: this.#composer,
    focus: this.#focus,
    act: (action) => this.act(action),
  });
  readonly #status = new StatusAnnouncer((m) => this.announcer.say(m));

  readonly #text = new PostText(this.i18n, () => this.#me().id);
  readonly #virtualizer = new FeedVirtualizer(this);
  readonly #staff = new LazyModuleController(this, staffModule);

  constructor() {
    super({ kind: THREAD_KIND, idAttribute: 'thread-id', model: threadModel, strings: threadStrings });
  }

  protected get widgetId(): string {
    return this.threadId;
  }

  /** Focus after an action is the feed's (FeedFocus: it gives focus back to a post, virtualized or not): the base's keeper stands aside. */
  protected override focusFallback(): null {
    return null;
  }

  /** The thread's live state (confirmed by the authority, with my pending actions applied). */
  get threadState(): ThreadState {
    return this.ctl.handle?.state ?? EMPTY;
  }

  /** True once the history that existed when the thread opened has been loaded. */
  get threadLoaded(): boolean {
    return this.#posts.loaded;
  }

  /** Posts from others waiting behind the "new posts" button. */
  get newPosts(): number {
    return this.#posts.held;
  }

  /**
   * Also waits for a facilitator's tools, which arrive in their own chunk a moment after the first
   * render: `await el.updateComplete` then finds them (or the notice that they could not load).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (this.#staff.status !== 'pending') return done;
    await this.#staff.settled();
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('threadId')) this.#posts.reset();
    if (changed.has('sort')) this.#posts.rerank();
  }

  /** Shows the posts waiting behind the "new posts" button and moves focus to the first of them. */
  async showNewPosts(): Promise<void> {
    const first = this.#posts.showAll();
    this.announcer.say(this.i18n.t('threadShownAnnounce', { n: first?.held ?? 0 }));
    if (first) await this.#focus.toRow(first.index);
  }

  #me(): Actor {
    return this.ctl.session?.identity ?? { id: '', name: '', role: 'participant' };
  }

  // -------------------------------------------------------------------------------------------
  // Render

  protected override render(): TemplateResult {
    const problem = this.idProblem() ?? threadAuthoringProblem(this);
    if (problem) return this.renderAuthoringError(this.i18n.t('threadCannotShow'), problem);
    const t = this.i18n;
    const s = this.threadState;
    const me = this.#me();
    const moderator = this.staff;
    // The facilitator tools' module once loaded, null when it failed, undefined meanwhile and for participants.
    const tools = moderator && !this.readonly ? this.#staff.render({ loaded: (m) => m, failed: () => null }) : undefined;
    const { rows, held } = this.#posts.rows();
    this.#posts.held = held;
    const title = this.label || t.t('threadLabel');
    const closed = (s.locked || this.locked) && !moderator;
    return html`<section part="base" lang=${t.lang} dir=${t.dir} aria-labelledby="title">
      <div part="header">
        <h2 id="title" dir="auto" lang=${this.label ? (t.contentLang ?? nothing) : nothing}>${title}</h2>
        <span class="count">${t.t('threadCount', { n: s.count })}</span>
        <label class="sort"
          >${t.t('threadSort')}
          <select @change=${this.#onSort}>
            ${SORTS.map((v) => html`<option value=${v} ?selected=${this.sort === v}>${t.t(v === 'oldest' ? 'threadSortOldest' : v === 'newest' ? 'threadSortNewest' : 'threadSortTop')}</option>`)}
          </select></label
        >
        ${tools ? tools.renderModeration(this, t, this.#actions, s.locked) : nothing}
      </div>
      ${tools === null ? html`<p part="error" role="alert">${t.t('threadStaffFailed')}</p>` : nothing}
      ${this.#renderStatus(s)} ${rejectionView(t, this.ctl.handle, THREAD_ERRORS)}
      ${this.readonly || closed ? nothing : this.#composer.render('root', { label: t.t('threadComposeLabel'), parent: null })}
      ${this.#actions.failed.map((f) => this.#actions.renderFailed(f))}
      ${
        held > 0
          ? html`<button type="button" part="new-posts" class="primary" @click=${() => void this.showNewPosts()}>${t.t('threadNewPosts', { n: held })}</button>`
          : nothing
      }
      ${this.#renderFeed(rows, held, s, me, closed, tools)}
      <p id="kbd-hint" class="visually-hidden">${t.t('threadKeyboardHint')}</p>
      ${this.renderLiveRegion()}
    </section>`;
  }

  #renderStatus(s: ThreadState) {
    const t = this.i18n;
    const lines: string[] = [];
    if (this.readonly) lines.push(t.t('threadReadonly'));
    else if (s.locked || this.locked) lines.push(t.t('threadLocked'));
    const connection = connectionLines(t, this.ctl.session);
    this.#status.update(connection);
    return statusLine([...lines, ...connection]);
  }

  #renderFeed(rows: ThreadRow[], held: number, s: ThreadState, me: Actor, closed: boolean, tools: typeof StaffTools | null | undefined) {
    const t = this.i18n;
    const loaded = this.threadLoaded;
    if (rows.length === 0) {
      if (!loaded) return html`<p part="status" role="status">${t.t('threadLoading')}</p>`;
      // "No posts yet" only when there are none at all: posts waiting behind the button are posts.
      return held > 0 ? nothing : html`<p class="note">${t.t('threadEmpty')}</p>`;
    }
    const ctx: PostViewContext = {
      t,
      s,
      me,
      moderator: this.staff,
      closed,
      readonly: this.readonly,
      pending: pendingByPost(this.ctl.handle?.pending ?? []),
      now: Date.now(),
      total: rows.length,
      focusId: this.#focus.tabbable(rows, this.#posts.rows().index),
      composer: this.#composer,
      actions: this.#actions,
      picker: this.picker,
      setPicker: (id, refocus) => {
        const was = this.picker;
        this.picker = id;
        if (refocus && was)
          void this.updateComplete.then(() =>
            this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(was)}"] [aria-expanded]`)?.focus(),
          );
      },
      name: (p) => this.#text.name(p),
      blocks: (body) => this.#text.blocks(body),
      reply: (id, quote) => void this.#openReply(id, quote),
      moderation: tools ? (p, tab) => tools.renderPostModeration(p, t, this.#actions, tab) : null,
    };
    const { content, virtual } = this.#virtualizer.render(rows, (r, i) => renderPost(r, i, ctx));
    return html`${loaded ? nothing : html`<p part="status" role="status">${t.t('threadLoadingMore')}</p>`}
      <div
        part="feed"
        class=${virtual ? 'virtual' : ''}
        role="feed"
        aria-busy=${loaded ? 'false' : 'true'}
        aria-label=${this.label || t.t('threadLabel')}
        aria-describedby="kbd-hint"
        @keydown=${this.#focus.onKey}
        @focusin=${this.#focus.onFocusIn}
        @focusout=${this.#focus.onFocusOut}
        @visibilityChanged=${this.#focus.onVisibility}
      >${content}</div>`;
  }

  /** Opens the reply box under a post; a quote starts it with the post's first 280 characters. */
  #openReply(postId: string, quote: boolean): Promise<void> {
    this.picker = null;
    const p = quote ? getPost(this.threadState, postId) : undefined;
    return this.#composer.openReply(postId, p && this.#text.quote(p));
  }

  #submit(key: ComposerKey, body: string, opts: ComposerOptions & { anonymous: boolean; mentions: Mention[] }): Promise<Ack | null> {
    if (opts.edit) return this.edit(opts.edit.id, body);
    return this.#actions.post(body, { parent: opts.parent, anonymous: opts.anonymous, mentions: opts.mentions }, key);
  }

  // -------------------------------------------------------------------------------------------
  // Actions (public API)

  /**
   * Posts `body` (Markdown) as a new post, or as a reply when `parent` is given. Resolves with the
   * authority's ack (or null when nothing was sent, e.g. `pk-post` was cancelled).
   */
  post(body: string, options: { parent?: string | null; anonymous?: boolean; mentions?: Mention[] } = {}): Promise<Ack | null> {
    return this.#actions.post(body, options, null);
  }

  /** Saves a new text for one of my posts (within the edit window). Resolves with the ack. */
  edit(postId: string, body: string): Promise<Ack | null> {
    return this.#actions.edit(postId, body);
  }

  /** Deletes one of my posts (a tombstone stays when it has replies). Resolves with the ack. */
  deletePost(postId: string): Promise<Ack | null> {
    return this.#actions.deletePost(postId);
  }

  /** Adds (`on`) or takes back a reaction on a post. */
  async react(postId: string, reaction: Reaction, on = true): Promise<Ack | null> {
    return this.#actions.react(postId, reaction, on);
  }

  /** Upvotes a post (`on`) or takes the upvote back. */
  async upvote(postId: string, on = true): Promise<Ack | null> {
    return this.#actions.upvote(postId, on);
  }

  /** Facilitators: pins, hides or marks a post answered (`value` false undoes it). */
  async moderate(action: 'pin' | 'hide' | 'answer', postId: string, value: boolean): Promise<Ack | null> {
    return this.#actions.moderate(action, postId, value);
  }

  /** Facilitators: locks or unlocks the thread. */
  async setLocked(locked: boolean): Promise<Ack | null> {
    return this.#actions.moderate('lock', null, locked);
  }

  /**
   * Exports the thread as JSON or Markdown: fires `pk-thread-export` and, unless it is cancelled,
   * downloads the file. Resolves with the document; the export loads with the facilitator tools'
   * chunk on first use, and rejects when that chunk cannot load.
   */
  async exportThread(format: 'json' | 'markdown'): Promise<string> {
    await staffModule.load();
    const tools = staffModule.value;
    if (!tools) throw new Error('[pulsekit] the thread export could not load: check the connection, then reload the page');
    return tools.exportThread(this, this.i18n, format);
  }

  // -------------------------------------------------------------------------------------------
  // Sort and change events

  #onSort = (e: Event): void => {
    this.sort = (e.target as HTMLSelectElement).value as ThreadSort;
  };

  protected override updated(): void {
    const s = this.threadState;
    if (!this.ctl.handle || !this.threadLoaded) return;
    const held = this.#posts.held;
    if (held > 0) this.announcer.say(this.i18n.t('threadNewPostsAnnounce', { n: held }));
    const me = this.#me().id;
    for (const p of this.#posts.arrived(s)) {
      if (p.author?.id !== me && p.mentions.some((m) => m.id === me)) {
        this.emit('pk-mention', { threadId: this.threadId, postId: p.id, by: p.anonymous ? '' : (p.author?.name ?? '') });
      }
    }
    this.emitChange('pk-thread-change', [s.count, s.locked, held], () => ({
      threadId: this.threadId,
      count: s.count,
      locked: s.locked,
      newPosts: held,
    }));
  }
}
