import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../protocol/backoff.js';
import { newOpId } from '../protocol/ids.js';
import { resolveIdentity, type IdentityInit } from './identity.js';
import { kindOf, type StoredEvent, type TopicModel } from '../protocol/model.js';
import { IdbOutbox, type Outbox } from './outbox.js';
import type { StatementFeed } from './statement-feed.js';
import { checkXapiOptions, type StatementListener, type StatementOptions } from './xapi-options.js';
import { TopicHandle } from './topic-handle.js';
import {
  TransportError,
  type ConnectionStatus,
  type Presence,
  type Subscription,
  type TokenProvider,
  type Transport,
} from '../protocol/transport.js';
import { ackProblem, reject, type Ack, type Actor, type Operation } from '../protocol/wire.js';

/** How to build a session. */
export interface SessionOptions {
  /** Room to join. */
  room: string;
  /** Pipe to the authority. */
  transport: Transport;
  /** Who is at this browser. */
  identity?: IdentityInit;
  /** Bearer tokens for the backend (SSO). */
  tokenProvider?: TokenProvider;
  /** Where unacknowledged operations wait; IndexedDB by default. Yours stays open when the session closes. */
  outbox?: Outbox;
  /** Retry delays. */
  backoff?: BackoffOptions;
  /** Most operations kept waiting per room; beyond it new actions are refused, not silently lost. */
  maxQueued?: number;
}

/** A topic whose authority's head goes back again this soon after a restart has wrong heads. */
const RESTART_QUIET_MS = 10_000;

/** Listener for session-level changes (status, queued count, presence). */
export type SessionListener = () => void;

/**
 * The client side of a room: makes op ids, keeps the durable outbox, applies my operations
 * optimistically, delivers them with capped, jittered backoff, and reconciles by opId. Widgets
 * share one session per room and one TopicHandle per topic.
 */
export class SessionClient {
  /** Room this session belongs to. */
  readonly room: string;
  /** The transport in use. */
  readonly transport: Transport;
  /** Who this browser acts as. */
  readonly identity: Actor;
  /** Latest presence report, when the transport gives one. */
  presence: Presence | null = null;
  /** Error that stopped the connection for good (bad token, unreachable endpoint), if any. */
  failure: string | null = null;

  readonly #outbox: Outbox;
  readonly #ownsOutbox: boolean;
  readonly #backoff: BackoffOptions;
  readonly #maxQueued: number;
  readonly #tokenProvider?: TokenProvider;
  readonly #topics = new Map<string, TopicHandle<any>>();
  /** Topics whose authority's head went back twice in a row (see `#resync`), and last restarts. */
  readonly #headUntrusted = new Set<string>();
  readonly #restartedAt = new Map<string, number>();
  readonly #subs = new Map<string, Subscription>();
  /** Ops waiting for delivery (outbox mirror), in order. */
  #queue: Operation[] = [];
  /** My ops whose outbox write is in flight: not delivered, and lost if the page goes now. */
  #saving = new Set<string>();
  /** My ops the outbox could not store: delivered from this page's memory only. */
  #memoryOnly = new Set<string>();
  /**
   * Ops an in-page authority refused `unknown_topic` because no widget of their kind has opened a
   * topic here yet, by kind: they go back into the queue when one does (see `topic()`).
   */
  #parked = new Map<string, Operation[]>();
  #inFlight = new Set<string>();
  #listeners = new Set<SessionListener>();
  #unlisten: Array<() => void> = [];
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #flushing = false;
  #started: Promise<void> | null = null;
  #closed = false;
  #resyncing = new Set<TopicHandle<any>>();
  #resyncAgain = new Set<TopicHandle<any>>();
  /** A catch-up that failed on a retryable error, waiting to try again (attempt count for backoff). */
  #resyncRetry = new Map<TopicHandle<any>, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  /**
   * Resolvers of send() promises by opId. Held by the session, not the handle: a widget moved in
   * the DOM releases its handle and opens a new one, and the ack must still reach the first caller.
   */
  #waiters = new Map<string, (ack: Ack) => void>();
  /**
   * Most ops per batch after the authority refused a batch as too large. Batches are cut by count
   * (`limits.maxBatch`), but a server also caps a request's bytes: several long posts can pass every
   * per-op limit and still make a body it refuses. Halving until one op is alone finds the size.
   */
  #batchCap = Infinity;
  #connected = false;
  #abort = new AbortController();
  /** The statement delivery, loaded when a host first asks for statements; how many listen. */
  #feed: Promise<StatementFeed> | null = null;
  #listening = 0;

  constructor(options: SessionOptions) {
    this.room = options.room;
    this.transport = options.transport;
    this.identity = resolveIdentity(options.room, options.identity);
    this.#outbox = options.outbox ?? new IdbOutbox();
    this.#ownsOutbox = !options.outbox;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#maxQueued = options.maxQueued ?? 500;
    this.#tokenProvider = options.tokenProvider;
  }

  /** Connection status of the transport. */
  get status(): ConnectionStatus {
    return this.transport.status;
  }

  /** Number of my operations not yet acknowledged ("N queued"). */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Number of my operations that leaving the page now would lose: their outbox write is still in
   * flight, or the outbox failed and they wait in memory. While it is above 0 the session asks the
   * browser to confirm before the page is left (`beforeunload`).
   */
  get unsaved(): number {
    return this.#saving.size + this.#memoryOnly.size;
  }

  /** Connects, restores the outbox and starts delivering. Safe to call more than once. */
  start(): Promise<void> {
    this.#started ??= this.#doStart();
    return this.#started;
  }

  async #doStart(): Promise<void> {
    this.#unlisten.push(this.transport.onStatus((s) => this.#onStatus(s)));
    if (this.transport.onPresence) {
      this.#unlisten.push(
        this.transport.onPresence((p) => {
          this.presence = p;
          this.#notify();
        }),
      );
    }
    if (typeof window !== 'undefined') {
      const online = () => this.#flushSoon(true);
      // Writes are issued at once and commit without this page, so little can still be in flight;
      // what is (or lives in memory only) makes the browser ask before the page goes. Nothing
      // asynchronous can finish in pagehide, so this is all the platform allows.
      const leaving = (e: BeforeUnloadEvent) => {
        if (this.unsaved === 0) return;
        e.preventDefault();
        e.returnValue = ''; // older browsers ask only when this is set
      };
      window.addEventListener('online', online);
      window.addEventListener('beforeunload', leaving);
      this.#unlisten.push(() => {
        window.removeEventListener('online', online);
        window.removeEventListener('beforeunload', leaving);
      });
    }
    // Another tab holds ops for a topic it cannot send and this page has open: deliver them here.
    const unwatch = this.#outbox.watch?.(this.#outboxRoom, (topics) => void this.#adopt(topics));
    if (unwatch) this.#unlisten.push(unwatch);
    // Operations left by an earlier page (reload, crash, offline) are delivered first.
    try {
      const saved = await this.#outbox.list(this.#outboxRoom);
      // Another identity's leftovers (a shared computer, another participant-id) stay for their
      // owner: the authority would refuse them from us, and they would be lost.
      for (const op of saved) if (op.clientId === this.identity.id) this.#track(op);
    } catch (err) {
      console.warn('[pulsekit] could not read the outbox; continuing without it:', err);
    }
    try {
      await this.transport.connect({
        room: this.room,
        identity: this.identity,
        tokenProvider: this.#tokenProvider,
        signal: this.#abort.signal,
      });
    } catch (err) {
      // A failed first connect is not fatal: transports retry by themselves and report status.
      this.failure = err instanceof Error ? err.message : String(err);
      this.#notify();
    }
    this.#connected = true;
    for (const handle of this.#topics.values()) this.#openSubscription(handle);
    this.#flushSoon(true);
  }

  /** Opens (or shares) the handle for a topic. Call `release()` on it when done. */
  topic<S>(topic: string, model: TopicModel<S>): TopicHandle<S> {
    let handle = this.#topics.get(topic) as TopicHandle<S> | undefined;
    if (!handle) {
      this.transport.registerModel?.(model);
      handle = new TopicHandle<S>(this, topic, model);
      this.#topics.set(topic, handle);
      for (const op of this.#queue) if (op.topic === topic) handle.addPending(op, 'queued', !this.#memoryOnly.has(op.opId));
      this.#unpark(model.kind);
      if (this.#connected) this.#openSubscription(handle);
      void this.start();
    }
    handle.refs++;
    return handle;
  }

  /** @internal Called by TopicHandle.release(). */
  release(handle: TopicHandle<any>): void {
    handle.refs--;
    if (handle.refs > 0) return;
    this.#closeSub(handle.topic);
    this.#topics.delete(handle.topic);
    this.#cancelRetry(handle);
  }

  #closeSub(topic: string): void {
    this.#subs.get(topic)?.close();
    this.#subs.delete(topic);
  }

  /**
   * Delivers an xAPI statement for each of this page's operations the authority accepts, built
   * from its event as stored (docs/xapi.md). Returns the function that stops it. Throws on options
   * that cannot make valid statements. Add it before `start()` to miss none.
   */
  onStatement(listener: StatementListener, options: StatementOptions): () => void {
    checkXapiOptions(options);
    this.#feed ??= import('./statement-feed.js').then(
      (m) =>
        new m.StatementFeed(this.room, (opId) => {
          // Its event was folded and its statements delivered: a reload must not deliver them again.
          this.#outbox.remove([opId]).catch((err) => console.warn('[pulsekit] outbox cleanup failed:', err));
        }),
    );
    this.#listening++;
    // Every call on the feed waits on the same promise, so the order of events is kept.
    const removed = this.#feed.then((feed) => feed.add(listener, options));
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.#listening--;
      void removed.then(
        (remove) => remove(),
        () => {},
      );
    };
  }

  /** @internal A folded event of one of my operations, with the topic's state before it. */
  accepted(model: TopicModel<any>, event: StoredEvent, before: unknown): void {
    if (this.#listening === 0 || !this.#feed) return;
    // A failed load leaves the op in the outbox: a reload that gets the chunk delivers its statements.
    this.#feed.then(
      (feed) => feed.push(model, event, before),
      (err) => console.error('[pulsekit] could not load the xAPI statement delivery:', err),
    );
  }

  /** Listens to status, queued count and presence changes. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** @internal Creates, checks, stores and queues one operation. */
  async enqueue<D>(handle: TopicHandle<any>, type: string, data: D, opId = newOpId()): Promise<Ack> {
    const op: Operation<D> = { opId, clientId: this.identity.id, topic: handle.topic, type, data, createdAt: Date.now() };
    if (this.#closed) return this.#refuse(handle, op, reject('closed', 'This session has been closed.'));
    // Check against what we know now: an impossible action fails at once instead of waiting in a queue.
    let decision;
    try {
      decision = handle.model.decide(handle.state, op, this.identity, Date.now());
    } catch (err) {
      decision = { ok: false as const, error: reject('bad_operation', (err as Error).message) };
    }
    if (!decision.ok) return this.#refuse(handle, op, decision.error);
    if (this.#queue.length >= this.#maxQueued) {
      return this.#refuse(handle, op, reject('outbox_full', `More than ${this.#maxQueued} actions are waiting to be sent.`, true));
    }
    const acked = new Promise<Ack>((resolve) => this.#waiters.set(op.opId, resolve));
    // Shown at once, as being saved: it counts as queued (and is sent) only once it is durable.
    this.#saving.add(op.opId);
    handle.addPending(op, 'saving', false);
    this.#notify();
    let durable = true;
    try {
      await this.#outbox.put(this.#outboxRoom, op);
    } catch (err) {
      // Without durable storage (private mode quota, blocked IndexedDB) we still deliver from memory.
      console.warn('[pulsekit] outbox write failed; the action is kept in memory only:', err);
      durable = false;
      this.#memoryOnly.add(op.opId);
    }
    this.#saving.delete(op.opId);
    this.#track(op, durable);
    this.#flushSoon(false);
    return acked;
  }

  #refuse(handle: TopicHandle<any>, op: Operation, error: ReturnType<typeof reject>): Ack {
    const ack: Ack = { opId: op.opId, topic: op.topic, status: 'rejected', error };
    handle.settle(ack, op);
    this.#answer(ack);
    return ack;
  }

  /** The outbox key: the room, plus the authority when the transport names one (see `outboxScope`). */
  get #outboxRoom(): string {
    const scope = this.transport.outboxScope;
    return scope ? `${this.room} @ ${scope}` : this.room;
  }

  /** Resolves the send() waiting for this ack, if any. */
  #answer(ack: Ack): void {
    this.#waiters.get(ack.opId)?.(ack);
    this.#waiters.delete(ack.opId);
  }

  /** Parked ops of a kind whose model this page now has go back into the queue. */
  #unpark(kind: string): void {
    const ops = this.#parked.get(kind);
    if (!ops) return;
    this.#parked.delete(kind);
    for (const op of ops) this.#track(op, !this.#memoryOnly.has(op.opId));
    this.#flushSoon(true);
  }

  /** Takes over my ops of `topics` from the shared outbox (another tab could not send them). */
  async #adopt(topics: string[]): Promise<void> {
    const open = new Set(topics.filter((t) => this.#topics.has(t)));
    if (open.size === 0 || this.#closed) return;
    try {
      for (const op of await this.#outbox.list(this.#outboxRoom))
        if (op.clientId === this.identity.id && open.has(op.topic)) this.#track(op);
    } catch (err) {
      console.warn('[pulsekit] could not read the outbox:', err);
    }
    this.#flushSoon(true);
  }

  #track(op: Operation, durable = true): void {
    if (this.#queue.some((q) => q.opId === op.opId)) return;
    this.#queue.push(op);
    this.#topics.get(op.topic)?.addPending(op, 'queued', durable);
    this.#notify();
  }

  #onStatus(status: ConnectionStatus): void {
    if (status === 'open') {
      this.failure = null;
      this.#flushSoon(true);
      // A topic whose subscription was closed to start it again, and whose catch-up then failed.
      // (One still catching up subscribes when it is done.)
      if (this.#connected)
        for (const h of this.#topics.values()) if (!this.#subs.has(h.topic) && !this.#resyncing.has(h)) this.#openSubscription(h);
    }
    this.#notify();
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
      const sub = this.transport.subscribe(handle.topic, handle.cursor, {
        onEvent: (e) => {
          if (!handle.receive(e)) void this.#resync(handle);
          if (!handle.loaded) {
            handle.loaded = true;
            handle.changed();
          }
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
        const page = await this.transport.fetch(handle.topic, since);
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
        if (page.snapshot) handle.applySnapshot(page.snapshot.seq, page.snapshot.state);
        let gap = false;
        for (const e of page.events) if (!handle.receive(e)) gap = true;
        if (gap) console.warn(`[pulsekit] ${handle.topic}: the authority returned a page with a gap`);
        if (!page.hasMore || page.events.length === 0 || gap) break;
        // Let the page paint what this page brought before asking for the next.
        await handle.drained();
      }
      if (!handle.loaded) {
        handle.loaded = true;
        handle.changed();
      }
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

  #flushSoon(resetBackoff: boolean): void {
    if (resetBackoff) this.#attempt = 0;
    if (this.#retryTimer && resetBackoff) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    if (!this.#retryTimer) queueMicrotask(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#closed || !this.#started) return;
    if (this.transport.status !== 'open') return; // a status change to open flushes again
    const batch = this.#queue
      .filter((op) => !this.#inFlight.has(op.opId))
      .slice(0, Math.min(this.transport.limits.maxBatch, this.#batchCap));
    if (batch.length === 0) return;
    this.#flushing = true;
    const ids = new Set(batch.map((op) => op.opId));
    for (const id of ids) this.#inFlight.add(id);
    this.#markAll(batch, ids, 'sending');
    try {
      const acks = await this.transport.send(batch);
      this.#attempt = 0;
      if (batch.length === this.#batchCap) this.#batchCap *= 2; // grow back after smaller batches pass
      await this.#applyAcks(batch, acks);
    } catch (err) {
      this.#markAll(batch, ids, 'queued');
      if (err instanceof TransportError && err.code === 'too_large' && batch.length > 1) {
        // Too large together, maybe not alone: send fewer at a time (the finally block flushes again).
        this.#batchCap = Math.max(1, Math.floor(batch.length / 2));
      } else if (err instanceof TransportError && !err.retryable && (err.code === 'too_large' || err.code === 'bad_request')) {
        // The authority will never take these: say so instead of retrying forever.
        await this.#applyAcks(
          batch,
          batch.map((op) => ({ opId: op.opId, topic: op.topic, status: 'rejected' as const, error: reject(err.code, err.message) })),
        );
      } else if (err instanceof TransportError && !err.retryable && this.transport.status !== 'open') {
        // Closed or failed (a token that no longer works): keep the ops and wait for the status to
        // come back to open, which flushes again; retrying now would only spin.
      } else {
        // Retryable, or refused while the transport still says open (a 404 from a misrouted
        // endpoint, say): keep the ops and back off. Without the timer this resent at once, forever.
        this.#scheduleRetry();
      }
    } finally {
      for (const id of ids) this.#inFlight.delete(id);
      this.#flushing = false;
    }
    if (this.#queue.some((op) => !this.#inFlight.has(op.opId)) && !this.#retryTimer) void this.#flush();
  }

  #markAll(batch: Operation[], ids: Set<string>, status: 'queued' | 'sending'): void {
    const topics = new Set(batch.map((op) => op.topic));
    for (const t of topics) this.#topics.get(t)?.markPending(ids, status);
  }

  async #applyAcks(batch: Operation[], acks: Ack[]): Promise<void> {
    const done: string[] = [];
    const parked = new Set<string>();
    let retryLater = false;
    for (const op of batch) {
      const ack = acks.find((a) => a && a.opId === op.opId);
      if (!ack || ackProblem(ack)) {
        // A missing or broken ack leaves the op's fate unknown: keep it, resend (idempotent).
        if (ack) console.warn('[pulsekit] dropped a malformed ack:', ackProblem(ack));
        retryLater = true;
        continue;
      }
      if (ack.status === 'rejected' && ack.error.retryable) {
        retryLater = true;
        this.#topics.get(op.topic)?.markPending(new Set([op.opId]), 'queued');
        continue;
      }
      if (ack.status === 'rejected' && ack.error.code === 'unknown_topic' && !this.#topics.has(op.topic)) {
        // A leftover of a widget this page does not have (yet: an in-page authority knows a kind
        // only once its widget opens it). It stays in the outbox, waits here until such a widget
        // opens, and other tabs that have one open are told to send it.
        this.#queue = this.#queue.filter((q) => q.opId !== op.opId);
        const kind = kindOf(op.topic);
        this.#parked.set(kind, [...(this.#parked.get(kind) ?? []), op]);
        parked.add(op.topic);
        continue;
      }
      done.push(op.opId);
      this.#memoryOnly.delete(op.opId);
      this.#queue = this.#queue.filter((q) => q.opId !== op.opId);
      this.#topics.get(op.topic)?.settle(ack, op);
      this.#answer(ack);
    }
    try {
      await this.#outbox.remove(done);
    } catch (err) {
      console.warn('[pulsekit] outbox cleanup failed (the authority deduplicates any resend):', err);
    }
    if (parked.size > 0) this.#outbox.announce?.(this.#outboxRoom, [...parked]);
    if (retryLater) this.#scheduleRetry();
    this.#notify();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || this.#closed) return;
    const delay = backoffDelay(this.#attempt++, this.#backoff);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#flush();
    }, delay);
  }

  #notify(): void {
    for (const l of [...this.#listeners]) {
      try {
        l();
      } catch (err) {
        console.error('[pulsekit] session listener failed:', err);
      }
    }
    for (const h of this.#topics.values()) h.changed();
  }

  /** Closes the session: subscriptions, timers, listeners and the transport. Queued ops stay in the outbox. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    for (const s of this.#subs.values()) s.close();
    this.#subs.clear();
    for (const { timer } of this.#resyncRetry.values()) clearTimeout(timer);
    this.#resyncRetry.clear();
    // Nothing is lost: queued ops stay in the outbox for the next page. Their promises settle now,
    // as retryable (callers must not resend: the next session delivers the queued op itself).
    const message = 'The session closed before the authority answered; the action stays queued.';
    for (const [opId, resolve] of this.#waiters)
      resolve({
        opId,
        topic: this.#queue.find((q) => q.opId === opId)?.topic ?? '',
        status: 'rejected',
        error: reject('closed', message, true),
      });
    this.#waiters.clear();
    for (const u of this.#unlisten) u();
    this.#unlisten = [];
    await this.transport.close();
    // A host's outbox may serve other sessions (and the next page's): only ours is closed.
    if (this.#ownsOutbox) this.#outbox.close();
    this.#listeners.clear();
  }
}
