/**
 * What HttpTransport and WebSocketTransport share (docs/protocol.md), composed of three parts:
 * the link supervisor (status, reconnection with backoff, the token and its renewal;
 * link-supervisor.ts), the subscription feed (gap-free fetch/stream hand-off, snapshots, resync,
 * rewind; subscription-feed.ts) and the wire checks (network-wire.ts). This class adds the
 * Transport API, limits, presence and teardown accounting. A subclass supplies the link: open it,
 * close it, send a batch, read a page, and hand what arrives to `this.feed`.
 * Internal to `src/core/transports`; the core never imports it.
 */
import { DEFAULT_BACKOFF, type BackoffOptions } from '../protocol/backoff.js';
import { isObj } from '../protocol/records.js';
import {
  TransportError,
  type ConnectionStatus,
  type ConnectOptions,
  type FetchResult,
  type Presence,
  type PresenceListener,
  type StatusListener,
  type SubscribeHandlers,
  type Subscription,
  type Transport,
  type TransportLimits,
} from '../protocol/transport.js';
import { isTopic, type Ack, type Actor, type Operation } from '../protocol/wire.js';
import { LinkSupervisor, type LinkDriver, type Timer } from './link-supervisor.js';
import { checkPage, limitsOf, parseEndpoint, presenceOf, type CheckedPage } from './network-wire.js';
import { beginConnect, checkBatch, checkFetch, DEFAULT_LIMITS, emitPresence, notOpenError, type DebugCounts } from './shared.js';
import { SubscriptionFeed, type FeedDriver } from './subscription-feed.js';

/** Supplies a bearer token for a room and identity (used when `connect()` gets no `tokenProvider`). */
export type RoomTokenProvider = (request: { room: string; identity: Actor }) => string | null | Promise<string | null>;

/** Options both network transports take. */
export interface NetworkTransportOptions {
  /** Lower limits than the server's (tests use small ones); the server's `/v1/limits` caps them. */
  limits?: Partial<TransportLimits>;
  /** Token source used when `connect()` has no `tokenProvider` (it receives the room and identity). */
  tokenProvider?: RoomTokenProvider;
  /**
   * Reconnect backoff (full jitter). Default 500 ms / 30 s; without an explicit `baseMs` the
   * server's SSE `retry:` raises the base.
   */
  backoff?: Partial<BackoffOptions>;
  /** Gives up on one request (send, fetch) after this many ms; its fate is then unknown. Default 30000. */
  requestTimeoutMs?: number;
  /** Gives up on opening the connection after this many ms and retries. Default 15000. */
  connectTimeoutMs?: number;
}

/**
 * The shared half of the network transports. See the file comment; subclasses implement the
 * `link*` methods, report drops and refusals to `this.link` and what the stream carries to
 * `this.feed` (events, snapshots, resync) or `ingestPresence`.
 */
export abstract class NetworkTransport implements Transport, LinkDriver, FeedDriver {
  readonly #optionLimits: Partial<TransportLimits>;
  #serverLimits: TransportLimits | null = null;
  #bodyBytes: number | null = null;
  readonly #presenceListeners = new Set<PresenceListener>();
  readonly #timers = new Map<Timer, () => void>();
  readonly #roomTokenProvider: RoomTokenProvider | undefined;
  /** The link: status, reconnection, token (subclasses report drops and refusals to it). */
  protected readonly link: LinkSupervisor;
  /** The subscriptions (subclasses feed it what the stream carries). */
  protected readonly feed: SubscriptionFeed;
  /** Timeout of one request, in ms. */
  protected readonly requestTimeoutMs: number;
  /** Timeout of opening the link, in ms. */
  protected readonly connectTimeoutMs: number;
  #presence: Presence | null = null;
  #room = '';
  #dropAbort: (() => void) | null = null;

  constructor(options: NetworkTransportOptions = {}) {
    this.#optionLimits = options.limits ?? {};
    this.#roomTokenProvider = options.tokenProvider;
    const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.link = new LinkSupervisor(this, backoff, options.backoff?.baseMs !== undefined, this.connectTimeoutMs);
    this.feed = new SubscriptionFeed(this, backoff);
  }

  // ---- what a subclass implements ------------------------------------------------------------

  /** @internal Checks the endpoint and learns server limits before the first link; throws LinkError. */
  abstract prepare(): Promise<void>;
  /** @internal Opens the link; resolves when it is ready to carry events. Throws LinkError. */
  abstract linkOpen(gen: number, token: string | null): Promise<void>;
  /** @internal Closes the link at once; stale callbacks are ignored by `gen`. Rejects its pending requests. */
  abstract linkClose(reason: string): void;
  /** Sends a batch; throws LinkError or TransportError. */
  protected abstract linkSend(ops: Operation[], token: string | null): Promise<unknown>;
  /** Reads one raw page; throws LinkError or TransportError. */
  protected abstract linkFetch(topic: string, since: number, limit: number, token: string | null): Promise<unknown>;
  /** Called once the link is open (after `open` was reported). */
  protected abstract linkOpened(): void;
  /** @internal How a new subscription starts; `first` when no other subscription of the topic exists. */
  abstract startMode(topic: string, first: boolean): 'live' | 'fill';
  /** @internal The last subscription of a topic closed. */
  abstract topicReleased(topic: string): void;
  /** Listeners and timers the link holds, for `debugCounts()`. */
  protected abstract linkCounts(): { timers: number; listeners: number };

  // ---- Transport -------------------------------------------------------------------------------

  /** Current connection status. */
  get status(): ConnectionStatus {
    return this.link.cell.status;
  }

  /** The server this transport reaches (host and path, the same for HTTP and WebSocket). */
  get outboxScope(): string {
    const url = parseEndpoint(this.endpoint, ['http:', 'https:', 'ws:', 'wss:']);
    return url ? `${url.host}${url.pathname.replace(/\/+$/, '')}` : this.endpoint;
  }

  /** The endpoint URL this transport was made for. */
  abstract readonly endpoint: string;

  /** Effective limits: yours (options) capped by the server's, or the defaults. */
  get limits(): TransportLimits {
    const s = this.#serverLimits;
    const pick = (k: keyof TransportLimits) => {
      const mine = this.#optionLimits[k];
      const valid = Number.isSafeInteger(mine) && (mine as number) > 0 ? (mine as number) : undefined;
      if (s) return Math.min(valid ?? s[k], s[k]);
      return valid ?? DEFAULT_LIMITS[k];
    };
    return { maxBatch: pick('maxBatch'), maxPage: pick('maxPage'), maxOpBytes: pick('maxOpBytes') };
  }

  /** The room this transport joined (empty before connect). */
  protected get room(): string {
    return this.#room;
  }

  /**
   * Opens the connection; resolves once `open`. A refused token (after one fresh one) or a room the
   * token does not allow rejects with a non-retryable error and status `failed`; an unreachable
   * server rejects with a retryable `offline` while the transport keeps trying in the background.
   */
  async connect(options: ConnectOptions): Promise<void> {
    const unlisten = beginConnect(this.link.cell, options, () => this.close());
    if (unlisten === 'aborted') {
      await this.close();
      throw new TransportError('aborted', 'connect() was aborted.', false);
    }
    // A reconnect after `failed` keeps the first listener.
    if (unlisten) {
      if (this.#dropAbort) unlisten();
      else this.#dropAbort = unlisten;
    }
    if (options.room !== this.#room) this.roomChanged();
    const room = (this.#room = options.room);
    const identity: Actor = { id: options.identity.id, name: options.identity.name, role: options.identity.role };
    const own = options.tokenProvider;
    const byRoom = this.#roomTokenProvider;
    await this.link.connect(own ? () => own() : byRoom ? () => byRoom({ room, identity }) : null, room, identity);
  }

  /** Closes the link, ends every subscription, timer and listener. Safe to call twice. */
  async close(): Promise<void> {
    if (this.status === 'closed') return;
    this.feed.clear();
    this.link.close();
    for (const [t, wake] of [...this.#timers]) {
      clearTimeout(t);
      wake();
    }
    this.#timers.clear();
    this.#dropAbort?.();
    this.#dropAbort = null;
    this.link.cell.dispose();
    this.#presenceListeners.clear();
  }

  /** Sends a batch; see Transport.send. Throws when its fate is unknown (the client resends). */
  async send(ops: Operation[]): Promise<Ack[]> {
    if (this.status !== 'open') throw notOpenError(this.status);
    checkBatch(ops, this.limits);
    if (ops.length === 0) return [];
    const acks = await this.link.authed((token) => this.linkSend(ops, token));
    if (!Array.isArray(acks)) throw new TransportError('bad_response', 'The server answered a batch without acks.', true);
    return acks as Ack[];
  }

  /** Reads one page; see Transport.fetch (a topic the stream coalesced answers with its snapshot). */
  async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (this.status !== 'open') throw notOpenError(this.status);
    return this.feed.fetch(topic, since, checkFetch(topic, since, limit, this.limits));
  }

  /** Delivers every event after `since` in order, exactly once, then live ones. */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription {
    if (!isTopic(topic)) throw new TransportError('bad_request', `"${String(topic)}" is not a topic.`, false);
    if (!Number.isSafeInteger(since) || since < 0) throw new TransportError('bad_request', 'since must be a non-negative integer.', false);
    return this.feed.subscribe(topic, since, handlers);
  }

  /** Listens to status changes. */
  onStatus(listener: StatusListener): () => void {
    return this.link.cell.on(listener);
  }

  /** Listens to presence in the room; a new listener gets the last known presence. */
  onPresence(listener: PresenceListener): () => void {
    if (this.status === 'closed') return () => {};
    this.#presenceListeners.add(listener);
    if (this.#presence) emitPresence(new Set([listener]), this.#presence);
    return () => void this.#presenceListeners.delete(listener);
  }

  /** What this transport still holds; all zeros after close(). */
  debugCounts(): DebugCounts {
    const link = this.linkCounts();
    return {
      subscriptions: this.feed.size,
      timers: this.#timers.size + link.timers,
      listeners: this.link.cell.size + this.#presenceListeners.size + (this.#dropAbort ? 1 : 0) + this.link.listeners + link.listeners,
    };
  }

  // ---- for subclasses --------------------------------------------------------------------------

  /** Server limits (from `/v1/limits` or the WebSocket `ready`). */
  protected setServerLimits(raw: unknown): void {
    const limits = limitsOf(raw);
    if (isObj(raw) && Number.isSafeInteger(raw.maxBodyBytes) && (raw.maxBodyBytes as number) > 0)
      this.#bodyBytes = raw.maxBodyBytes as number;
    if (limits) this.#serverLimits = limits;
    else if (raw !== undefined) console.warn('[pulsekit] ignored malformed limits from the server', raw);
  }

  /** Most bytes the server takes in one request body or WebSocket message, when it said (else null). */
  protected get bodyBytes(): number | null {
    return this.#bodyBytes;
  }

  /** Whether server limits are known. */
  protected get hasServerLimits(): boolean {
    return this.#serverLimits !== null;
  }

  /** @internal A timer the transport accounts for (debugCounts) and clears on close; `wake` runs on close. */
  timer(fn: () => void, ms: number, wake: () => void = () => {}): Timer {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.set(t, wake);
    return t;
  }

  /** @internal Clears a timer made with `timer()`. */
  clearTimer(t: Timer | null | undefined): void {
    if (t === null || t === undefined) return;
    clearTimeout(t);
    this.#timers.delete(t);
  }

  /** The room changed between connects: stream cursors of the old room mean nothing. */
  protected roomChanged(): void {}

  /** A presence message. */
  protected ingestPresence(raw: unknown): void {
    const presence = presenceOf(raw);
    if (!presence) {
      console.warn('[pulsekit] dropped a malformed presence message from the server', raw);
      return;
    }
    this.#presence = presence;
    emitPresence(this.#presenceListeners, presence);
  }

  /** @internal The link is up: the subclass learns it, then waiting subscriptions fill. */
  linkUp(): void {
    this.linkOpened();
    this.feed.resume();
  }

  /** @internal Reads one page through the link (with the token) and checks it. */
  async fetchPage(topic: string, since: number, limit: number): Promise<CheckedPage> {
    const raw = await this.link.authed((token) => this.linkFetch(topic, since, limit, token));
    return checkPage(raw, topic, since, limit);
  }
}
