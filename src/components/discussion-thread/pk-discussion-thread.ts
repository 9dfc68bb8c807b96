import { html, LitElement, nothing, type PropertyValues, type ReactiveController, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { AnnouncerController } from '../../core/lit/announcer.js';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { errorMessage } from '../../core/lit/error-messages.js';
import { LocalizeController } from '../../core/lit/localize-controller.js';
import { threadStrings, THREAD_ERRORS } from './i18n/index.js';
import { SessionController } from '../../core/lit/session-controller.js';
import { authoringErrorView, connectionLines, rejectionView, statusLine, unsafeNote } from '../../core/lit/widget-views.js';
import type { PendingOp } from '../../core/client/topic-handle.js';
import type { Ack, Actor, Operation } from '../../core/protocol/wire.js';
import { canModerate } from '../../core/protocol/wire.js';
import { threadStyles } from './discussion-thread.styles.js';
import { FeedFocus } from './feed-focus.js';
import { parseMarkdown, plainText, type MdBlock } from './markdown.js';
import { stripBidi } from '../../core/protocol/text.js';
import { renderMarkdown } from './markdown-render.js';
import { threadToJson, threadToMarkdown } from './thread-export.js';
import { absoluteTime, hueOf, initials, REFRESH_MS, relativeTime } from './thread-format.js';
import {
  canEdit,
  cleanBody,
  forEachPost,
  getPost,
  initialThreadState,
  REACTIONS,
  THREAD_LIMITS,
  threadModel,
  threadRows,
  threadTopic,
  type ThreadRow,
} from './thread-model.js';
import type { Mention, PostOpData, Reaction, ThreadPost, ThreadSort, ThreadState } from './thread-types.js';

type Virtualize = (typeof import('@lit-labs/virtualizer/virtualize.js'))['virtualize'];

/** Above this many rows the list is virtualized (only what is on screen is in the DOM). */
export const VIRTUALIZE_AFTER = 200;
/** Rows rendered while the virtualizer loads: a tall screen's worth (a post is at least ~100 px). */
const FIRST_SCREEN = 20;
/** While a long history is still being folded, the rows are listed again at most this often. */
const CATCH_UP_ROWS_MS = 150;
const SORTS: readonly ThreadSort[] = ['oldest', 'newest', 'top'];
const EMOJI: Record<Reaction, string> = { like: '👍', love: '❤️', laugh: '😄', insight: '💡', thanks: '🙏' };
const REACTION_KEY = {
  like: 'threadReactLike',
  love: 'threadReactLove',
  laugh: 'threadReactLaugh',
  insight: 'threadReactInsight',
  thanks: 'threadReactThanks',
} as const;
const EMPTY = initialThreadState();

/** Detail of `pk-post` (cancelable: cancel to keep the post from being sent). */
export interface PkPostDetail {
  /** The thread's id. */
  threadId: string;
  /** Post replied to, or null for a top-level post. */
  parentId: string | null;
  /** Markdown source, cleaned. */
  body: string;
  /** Posted anonymously. */
  anonymous: boolean;
}

/** Detail of `pk-post-edit` (cancelable). */
export interface PkPostEditDetail {
  threadId: string;
  postId: string;
  body: string;
}

/** Detail of `pk-post-delete` (cancelable). */
export interface PkPostDeleteDetail {
  threadId: string;
  postId: string;
}

/** Detail of `pk-reaction`. */
export interface PkReactionDetail {
  threadId: string;
  postId: string;
  reaction: Reaction;
  /** True to add the reaction, false to take it back. */
  on: boolean;
}

/** Detail of `pk-post-upvote`. */
export interface PkPostUpvoteDetail {
  threadId: string;
  postId: string;
  on: boolean;
}

/** Detail of `pk-thread-moderate`. */
export interface PkThreadModerateDetail {
  threadId: string;
  /** pin, hide, answer or lock. */
  action: 'pin' | 'hide' | 'answer' | 'lock';
  /** Post concerned (null for lock). */
  postId: string | null;
  /** New value: pinned, hidden, answered or locked. */
  value: boolean;
}

/** Detail of `pk-thread-export` (cancelable: cancel to handle the file yourself). */
export interface PkThreadExportDetail {
  threadId: string;
  format: 'json' | 'markdown';
  /** File name suggested for the download. */
  filename: string;
  /** The exported document. */
  content: string;
}

/** Detail of `pk-thread-change`. */
export interface PkThreadChangeDetail {
  threadId: string;
  /** Posts (not deleted). */
  count: number;
  /** Locked by a facilitator. */
  locked: boolean;
  /** New posts from others waiting behind the "new posts" button. */
  newPosts: number;
}

/** Detail of `pk-mention`. */
export interface PkMentionDetail {
  threadId: string;
  /** The post that mentions the viewer. */
  postId: string;
  /** Its author's display name ('' when anonymous). */
  by: string;
}

interface FailedPost {
  opId: string;
  body: string;
  parent: string | null;
  anonymous: boolean;
  message: string;
}

/** Dispatches a typed, bubbling, composed `pk-…` event; false when a listener cancelled it. */
function fire<T>(host: HTMLElement, type: string, detail: T, cancelable: boolean): boolean {
  const event = new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable });
  return host.dispatchEvent(event);
}

/** Re-renders the host every 30 s so relative times stay true. */
class TickController implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | null = null;
  constructor(private readonly host: LitElement) {
    host.addController(this);
  }
  hostConnected(): void {
    this.#timer ??= setInterval(() => this.host.requestUpdate(), REFRESH_MS);
  }
  hostDisconnected(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

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
 * @fires {CustomEvent<PkReactionDetail>} pk-reaction - The viewer added or took back a reaction.
 * @fires {CustomEvent<PkPostUpvoteDetail>} pk-post-upvote - The viewer upvoted a post or took the upvote back.
 * @fires {CustomEvent<PkThreadModerateDetail>} pk-thread-moderate - A facilitator pinned, hid, marked answered or locked.
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
export class PkDiscussionThread extends LitElement {
  static override styles = [baseStyles, frameStyles, threadStyles];

  /** Thread id, unique in the room; the topic is `thread:<id>`. */
  @property({ attribute: 'thread-id', reflect: true }) threadId = '';
  /** Order of top-level posts: oldest (default), newest or top (most upvoted). */
  @property({ reflect: true }) sort: ThreadSort = 'oldest';
  /** Reply levels (1-8, default 3); deeper replies attach to the deepest level and say whom they answer. */
  @property({ attribute: 'max-depth', type: Number }) maxDepth: number = THREAD_LIMITS.defaultDepth;
  /** Placeholder of the new-post box. */
  @property() placeholder = '';
  /** Shows the thread without any way to post, react or moderate. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Shows the thread as locked (no new posts for participants), whatever the authority says. */
  @property({ type: Boolean, reflect: true }) locked = false;
  /** Minutes during which authors may edit their posts (0-1440, default 15). */
  @property({ attribute: 'edit-window', type: Number }) editWindow: number = THREAD_LIMITS.defaultEditMinutes;
  /** Offers a "post anonymously" choice. */
  @property({ attribute: 'allow-anonymous', type: Boolean }) allowAnonymous = false;
  /** Accessible name and title of the thread (default "Discussion"). */
  @property() label = '';

  @state() private replyTo: string | null = null;
  @state() private editing: string | null = null;
  @state() private confirming: string | null = null;
  @state() private picker: string | null = null;
  @state() private failed: FailedPost[] = [];
  @state() private virtualize: Virtualize | null = null;
  #virtualizerRef: symbol | null = null;
  @state() private mention: { key: string; query: string } | null = null;

  readonly #i18n = new LocalizeController(this, threadStrings);
  readonly #announcer = new AnnouncerController(this);
  /** Session and topic handle (the thread's live state and pending operations). */
  readonly ctl = new SessionController<ThreadState>(this, () => this.#topic(), threadModel);
  protected readonly ticker = new TickController(this);
  readonly #focus = new FeedFocus(this, {
    rows: () => this.#computeRows(),
    scrollRowIntoView: (index) => this.#scrollRowIntoView(index),
  });

  #drafts = new Map<string, string>();
  #picks = new Map<string, Mention[]>();
  #anonymous = false;
  #shown: Set<string> | null = null;
  #rank: Map<string, number> | null = null;
  #rowsMemo: { state: ThreadState; key: string; rows: ThreadRow[]; held: number; index: Map<string, number> } | null = null;
  #rowsAt = 0;
  #rowsTimer: ReturnType<typeof setTimeout> | undefined;
  #ast = new Map<string, MdBlock[]>();
  #lastChange = '';
  #lastHeld = 0;
  #known: Set<string> | null = null;
  #knownState: ThreadState | null = null;
  #loadingVirtualizer = false;
  /**
   * The virtualizer's chunk failed to arrive (a dropped request): every row is rendered instead, slower
   * on a long thread but nothing hidden. Importing it again would not help: browsers replay a failed
   * module import for the page's life (whatwg/html#6768).
   */
  #virtualizerFailed = false;

  #topic(): string | null {
    try {
      return this.threadId ? threadTopic(this.threadId) : null;
    } catch {
      return null;
    }
  }

  /** The thread's live state (confirmed by the authority, with my pending actions applied). */
  get threadState(): ThreadState {
    return this.ctl.handle?.state ?? EMPTY;
  }

  /** True once the history that existed when the thread opened has been loaded. */
  get threadLoaded(): boolean {
    return this.#shown !== null;
  }

  /** Resolves when the strings for the element's language are loaded. */
  get localeReady(): Promise<unknown> {
    return this.#i18n.ready();
  }

  /** Posts from others waiting behind the "new posts" button. */
  get newPosts(): number {
    return this.#lastHeld;
  }

  #authoringError(): string | null {
    if (!this.threadId) return 'The discussion needs a thread-id attribute.';
    if (!this.#topic()) return `The thread-id "${this.threadId}" is not usable: use 1-128 letters, digits, "_", ".", "~" or "-".`;
    if (!(SORTS as readonly string[]).includes(this.sort)) return `Unknown sort "${this.sort}": use oldest, newest or top.`;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 1 || this.maxDepth > THREAD_LIMITS.maxDepth) {
      return `max-depth must be a whole number from 1 to ${THREAD_LIMITS.maxDepth}.`;
    }
    if (!Number.isFinite(this.editWindow) || this.editWindow < 0 || this.editWindow > THREAD_LIMITS.maxEditMinutes) {
      return `edit-window must be a number of minutes from 0 to ${THREAD_LIMITS.maxEditMinutes}.`;
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Loading and the "new posts" watermark

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('threadId')) {
      this.ctl.refresh();
      this.#shown = null;
      this.#rank = null;
      this.#known = null;
    }
    if (changed.has('sort') && this.#shown) this.#snapshotRank();
    // History is what the authority had when the thread opened (`loaded`: caught up to that head);
    // posts after it are new and wait behind the button.
    const handle = this.ctl.handle;
    if (handle && !this.#shown && handle.loaded) {
      const ids = new Set<string>();
      const rank = new Map<string, number>();
      forEachPost(handle.state, (p) => {
        ids.add(p.id);
        rank.set(p.id, p.votes);
      });
      this.#shown = ids;
      this.#known = new Set(ids);
      this.#knownState = handle.state;
      this.#rank = rank;
      this.#rowsMemo = null;
    }
  }

  #snapshotRank(): void {
    const rank = new Map<string, number>();
    forEachPost(this.threadState, (p) => rank.set(p.id, p.votes));
    this.#rank = rank;
    this.#rowsMemo = null;
  }

  /** Shows the posts waiting behind the "new posts" button and moves focus to the first of them. */
  async showNewPosts(): Promise<void> {
    const before = this.#computeRows().rows;
    const had = new Set(before.map((r) => r.id));
    const held = this.#lastHeld;
    const ids = new Set<string>();
    forEachPost(this.threadState, (p) => ids.add(p.id));
    this.#shown = ids;
    this.#snapshotRank();
    this.#announcer.say(this.#i18n.t('threadShownAnnounce', { n: held }));
    const rows = this.#computeRows().rows;
    const first = rows.find((r) => !had.has(r.id));
    if (first) await this.#focus.toRow(rows.indexOf(first));
  }

  #me(): Actor {
    return this.ctl.session?.identity ?? { id: '', name: '', role: 'participant' };
  }

  #computeRows(): { rows: ThreadRow[]; held: number; index: Map<string, number> } {
    const s = this.threadState;
    const me = this.#me().id;
    const sort = (SORTS as readonly string[]).includes(this.sort) ? (this.sort as ThreadSort) : 'oldest';
    const key = `${sort}|${me}|${this.#shown?.size ?? -1}|${this.#rank?.size ?? -1}`;
    const memo = this.#rowsMemo;
    if (memo && memo.state === s && memo.key === key) return memo;
    const shown = this.#shown;
    const rank = this.#rank;
    if (!shown && sort !== 'oldest') {
      // While the history is still being folded, only "oldest first" has its first screen: the
      // newest posts and the most upvoted ones are not known before the end of the history.
      this.#rowsMemo = { state: s, key, rows: [], held: 0, index: new Map() };
      return this.#rowsMemo;
    }
    if (!shown && memo && memo.key === key && memo.rows.length > 0 && performance.now() - this.#rowsAt < CATCH_UP_ROWS_MS) {
      // A long history is folded in slices: re-list it a few times a second, not after every slice
      // (each listing walks every post folded so far). The rows' posts are read from the newest state.
      this.#rowsTimer ??= setTimeout(() => {
        this.#rowsTimer = undefined;
        this.requestUpdate();
      }, CATCH_UP_ROWS_MS);
      return memo;
    }
    const { rows, held } = threadRows(s, {
      sort,
      shown: shown ? (p) => shown.has(p.id) || p.author?.id === me : undefined,
      rank: rank ? (p) => rank.get(p.id) ?? p.votes : undefined,
    });
    const index = new Map<string, number>();
    rows.forEach((r, i) => index.set(r.id, i));
    this.#rowsMemo = { state: s, key, rows, held, index };
    this.#rowsAt = performance.now();
    return this.#rowsMemo;
  }

  // -------------------------------------------------------------------------------------------
  // Render

  protected override render(): TemplateResult {
    const problem = this.#authoringError();
    if (problem) return authoringErrorView(this, this.#i18n, this.#i18n.t('threadCannotShow'), ['thread-id', this.threadId], problem);
    const t = this.#i18n;
    const s = this.threadState;
    const me = this.#me();
    const moderator = canModerate(me.role);
    const { rows, held } = this.#computeRows();
    this.#lastHeld = held;
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
        ${moderator && !this.readonly ? this.#renderModeration(s) : nothing}
      </div>
      ${this.#renderStatus(s)} ${rejectionView(this.#i18n, this.ctl.handle, THREAD_ERRORS)}
      ${this.readonly || closed ? nothing : this.#renderComposer('root', { label: t.t('threadComposeLabel'), parent: null })}
      ${this.failed.map((f) => this.#renderFailed(f))}
      ${held > 0
        ? html`<button type="button" part="new-posts" class="primary" @click=${() => void this.showNewPosts()}>${t.t('threadNewPosts', { n: held })}</button>`
        : nothing}
      ${this.#renderFeed(rows, held, s, me, closed)}
      <p id="kbd-hint" class="visually-hidden">${t.t('threadKeyboardHint')}</p>
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcer.text}</div>
    </section>`;
  }


  #renderStatus(s: ThreadState) {
    const t = this.#i18n;
    const session = this.ctl.session;
    const lines: string[] = [];
    if (this.readonly) lines.push(t.t('threadReadonly'));
    else if (s.locked || this.locked) lines.push(t.t('threadLocked'));
    return statusLine([...lines, ...connectionLines(t, session)]);
  }

  #renderModeration(s: ThreadState) {
    const t = this.#i18n;
    return html`<details part="moderation">
      <summary>${t.t('threadModeration')}</summary>
      <div class="row">
        <button type="button" aria-pressed=${s.locked ? 'true' : 'false'} @click=${() => void this.setLocked(!s.locked)}>
          ${s.locked ? t.t('threadUnlock') : t.t('threadLock')}
        </button>
        <button type="button" @click=${() => this.exportThread('json')}>${t.t('threadExportJson')}</button>
        <button type="button" @click=${() => this.exportThread('markdown')}>${t.t('threadExportMarkdown')}</button>
      </div>
    </details>`;
  }

  #renderFailed(f: FailedPost) {
    const t = this.#i18n;
    return html`<div part="failed" role="alert">
      <strong>${t.t('threadFailed')}: ${f.message}</strong>
      <p class="quote" dir="auto" lang=${t.contentLang ?? nothing}>${f.body}</p>
      <div class="composer-row">
        <button type="button" @click=${() => this.#discard(f)}>${t.t('threadDiscard')}</button>
        <button type="button" @click=${() => this.#editFailed(f)}>${t.t('threadEdit')}</button>
        <button type="button" class="primary" @click=${() => this.#retry(f)}>${t.t('threadRetry')}</button>
      </div>
    </div>`;
  }

  #renderFeed(rows: ThreadRow[], held: number, s: ThreadState, me: Actor, closed: boolean) {
    const t = this.#i18n;
    const loaded = this.threadLoaded;
    if (rows.length === 0) {
      if (!loaded) return html`<p part="status" role="status">${t.t('threadLoading')}</p>`;
      // "No posts yet" only when there are none at all: posts waiting behind the button are posts.
      return held > 0 ? nothing : html`<p class="note">${t.t('threadEmpty')}</p>`;
    }
    const long = rows.length > VIRTUALIZE_AFTER;
    if (long && !this.virtualize && !this.#virtualizerFailed) void this.#loadVirtualizer();
    const focusId = this.#focus.tabbable(rows, this.#computeRows().index);
    const pending = this.#pendingByPost();
    const ctx = { s, me, moderator: canModerate(me.role), closed, pending, now: Date.now(), total: rows.length, focusId };
    const item = (r: ThreadRow, i: number) => this.#renderPost(r, i, ctx);
    const virtual = long && this.virtualize;
    const content = virtual
      ? this.virtualize!({ items: rows, renderItem: item, keyFunction: (r: ThreadRow) => r.id })
      : repeat(long && !this.#virtualizerFailed ? rows.slice(0, FIRST_SCREEN) : rows, (r) => r.id, item);
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

  #pendingByPost(): Map<string, PendingOp> {
    const out = new Map<string, PendingOp>();
    for (const p of this.ctl.handle?.pending ?? []) {
      if (p.status === 'sent') continue;
      const d = p.op.data as { postId?: unknown } | null;
      const id = p.op.type === 'post' ? p.op.opId : typeof d?.postId === 'string' ? d.postId : null;
      if (id && (p.op.type === 'post' || p.op.type === 'edit' || !out.has(id))) out.set(id, p);
    }
    return out;
  }

  #name(p: ThreadPost | undefined): string {
    const t = this.#i18n;
    if (!p) return t.t('threadSomeone');
    if (p.anonymous && p.author?.id !== this.#me().id) return t.t('threadAnonymousName');
    if (!p.author) return t.t('threadAnonymousName');
    return stripBidi(p.author.name).trim() || t.t('threadSomeone');
  }

  #blocks(body: string): MdBlock[] {
    let blocks = this.#ast.get(body);
    if (!blocks) {
      blocks = parseMarkdown(body);
      if (this.#ast.size > 2000) this.#ast.clear();
      this.#ast.set(body, blocks);
    }
    return blocks;
  }

  #renderPost(
    row: ThreadRow,
    index: number,
    ctx: { s: ThreadState; me: Actor; moderator: boolean; closed: boolean; pending: Map<string, PendingOp>; now: number; total: number; focusId: string | null },
  ): TemplateResult {
    const t = this.#i18n;
    const p = getPost(ctx.s, row.id);
    const common = { post: true, [`d${Math.min(row.depth, 8)}`]: row.depth > 0 };
    if (!p || p.deleted) {
      return html`<article
        part="post tombstone"
        class=${classMap({ ...common, tomb: true })}
        data-id=${row.id}
        tabindex=${row.id === ctx.focusId ? 0 : -1}
        aria-posinset=${index + 1}
        aria-setsize=${ctx.total}
        aria-label=${t.t('threadDeletedText')}
      >${t.t('threadDeletedText')}</article>`;
    }
    const mine = !!p.author && p.author.id === ctx.me.id;
    const name = mine && !p.author!.name ? t.t('threadYou') : this.#name(p);
    const time = relativeTime(p.at, ctx.now, t.lang);
    const status = ctx.pending.get(p.id)?.status;
    const unsafe = unsafeNote(t, ctx.pending.get(p.id));
    const mentioned = !mine && p.mentions.some((m) => m.id === ctx.me.id);
    const hiddenForMe = p.hidden && !ctx.moderator && !mine;
    const replyTarget = p.replyTo ? getPost(ctx.s, p.replyTo) : undefined;
    const role = !p.anonymous && p.author && p.author.role !== 'participant' ? p.author.role : null;
    return html`<article
      part="post"
      class=${classMap({ ...common, mine, pinned: p.pinned, hidden: p.hidden, mentioned, pending: !!status })}
      data-id=${p.id}
      tabindex=${p.id === ctx.focusId ? 0 : -1}
      aria-posinset=${index + 1}
      aria-setsize=${ctx.total}
      aria-label=${t.t('threadPostLabel', { name, time })}
    >
      <div class="meta" part="post-meta">
        <span part="avatar" class=${`h${hueOf(p.author?.id && !(p.anonymous && !mine) ? p.author.id : 'anonymous')}`} aria-hidden="true"
          >${p.anonymous && !mine ? '?' : initials(name)}</span
        >
        <bdi class="name">${name}</bdi>
        ${role ? html`<span class="badge">${t.t(role === 'producer' ? 'threadRoleProducer' : 'threadRoleFacilitator')}</span>` : nothing}
        <time datetime=${new Date(p.at).toISOString()} title=${absoluteTime(p.at, t.lang)}>${time}</time>
        ${p.editedAt !== null ? html`<span title=${absoluteTime(p.editedAt, t.lang)}>· ${t.t('threadEdited')}</span>` : nothing}
        ${p.pinned ? html`<span class="badge">${t.t('threadPinned')}</span>` : nothing}
        ${p.answered ? html`<span class="badge">${t.t('threadAnswered')}</span>` : nothing}
        ${p.hidden ? html`<span class="badge warn">${t.t('threadHiddenBadge')}</span>` : nothing}
        ${mentioned ? html`<span class="badge">${t.t('threadMentionsYou')}</span>` : nothing}
        ${unsafe ? html`<span class="badge">${unsafe}</span>` : status === 'queued' ? html`<span class="badge">${t.t('threadQueued')}</span>` : status === 'sending' ? html`<span class="badge">${t.t('threadSending')}</span>` : nothing}
      </div>
      ${p.replyTo ? html`<p class="reply-to">${t.t('threadInReplyTo', { name: this.#name(replyTarget) })}</p>` : nothing}
      ${hiddenForMe
        ? html`<p class="hidden-note">${t.t('threadHiddenText')}</p>`
        : html`${p.hidden && mine ? html`<p class="hidden-note">${t.t('threadHiddenOwn')}</p>` : nothing}
            ${this.editing === p.id
              ? this.#renderComposer(`edit:${p.id}`, { label: t.t('threadEditLabel'), parent: null, edit: p })
              : html`<div part="post-body" dir="auto" lang=${t.contentLang ?? nothing}>${renderMarkdown(this.#blocks(p.body), {
                  mentions: p.mentions.map((m) => m.name),
                  me: ctx.me.name,
                  newTab: t.t('threadNewTab'),
                })}</div>`}`}
      ${this.readonly ? this.#renderCounts(p) : this.#renderActions(p, mine, hiddenForMe, ctx)}
      ${this.confirming === p.id
        ? html`<div class="confirm">
            <p>${t.t('threadDeleteConfirm')}</p>
            <button type="button" class="primary" @click=${() => void this.deletePost(p.id)}>${t.t('threadDelete')}</button>
            <button type="button" @click=${() => this.#cancelConfirm(p.id)}>${t.t('threadCancel')}</button>
          </div>`
        : nothing}
      ${this.replyTo === p.id && !ctx.closed
        ? this.#renderComposer(`reply:${p.id}`, { label: t.t('threadReplyLabel', { name }), parent: p.id })
        : nothing}
    </article>`;
  }

  #renderCounts(p: ThreadPost) {
    const t = this.#i18n;
    const parts: string[] = [];
    if (p.votes > 0) parts.push(t.t('threadUpvotes', { n: p.votes }));
    for (const r of REACTIONS) {
      const n = p.reactions[r] ?? 0;
      if (n > 0) parts.push(`${EMOJI[r]} ${t.f.num(n)}`);
    }
    return parts.length ? html`<p class="note">${parts.join(' · ')}</p>` : nothing;
  }

  #renderActions(p: ThreadPost, mine: boolean, hiddenForMe: boolean, ctx: { me: Actor; moderator: boolean; closed: boolean; now: number }) {
    const t = this.#i18n;
    const voted = p.voters.includes(ctx.me.id);
    const blocked = ctx.closed || hiddenForMe;
    const reactions = REACTIONS.filter((r) => (p.reactions[r] ?? 0) > 0);
    return html`<div part="post-actions">
      <button type="button" aria-pressed=${voted ? 'true' : 'false'} ?disabled=${mine || blocked} @click=${() => void this.upvote(p.id, !voted)}>
        <span aria-hidden="true">▲</span> ${t.t('threadUpvote')} ${p.votes > 0 ? t.f.num(p.votes) : nothing}
      </button>
      ${reactions.map((r) => {
        const on = (p.reactors[r] ?? []).includes(ctx.me.id);
        const label = t.t('threadReactionCount', { reaction: t.t(REACTION_KEY[r]), n: p.reactions[r] ?? 0 });
        return html`<button type="button" aria-pressed=${on ? 'true' : 'false'} aria-label=${label} title=${label} ?disabled=${blocked} @click=${() => void this.react(p.id, r, !on)}>
          ${EMOJI[r]} ${t.f.num(p.reactions[r] ?? 0)}
        </button>`;
      })}
      ${blocked
        ? nothing
        : html`<button type="button" aria-expanded=${this.picker === p.id ? 'true' : 'false'} aria-label=${t.t('threadReact')} title=${t.t('threadReact')} @click=${() => (this.picker = this.picker === p.id ? null : p.id)}>
              <span aria-hidden="true">☺+</span>
            </button>
            <button type="button" @click=${() => this.#openReply(p.id)}>${t.t('threadReply')}</button>
            <button type="button" @click=${() => this.#openReply(p.id, true)}>${t.t('threadQuote')}</button>`}
      ${mine && canEdit(p, ctx.me.id, ctx.now) && !ctx.closed && this.editing !== p.id
        ? html`<button type="button" @click=${() => this.#openEdit(p)}>${t.t('threadEdit')}</button>`
        : nothing}
      ${mine && this.confirming !== p.id ? html`<button type="button" @click=${() => this.#askDelete(p.id)}>${t.t('threadDelete')}</button>` : nothing}
      ${ctx.moderator
        ? html`<button type="button" aria-pressed=${p.pinned ? 'true' : 'false'} @click=${() => void this.moderate('pin', p.id, !p.pinned)}>
              ${p.pinned ? t.t('threadUnpin') : t.t('threadPin')}
            </button>
            <button type="button" aria-pressed=${p.answered ? 'true' : 'false'} @click=${() => void this.moderate('answer', p.id, !p.answered)}>
              ${p.answered ? t.t('threadUnmarkAnswered') : t.t('threadMarkAnswered')}
            </button>
            <button type="button" aria-pressed=${p.hidden ? 'true' : 'false'} @click=${() => void this.moderate('hide', p.id, !p.hidden)}>
              ${p.hidden ? t.t('threadUnhide') : t.t('threadHide')}
            </button>`
        : nothing}
    </div>
    ${this.picker === p.id && !blocked
      ? html`<div class="picker" role="group" aria-label=${t.t('threadReactions')}>
          ${REACTIONS.map((r) => {
            const on = (p.reactors[r] ?? []).includes(ctx.me.id);
            return html`<button type="button" aria-pressed=${on ? 'true' : 'false'} aria-label=${t.t(REACTION_KEY[r])} title=${t.t(REACTION_KEY[r])} @click=${() => {
              this.picker = null;
              void this.react(p.id, r, !on);
            }}>${EMOJI[r]}</button>`;
          })}
        </div>`
      : nothing}`;
  }

  #renderComposer(key: string, opts: { label: string; parent: string | null; edit?: ThreadPost }) {
    const t = this.#i18n;
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
        placeholder=${kind === 'root' ? this.placeholder || t.t('threadPlaceholder') : ''}
        aria-describedby=${`${id}-hint ${id}-count`}
        aria-invalid=${left < 0 ? 'true' : 'false'}
        @input=${(e: Event) => this.#onInput(e, key)}
        @keydown=${(e: KeyboardEvent) => this.#onComposerKey(e, key, opts)}
      ></textarea>
      ${suggestions.length
        ? html`<div class="mentions" role="group" aria-label=${t.t('threadMentionSuggestions')}>
            ${suggestions.map(
              (c) => html`<button type="button" aria-label=${t.t('threadMention', { name: c.name })} @click=${() => void this.#insertMention(key, id, c)}>
                @<bdi>${c.name}</bdi>
              </button>`,
            )}
          </div>`
        : nothing}
      <div class="composer-row">
        <span id=${`${id}-count`} class=${left < 0 ? 'counter over' : 'counter'}>
          ${showCount ? (left < 0 ? t.t('threadCharsOver', { n: -left }) : t.t('threadCharsLeft', { n: left })) : nothing}
        </span>
        ${kind !== 'edit' && this.allowAnonymous
          ? html`<label class="check"
              ><input type="checkbox" .checked=${this.#anonymous} @change=${(e: Event) => (this.#anonymous = (e.target as HTMLInputElement).checked)} />
              ${t.t('threadAnonymous')}</label
            >`
          : nothing}
        ${kind !== 'root' ? html`<button type="button" @click=${() => this.#closeComposer(key)}>${t.t('threadCancel')}</button>` : nothing}
        <button type="submit" class="primary">${kind === 'edit' ? t.t('threadSave') : kind === 'reply' ? t.t('threadReply') : t.t('threadPost')}</button>
      </div>
      <p class="hint" id=${`${id}-hint`}>${t.t('threadFormatHint')}</p>
    </form>`;
  }

  // -------------------------------------------------------------------------------------------
  // Composer behaviour

  #onInput(e: Event, key: string): void {
    const area = e.target as HTMLTextAreaElement;
    this.#drafts.set(key, area.value);
    const caret = area.selectionStart ?? area.value.length;
    const before = area.value.slice(Math.max(0, caret - 40), caret);
    const m = /(?:^|\s)@([^\s@]{0,30})$/u.exec(before);
    this.mention = m ? { key, query: m[1] ?? '' } : null;
    this.requestUpdate();
  }

  #onComposerKey(e: KeyboardEvent, key: string, opts: { parent: string | null; edit?: ThreadPost }): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.#submit(key, opts);
    } else if (e.key === 'Escape') {
      if (this.mention) {
        this.mention = null;
        e.preventDefault();
      } else if (key !== 'root') {
        e.preventDefault();
        this.#closeComposer(key);
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
    const me = this.#me().id;
    const seen = new Map<string, Mention>();
    const clean = (name: string) => stripBidi(name).replace(/\s+/g, ' ').trim();
    for (const a of this.ctl.session?.presence?.participants ?? []) if (a.id !== me && clean(a.name)) seen.set(a.id, { id: a.id, name: clean(a.name) });
    forEachPost(this.threadState, (p) => {
      if (p.author && !p.anonymous && p.author.id !== me && clean(p.author.name) && !seen.has(p.author.id)) seen.set(p.author.id, { id: p.author.id, name: clean(p.author.name) });
    });
    const q = query.toLocaleLowerCase();
    return [...seen.values()].filter((c) => c.name.toLocaleLowerCase().startsWith(q)).slice(0, 6);
  }

  async #insertMention(key: string, id: string, c: Mention): Promise<void> {
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}`);
    const value = this.#drafts.get(key) ?? '';
    const caret = area?.selectionStart ?? value.length;
    const before = value.slice(0, caret);
    const at = before.lastIndexOf('@');
    const next = `${value.slice(0, at < 0 ? caret : at)}@${c.name} ${value.slice(caret)}`;
    this.#drafts.set(key, next);
    const picks = (this.#picks.get(key) ?? []).filter((m) => m.id !== c.id);
    this.#picks.set(key, [...picks, c]);
    this.mention = null;
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}`);
    if (el) {
      const pos = (at < 0 ? caret : at) + c.name.length + 2;
      el.focus();
      el.setSelectionRange(pos, pos);
    }
  }

  #onSubmit(e: Event, key: string, opts: { parent: string | null; edit?: ThreadPost }): void {
    e.preventDefault();
    void this.#submit(key, opts);
  }

  async #submit(key: string, opts: { parent: string | null; edit?: ThreadPost }): Promise<void> {
    const body = this.#drafts.get(key) ?? '';
    if (opts.edit) {
      await this.edit(opts.edit.id, body);
      return;
    }
    const mentions = (this.#picks.get(key) ?? []).filter((m) => body.includes(`@${m.name}`));
    await this.#post(body, { parent: opts.parent, anonymous: this.allowAnonymous && this.#anonymous, mentions }, key);
  }

  #closeComposer(key: string): void {
    const id = key.slice(key.indexOf(':') + 1);
    this.#drafts.delete(key);
    this.#picks.delete(key);
    if (key.startsWith('reply:')) this.replyTo = null;
    if (key.startsWith('edit:')) this.editing = null;
    this.mention = null;
    void this.#focus.toPost(id);
  }

  async #openReply(postId: string, quote = false): Promise<void> {
    const key = `reply:${postId}`;
    if (quote) {
      const p = getPost(this.threadState, postId);
      if (p) {
        const text = plainText(this.#blocks(p.body)).slice(0, 280);
        const quoted = `> **${this.#name(p).replace(/[*_`[\]\\]/g, '')}:** ${text}\n\n`;
        this.#drafts.set(key, quoted + (this.#drafts.get(key) ?? ''));
      }
    }
    this.replyTo = postId;
    this.picker = null;
    await this.updateComplete;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#compose-reply');
    area?.focus();
    area?.setSelectionRange(area.value.length, area.value.length);
  }

  async #openEdit(p: ThreadPost): Promise<void> {
    this.#drafts.set(`edit:${p.id}`, p.body);
    this.editing = p.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('#compose-edit')?.focus();
  }

  async #askDelete(id: string): Promise<void> {
    this.confirming = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm button')?.focus();
  }

  #cancelConfirm(id: string): void {
    this.confirming = null;
    void this.#focus.toPost(id);
  }

  // -------------------------------------------------------------------------------------------
  // Actions (public API)

  #probe(type: string, data: unknown): { ok: boolean } {
    const handle = this.ctl.handle;
    if (!handle) return { ok: false };
    const op: Operation = { opId: `local-check-${type}`, clientId: handle.me.id, topic: handle.topic, type, data, createdAt: Date.now() };
    try {
      return threadModel.decide(handle.state, op, handle.me, Date.now());
    } catch {
      return { ok: false };
    }
  }

  #emit<T>(type: keyof GlobalEventHandlersEventMap, detail: T, cancelable = false): boolean {
    return fire(this, type, detail, cancelable);
  }

  /**
   * Posts `body` (Markdown) as a new post, or as a reply when `parent` is given. Resolves with the
   * authority's ack (or null when nothing was sent, e.g. `pk-post` was cancelled).
   */
  post(body: string, options: { parent?: string | null; anonymous?: boolean; mentions?: Mention[] } = {}): Promise<Ack | null> {
    return this.#post(body, options, null);
  }

  async #post(body: string, options: { parent?: string | null; anonymous?: boolean; mentions?: Mention[] }, key: string | null): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    const data: PostOpData = {
      body: cleanBody(body),
      parent: options.parent ?? null,
      anonymous: options.anonymous === true,
      mentions: options.mentions ?? [],
      maxDepth: this.maxDepth,
      editMinutes: this.editWindow,
    };
    const verdict = this.#probe('post', data);
    if (verdict.ok) {
      const detail: PkPostDetail = { threadId: this.threadId, parentId: data.parent ?? null, body: data.body, anonymous: !!data.anonymous };
      if (!this.#emit('pk-post', detail, true)) return null;
      if (key) {
        this.#drafts.delete(key);
        this.#picks.delete(key);
        if (key.startsWith('reply:')) {
          this.replyTo = null;
          void this.#focus.toPost(key.slice(6));
        }
      }
      this.mention = null;
    }
    const ack = await handle.send('post', data);
    // Only a refusal counts as failed: a retryable answer (the session closed first) means the post
    // is still queued and the next session sends it, so offering Retry would post it twice.
    if (ack.status === 'rejected' && !ack.error.retryable && verdict.ok) {
      // Accepted here but refused by the authority (locked meanwhile, parent deleted…): keep the text.
      if (handle.lastError?.opId === ack.opId) handle.dismissError();
      this.failed = [...this.failed, { opId: ack.opId, body: data.body, parent: data.parent ?? null, anonymous: !!data.anonymous, message: errorMessage(this.#i18n, ack.error, THREAD_ERRORS) }];
    }
    return ack;
  }

  #discard(f: FailedPost): void {
    this.failed = this.failed.filter((x) => x !== f);
  }

  #retry(f: FailedPost): void {
    this.#discard(f);
    void this.#post(f.body, { parent: f.parent, anonymous: f.anonymous }, null);
  }

  #editFailed(f: FailedPost): void {
    this.#discard(f);
    if (f.parent && getPost(this.threadState, f.parent)) {
      this.#drafts.set(`reply:${f.parent}`, f.body);
      void this.#openReply(f.parent);
    } else {
      this.#drafts.set('root', f.body);
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#compose-root')?.focus());
    }
  }

  /** Saves a new text for one of my posts (within the edit window). Resolves with the ack. */
  async edit(postId: string, body: string): Promise<Ack | null> {
    const handle = this.ctl.handle;
    const post = getPost(this.threadState, postId);
    if (!handle || !post) return null;
    const data = { postId, body: cleanBody(body), rev: post.rev };
    const verdict = this.#probe('edit', data);
    if (verdict.ok) {
      if (!this.#emit<PkPostEditDetail>('pk-post-edit', { threadId: this.threadId, postId, body: data.body }, true)) return null;
      // Focus goes back to the post only from its own edit box (an edit from script leaves focus alone).
      if (this.editing === postId) void this.#focus.toPost(postId);
      this.editing = null;
    }
    const ack = await handle.send('edit', data);
    if (ack.status === 'rejected' && !ack.error.retryable && verdict.ok && this.#drafts.has(`edit:${postId}`) && getPost(this.threadState, postId)) {
      this.editing = postId; // give the text back for another try
    } else if (ack.status !== 'rejected') {
      this.#drafts.delete(`edit:${postId}`);
    }
    return ack;
  }

  /** Deletes one of my posts (a tombstone stays when it has replies). Resolves with the ack. */
  async deletePost(postId: string): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    const data = { postId };
    const verdict = this.#probe('delete', data);
    if (verdict.ok && !this.#emit<PkPostDeleteDetail>('pk-post-delete', { threadId: this.threadId, postId }, true)) return null;
    this.confirming = null;
    // If the row goes away, updated() gives focus to the post that takes its place.
    return handle.send('delete', data);
  }

  /** Adds (`on`) or takes back a reaction on a post. */
  async react(postId: string, reaction: Reaction, on = true): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    if (this.#probe('react', { postId, reaction, on }).ok) this.#emit<PkReactionDetail>('pk-reaction', { threadId: this.threadId, postId, reaction, on });
    return handle.send('react', { postId, reaction, on });
  }

  /** Upvotes a post (`on`) or takes the upvote back. */
  async upvote(postId: string, on = true): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    if (this.#probe('upvote', { postId, on }).ok) this.#emit<PkPostUpvoteDetail>('pk-post-upvote', { threadId: this.threadId, postId, on });
    return handle.send('upvote', { postId, on });
  }

  /** Facilitators: pins, hides or marks a post answered (`value` false undoes it). */
  async moderate(action: 'pin' | 'hide' | 'answer', postId: string, value: boolean): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    const field = action === 'pin' ? 'pinned' : action === 'hide' ? 'hidden' : 'answered';
    const data = { postId, [field]: value };
    if (this.#probe(action, data).ok) this.#emit<PkThreadModerateDetail>('pk-thread-moderate', { threadId: this.threadId, action, postId, value });
    return handle.send(action, data);
  }

  /** Facilitators: locks or unlocks the thread. */
  async setLocked(locked: boolean): Promise<Ack | null> {
    const handle = this.ctl.handle;
    if (!handle) return null;
    if (this.#probe('lock', { locked }).ok) this.#emit<PkThreadModerateDetail>('pk-thread-moderate', { threadId: this.threadId, action: 'lock', postId: null, value: locked });
    return handle.send('lock', { locked });
  }

  /**
   * Exports the thread as JSON or Markdown: fires `pk-thread-export` and, unless it is cancelled,
   * downloads the file. Returns the document.
   */
  exportThread(format: 'json' | 'markdown'): string {
    const t = this.#i18n;
    const info = { threadId: this.threadId, title: this.label.trim() || t.t('threadLabel'), exportedAt: Date.now(), anonymousName: t.t('threadAnonymousName') };
    const content = format === 'json' ? threadToJson(this.threadState, info) : threadToMarkdown(this.threadState, info);
    const filename = `thread-${this.threadId}.${format === 'json' ? 'json' : 'md'}`;
    if (this.#emit<PkThreadExportDetail>('pk-thread-export', { threadId: this.threadId, format, filename, content }, true)) {
      const url = URL.createObjectURL(new Blob([content], { type: format === 'json' ? 'application/json' : 'text/markdown' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.rel = 'noopener';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return content;
  }

  // -------------------------------------------------------------------------------------------
  // Keyboard and focus

  #onSort = (e: Event): void => {
    this.sort = (e.target as HTMLSelectElement).value as ThreadSort;
  };

  /** Asks the virtualizer to bring row `index` on screen (keyboard navigation to a row not rendered). */
  #scrollRowIntoView(index: number): void {
    const feed = this.renderRoot.querySelector('[part~=feed]') as (HTMLElement & Record<symbol, unknown>) | null;
    const ref = feed && this.#virtualizerRef ? (feed[this.#virtualizerRef] as { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined } | undefined) : undefined;
    ref?.element(index)?.scrollIntoView({ block: 'center' });
  }

  async #loadVirtualizer(): Promise<void> {
    if (this.#loadingVirtualizer) return;
    this.#loadingVirtualizer = true;
    try {
      const mod = await import('@lit-labs/virtualizer/virtualize.js');
      this.#virtualizerRef = mod.virtualizerRef;
      this.virtualize = mod.virtualize;
    } catch (err) {
      console.error('[pulsekit] could not load the virtualizer; rendering every post instead.', err);
      this.#virtualizerFailed = true;
      this.requestUpdate();
    }
  }

  protected override updated(): void {
    const handle = this.ctl.handle;
    const s = this.threadState;
    if (!handle || !this.#shown) return;
    if (this.#lastHeld > 0) this.#announcer.say(this.#i18n.t('threadNewPostsAnnounce', { n: this.#lastHeld }));
    this.#checkMentions(s);
    const sig = [s.count, s.locked, this.#lastHeld].join('|');
    if (sig !== this.#lastChange) {
      this.#lastChange = sig;
      this.#emit<PkThreadChangeDetail>('pk-thread-change', { threadId: this.threadId, count: s.count, locked: s.locked, newPosts: this.#lastHeld });
    }
  }

  #checkMentions(s: ThreadState): void {
    if (s === this.#knownState || !this.#known) return;
    this.#knownState = s;
    const me = this.#me().id;
    const fresh: ThreadPost[] = [];
    forEachPost(s, (p) => {
      if (!this.#known!.has(p.id)) {
        this.#known!.add(p.id);
        fresh.push(p);
      }
    });
    for (const p of fresh) {
      if (p.author?.id !== me && p.mentions.some((m) => m.id === me)) {
        this.#emit<PkMentionDetail>('pk-mention', { threadId: this.threadId, postId: p.id, by: p.anonymous ? '' : (p.author?.name ?? '') });
      }
    }
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** The viewer is posting in a `<pk-discussion-thread>` (cancelable). */
    'pk-post': CustomEvent<PkPostDetail>;
    /** The viewer is saving an edit in a `<pk-discussion-thread>` (cancelable). */
    'pk-post-edit': CustomEvent<PkPostEditDetail>;
    /** The viewer is deleting a post in a `<pk-discussion-thread>` (cancelable). */
    'pk-post-delete': CustomEvent<PkPostDeleteDetail>;
    /** The viewer reacted in a `<pk-discussion-thread>`. */
    'pk-reaction': CustomEvent<PkReactionDetail>;
    /** The viewer upvoted in a `<pk-discussion-thread>`. */
    'pk-post-upvote': CustomEvent<PkPostUpvoteDetail>;
    /** A facilitator moderated a `<pk-discussion-thread>`. */
    'pk-thread-moderate': CustomEvent<PkThreadModerateDetail>;
    /** A facilitator exported a `<pk-discussion-thread>` (cancelable). */
    'pk-thread-export': CustomEvent<PkThreadExportDetail>;
    /** A `<pk-discussion-thread>`'s count, lock or waiting new posts changed. */
    'pk-thread-change': CustomEvent<PkThreadChangeDetail>;
    /** A new post in a `<pk-discussion-thread>` mentions the viewer. */
    'pk-mention': CustomEvent<PkMentionDetail>;
  }
}
