import { DEFAULT_BACKOFF, type BackoffOptions } from '../protocol/backoff.js';
import { callEach } from '../protocol/listeners.js';
import type { StoredEvent, TopicModel } from '../protocol/model.js';
import type { ConnectionStatus, Presence, TokenProvider, Transport } from '../protocol/transport.js';
import type { Ack, Actor } from '../protocol/wire.js';
import { resolveIdentity, type IdentityInit } from './identity.js';
import { OutboxDelivery } from './outbox-delivery.js';
import type { Outbox } from './outbox.js';
import type { StatementFeed } from './statement-feed.js';
import { TopicHandle } from './topic-handle.js';
import { TopicSync } from './topic-sync.js';
import { checkXapiOptions, type StatementListener, type StatementOptions } from './xapi-options.js';

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

/** Listener for session-level changes (status, queued count, presence). */
export type SessionListener = () => void;

/**
 * The client side of a room: who is at this browser, the connection (status, presence), xAPI
 * statements, and two halves composed: OutboxDelivery takes my operations from the durable outbox
 * to the authority (op ids, the local pre-check, backoff, acks by opId), TopicSync keeps the open
 * topics in step with it (catch-up, live subscriptions). Each TopicHandle shows both: confirmed
 * state with my pending operations applied. Widgets share one session per room and one TopicHandle
 * per topic.
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

  readonly #tokenProvider?: TokenProvider;
  /** Open topics by name, one handle each: TopicSync keeps them in step, OutboxDelivery shows my operations on them. */
  readonly #topics = new Map<string, TopicHandle<any>>();
  readonly #sync: TopicSync;
  readonly #delivery: OutboxDelivery;
  #listeners = new Set<SessionListener>();
  #unlisten: Array<() => void> = [];
  #started: Promise<void> | null = null;
  /** Aborted when the session closes (a connect in progress gives up). */
  #abort = new AbortController();
  /** The statement delivery, loaded when a host first asks for statements; how many listen. */
  #feed: Promise<StatementFeed> | null = null;
  #listening = 0;

  constructor(options: SessionOptions) {
    this.room = options.room;
    this.transport = options.transport;
    this.identity = resolveIdentity(options.room, options.identity);
    this.#tokenProvider = options.tokenProvider;
    this.#sync = new TopicSync(this.transport, this.#topics, options.backoff ?? DEFAULT_BACKOFF);
    this.#delivery = new OutboxDelivery(this, this.#topics, () => this.#notify(), options);
  }

  /** Connection status of the transport. */
  get status(): ConnectionStatus {
    return this.transport.status;
  }

  /** Number of my operations not yet acknowledged ("N queued"). */
  get queued(): number {
    return this.#delivery.queued;
  }

  /**
   * Number of my operations that leaving the page now would lose: their outbox write is still in
   * flight, or the outbox failed and they wait in memory. While it is above 0 the session asks the
   * browser to confirm before the page is left (`beforeunload`).
   */
  get unsaved(): number {
    return this.#delivery.unsaved;
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
      const online = () => this.#delivery.flushSoon(true);
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
    // Operations left by an earlier page (reload, crash, offline) are delivered first.
    await this.#delivery.start();
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
    this.#sync.subscribeAll();
    this.#delivery.flushSoon(true);
  }

  /** Opens (or shares) the handle for a topic. Call `release()` on it when done. */
  topic<S>(topic: string, model: TopicModel<S>): TopicHandle<S> {
    let handle = this.#topics.get(topic) as TopicHandle<S> | undefined;
    if (!handle) {
      this.transport.registerModel?.(model);
      handle = new TopicHandle<S>(this, topic, model);
      this.#sync.add(handle);
      this.#delivery.opened(handle);
      void this.start();
    }
    handle.refs++;
    return handle;
  }

  /** @internal Called by TopicHandle.release(). */
  release(handle: TopicHandle<any>): void {
    this.#sync.release(handle);
  }

  /**
   * Delivers an xAPI statement for each of this page's operations the authority accepts, built
   * from its event as stored (docs/xapi.md). Returns the function that stops it. Throws on options
   * that cannot make valid statements. Add it before `start()` to miss none.
   */
  onStatement(listener: StatementListener, options: StatementOptions): () => void {
    checkXapiOptions(options);
    // Once an op's event was folded and its statements delivered, a reload must not deliver them again.
    this.#feed ??= import('./statement-feed.js').then((m) => new m.StatementFeed(this.room, (opId) => this.#delivery.forget(opId)));
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

  /**
   * Topics where this page's operations were accepted, with the authority's time of the latest:
   * what a connection report says this person took part in (decisions §48). Only events staff may
   * see the actor of: an anonymous vote is never counted as taking part.
   */
  readonly tookPart = new Map<string, number>();

  /** @internal A folded event of one of my operations, with the topic's state before it. */
  accepted(model: TopicModel<any>, event: StoredEvent, before: unknown): void {
    if (model.actorVisible?.(before, event, { ...this.identity, role: 'facilitator' }) !== false) this.tookPart.set(event.topic, event.at);
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

  /** @internal Creates, checks, stores and queues one operation (see TopicHandle.send). */
  enqueue<D>(handle: TopicHandle<any>, type: string, data: D, opId?: string): Promise<Ack> {
    return this.#delivery.send(handle, type, data, opId);
  }

  #onStatus(status: ConnectionStatus): void {
    if (status === 'open') {
      this.failure = null;
      this.#delivery.flushSoon(true);
      this.#sync.reopen();
    }
    this.#notify();
  }

  #notify(): void {
    callEach(this.#listeners, 'session listener');
    for (const h of this.#topics.values()) h.changed();
  }

  /** Closes the session: subscriptions, timers, listeners and the transport. Queued ops stay in the outbox. */
  async close(): Promise<void> {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#sync.close();
    this.#delivery.close();
    for (const u of this.#unlisten) u();
    this.#unlisten = [];
    await this.transport.close();
    this.#delivery.closeOutbox();
    this.#listeners.clear();
  }
}
