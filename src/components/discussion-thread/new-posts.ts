import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TopicHandle } from '../../core/client/topic-handle.js';
import { forEachPost, threadRows, type ThreadRow } from './thread-model.js';
import type { ThreadPost, ThreadSort, ThreadState } from './thread-types.js';

/** While a long history is still being folded, the rows are listed again at most this often. */
const CATCH_UP_ROWS_MS = 150;

/** The rows in reading order, each post's index among them, and how many new posts wait. */
export interface ThreadListing {
  rows: ThreadRow[];
  held: number;
  index: Map<string, number>;
}

/** What the watermark needs from the thread element. */
export interface NewPostsHooks {
  handle(): TopicHandle<ThreadState> | null | undefined;
  state(): ThreadState;
  /** The viewer's id: my own new posts are never held back. */
  me(): string;
  /** The sort in use (a valid one). */
  sort(): ThreadSort;
}

/**
 * The "new posts" watermark: the history the authority had when the thread opened is shown; posts
 * after it wait behind a button so nothing moves while you read, and a "top" order keeps the votes
 * it was sorted by until the reader asks again. Also lists the rows (memoized) and finds the posts
 * that arrived since the last look (for mentions).
 */
export class NewPostsWatermark implements ReactiveController {
  /** Posts waiting behind the button at the last listing. */
  held = 0;
  #shown: Set<string> | null = null;
  #rank: Map<string, number> | null = null;
  #memo: (ThreadListing & { state: ThreadState; key: string }) | null = null;
  #listedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #known: Set<string> | null = null;
  #knownState: ThreadState | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #hooks: NewPostsHooks;

  constructor(host: ReactiveControllerHost, hooks: NewPostsHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  /** True once the history that existed when the thread opened has been loaded. */
  get loaded(): boolean {
    return this.#shown !== null;
  }

  /** Another thread: start again. */
  reset(): void {
    this.#shown = this.#rank = this.#known = null;
  }

  hostUpdate(): void {
    // History is what the authority had when the thread opened (`loaded`: caught up to that head);
    // posts after it are new and wait behind the button.
    const handle = this.#hooks.handle();
    if (!handle || this.#shown || !handle.loaded) return;
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
    this.#memo = null;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Sorts by the votes posts have now (the reader chose a sort). */
  rerank(): void {
    if (!this.#shown) return;
    const rank = new Map<string, number>();
    forEachPost(this.#hooks.state(), (p) => rank.set(p.id, p.votes));
    this.#rank = rank;
    this.#memo = null;
  }

  /** Shows every waiting post; returns the first of them in reading order (to take focus). */
  showAll(): { index: number; held: number } | null {
    const had = new Set(this.rows().rows.map((r) => r.id));
    const held = this.held;
    const ids = new Set<string>();
    forEachPost(this.#hooks.state(), (p) => ids.add(p.id));
    this.#shown = ids;
    this.rerank();
    const rows = this.rows().rows;
    const first = rows.findIndex((r) => !had.has(r.id));
    return first < 0 ? null : { index: first, held };
  }

  /** The rows in reading order (memoized per state). */
  rows(): ThreadListing {
    const s = this.#hooks.state();
    const me = this.#hooks.me();
    const sort = this.#hooks.sort();
    const key = `${sort}|${me}|${this.#shown?.size ?? -1}|${this.#rank?.size ?? -1}`;
    const memo = this.#memo;
    if (memo && memo.state === s && memo.key === key) return memo;
    const shown = this.#shown;
    const rank = this.#rank;
    if (!shown && sort !== 'oldest') {
      // While the history is still being folded, only "oldest first" has its first screen: the
      // newest posts and the most upvoted ones are not known before the end of the history.
      this.#memo = { state: s, key, rows: [], held: 0, index: new Map() };
      return this.#memo;
    }
    if (!shown && memo && memo.key === key && memo.rows.length > 0 && performance.now() - this.#listedAt < CATCH_UP_ROWS_MS) {
      // A long history is folded in slices: re-list it a few times a second, not after every slice
      // (each listing walks every post folded so far). The rows' posts are read from the newest state.
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#host.requestUpdate();
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
    this.#memo = { state: s, key, rows, held, index };
    this.#listedAt = performance.now();
    return this.#memo;
  }

  /** Posts that arrived since the last call (none before the history is loaded). */
  arrived(s: ThreadState): ThreadPost[] {
    const known = this.#known;
    if (s === this.#knownState || !known) return [];
    this.#knownState = s;
    const fresh: ThreadPost[] = [];
    forEachPost(s, (p) => {
      if (!known.has(p.id)) {
        known.add(p.id);
        fresh.push(p);
      }
    });
    return fresh;
  }
}
