/**
 * The inbound half of a session: what the authority tells this page. Each open topic catches up
 * from its handle's cursor in pages (snapshots included), then subscribes live from where it got;
 * a transport's resync request or a gap fetches again, and an authority whose history went back
 * starts the topic again. Internal to `src/core/client`
 * (SessionClient composes it with OutboxDelivery).
 */
import { backoffDelay, type BackoffOptions } from '../protocol/backoff.js';
import { TransportError, type Subscription, type Transport } from '../protocol/transport.js';
import type { TopicHandle } from './topic-handle.js';

/** A topic whose authority's head goes back again this soon after a restart has wrong heads. */
const RESTART_QUIET_MS = 10_000;

/** The open topics of one session, kept in step with the authority. */
export class TopicSync {
  readonly #transport: Transport;
  /** The session's open topics by name, one handle each (shared with OutboxDelivery). */
  readonly #topics: Map<string, TopicHandle<any>>;
  readonly #backoff: BackoffOptions;
  /** Topics whose authority's head went back twice in a row (see `#resync`), and last restarts. */
  readonly #headUntrusted = new Set<string>();
  readonly #restartedAt = new Map<string, number>();
  readonly #subs = new Map<string, Subscription>();
  #resyncing = new Set<TopicHandle<any>>();
  #resyncAgain = new Set<TopicHandle<any>>();
  /** A catch-up that failed on a retryable error, waiting to try again (attempt count for backoff). */
  #resyncRetry = new Map<TopicHandle<any>, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  #connected = false;
  #closed = false;

  constructor(transport: Transport, topics: Map<string, TopicHandle<any>>, backoff: BackoffOptions) {
    this.#transport = transport;
    this.#topics = topics;
    this.#backoff = backoff;
  }

  /** The transport connected: every open topic (and every one opened later) catches up and subscribes. */
  subscribeAll(): void {
    this.#connected = true;
    this.reopen();
  }

  /** Adds a new handle, and syncs it once connected. */
  add(handle: TopicHandle<any>): void {
    this.#topics.set(handle.topic, handle);
    if (this.#connected) this.#openSubscription(handle);
  }

  /** Drops a handle nobody uses any more, with its subscription. */
  release(handle: TopicHandle<any>): void {
    handle.refs--;
    if (handle.refs > 0) return;
    this.#closeSub(handle.topic);
    this.#topics.delete(handle.topic);
    this.#cancelRetry(handle);
  }

  /**
   * The transport is open again: a topic whose subscription was closed to start it again, and whose
   * catch-up then failed, subscribes. (One still catching up subscribes when it is done.)
   */
  reopen(): void {
    if (!this.#connected) return;
    for (const h of this.#topics.values()) if (!this.#subs.has(h.topic) && !this.#resyncing.has(h)) this.#openSubscription(h);
  }

  #closeSub(topic: string): void {
    this.#subs.get(topic)?.close();
    this.#subs.delete(topic);
  }

  /**
   * History first, then live: the handle catches up in pages, each folded (and painted) before the
   * next is asked for, and only then subscribes from the cursor it reached. Subscribing first made
   * an in-page authority replay a whole long topic in one task, before anything could paint. No gap:
   * transports replay from any cursor (the fetch/subscribe hand-off the conformance suite checks).
   */
  #openSubscription(handle: TopicHandle<any>): void {
    if (this.#subs.has(handle.topic) || this.#closed) return;
    // Holds the topic's place while catching up, so a second call or a release sees it.
    const slot: Subscription = { close: () => void (this.#subs.get(handle.topic) === slot && this.#subs.delete(handle.topic)) };
    this.#subs.set(handle.topic, slot);
    void this.#resync(handle).then(() => {
      if (this.#subs.get(handle.topic) !== slot || this.#closed) return;
      const sub = this.#transport.subscribe(handle.topic, handle.cursor, {
        onEvent: (e) => {
          if (!handle.receive(e)) void this.#resync(handle);
          handle.caughtUp();
        },
        onResync: () => void this.#resync(handle),
      });
      this.#subs.set(handle.topic, sub);
    });
  }

  /** Catches a handle up from its own cursor (used at start and when a transport asks to resync). */
  async #resync(handle: TopicHandle<any>): Promise<void> {
    // One catch-up at a time per topic; a request during one runs once more afterwards.
    if (this.#resyncing.has(handle)) {
      this.#resyncAgain.add(handle);
      return;
    }
    this.#resyncing.add(handle);
    try {
      for (let guard = 0; guard < 10_000; guard++) {
        // The head is compared with the cursor the fetch was asked from: live events may move the
        // cursor on while it is in flight, past a head read before them.
        const since = handle.cursor;
        const page = await this.#transport.fetch(handle.topic, since);
        if (this.#topics.get(handle.topic) !== handle) return; // released meanwhile: the topic is another handle's now
        const { head } = page;
        if (!this.#headUntrusted.has(handle.topic) && Number.isSafeInteger(head) && head >= 0 && head < since) {
          const last = this.#restartedAt.get(handle.topic);
          if (last !== undefined && Date.now() - last < RESTART_QUIET_MS) {
            // Lost history twice within seconds (in this catch-up or the last): its heads are wrong (a backend that fails the
            // conformance suite), and trusting them would start the topic again and again. This
            // page is used as it is.
            console.warn(`[pulsekit] ${handle.topic}: the authority's head went back again right after a restart; ignoring its heads`);
            this.#headUntrusted.add(handle.topic);
          } else {
            this.#restartedAt.set(handle.topic, Date.now());
            // The authority lost history this page folded (restored from a backup, storage replaced):
            // its next events would be folded onto a state it no longer has. Start the topic again.
            console.warn(
              `[pulsekit] ${handle.topic}: the authority's history ends at ${head}, before this page's ${since}; loading the topic again`,
            );
            this.#closeSub(handle.topic);
            handle.restart();
            continue;
          }
        }
        handle.learnHead(head);
        if (page.snapshot) handle.applySnapshot(page.snapshot.seq, page.snapshot.state);
        let gap = false;
        for (const e of page.events) if (!handle.receive(e)) gap = true;
        if (gap) console.warn(`[pulsekit] ${handle.topic}: the authority returned a page with a gap`);
        if (!page.hasMore || page.events.length === 0 || gap) break;
        // Let the page paint what this page brought before asking for the next.
        await handle.drained();
      }
      handle.caughtUp();
      this.#cancelRetry(handle);
      // Subscribe again if the subscription was closed for a restart above (here or in an attempt that failed).
      if (!this.#subs.has(handle.topic) && this.#topics.get(handle.topic) === handle) this.#openSubscription(handle);
    } catch (err) {
      if (!(err instanceof TransportError && err.retryable)) console.warn(`[pulsekit] could not load ${handle.topic}:`, err);
      // The transport has moved its own cursor on (it asked for this catch-up): if nobody fetches
      // again, the view stays behind until the topic's next event, which may never come. Try again.
      else this.#retryResync(handle);
    } finally {
      this.#resyncing.delete(handle);
      if (this.#resyncAgain.delete(handle)) void this.#resync(handle);
    }
  }

  #cancelRetry(handle: TopicHandle<any>): void {
    clearTimeout(this.#resyncRetry.get(handle)?.timer);
    this.#resyncRetry.delete(handle);
  }

  #retryResync(handle: TopicHandle<any>): void {
    if (this.#closed || this.#topics.get(handle.topic) !== handle) return;
    const previous = this.#resyncRetry.get(handle);
    if (previous) clearTimeout(previous.timer);
    const attempt = previous ? previous.attempt + 1 : 0;
    const timer = setTimeout(() => void this.#resync(handle), backoffDelay(attempt, this.#backoff));
    this.#resyncRetry.set(handle, { timer, attempt });
  }

  /** Closes every subscription and stops retrying; the handles keep what they folded. */
  close(): void {
    this.#closed = true;
    for (const s of this.#subs.values()) s.close();
    this.#subs.clear();
    for (const { timer } of this.#resyncRetry.values()) clearTimeout(timer);
    this.#resyncRetry.clear();
  }
}
