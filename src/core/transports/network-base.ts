import { isObj } from '../protocol/records.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../protocol/backoff.js';
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
import { envelopeProblem, isActor, isTopic, type Ack, type Actor, type EventEnvelope, type Operation } from '../protocol/wire.js';
import { beginConnect, checkBatch, checkFetch, DEFAULT_LIMITS, deliverSafely, emitPresence, notOpenError, resyncSafely, StatusCell, type DebugCounts } from './shared.js';

/**
 * What HttpTransport and WebSocketTransport share (docs/protocol.md): status and reconnection with
 * jittered capped backoff, the bearer token (asked again once after a 401, then `failed`),
 * per-topic subscriptions with a gap-free fetch/stream hand-off, snapshots, resync, presence,
 * limits, teardown accounting and the fault-injection test hooks. A subclass supplies the link:
 * open it, close it, send a batch, read a page, and feed what arrives into `ingest*`.
 * Internal to `src/core/transports`; the core never imports it.
 */

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

/** Why the link could not open or a request failed, as the reconnect logic needs it. */
export class LinkError extends Error {
  /**
   * `auth`: 401 (the token is asked again once, then `failed`); `fatal`: no retry can help (403,
   * unknown path; status `failed`); `retry`: network, timeout, 5xx, 429 (backoff, status `offline`).
   */
  readonly kind: 'auth' | 'fatal' | 'retry';
  /** Machine-readable code (server error code or `offline`, `timeout`…). */
  readonly code: string;
  /** Server's Retry-After, when it gave one. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: 'auth' | 'fatal' | 'retry', code: string, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'LinkError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A page as read from the wire, checked: malformed events are dropped but their seqs are kept. */
export interface CheckedPage extends FetchResult {
  /** Seqs of events that were dropped as malformed (so a subscription can step past them). */
  skipped: number[];
}

interface NetSub {
  readonly topic: string;
  readonly handlers: SubscribeHandlers;
  /** Last seq delivered (or skipped past). */
  cursor: number;
  closed: boolean;
  /** `live`: deliver stream events in order; `fill`: buffer them while a fetch catches up. */
  mode: 'live' | 'fill';
  /** A fill loop is running. */
  filling: boolean;
  /** Bumped whenever the sub is reset, so a stale fill loop stops touching it. */
  gen: number;
  /** Stream events held during a fill. */
  buffer: EventEnvelope[];
  /** The buffer was full and dropped events: fetch once more before going live. */
  overflow: boolean;
}

/** A subscription's handle, exported for subclasses (they see only the topic-level view). */
export type TopicSub = Readonly<Pick<NetSub, 'topic' | 'cursor'>>;

const CLOSED_SUBSCRIPTION: Subscription = { close() {} };
/** Stream events held per subscription during a fill before it falls back to fetching again. */
const MAX_BUFFER = 5000;
/** Rounds of a fill that make no progress before it gives up on a gap and asks for a resync. */
const MAX_STALLS = 6;
/** A link that stayed open this long resets the reconnect backoff when it drops. */
const STABLE_MS = 10_000;

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks a presence message from the wire; returns null when malformed. */
export function presenceOf(raw: unknown): Presence | null {
  if (!isObj(raw) || !isCount(raw.count)) return null;
  const presence: Presence = { count: raw.count };
  if (raw.participantCount !== undefined) {
    if (!isCount(raw.participantCount) || raw.participantCount > raw.count) return null;
    presence.participantCount = raw.participantCount;
  }
  if (raw.participants !== undefined) {
    if (!Array.isArray(raw.participants) || !raw.participants.every(isActor)) return null;
    presence.participants = raw.participants.map((a: Actor) => ({ id: a.id, name: a.name, role: a.role }));
  }
  return presence;
}

/** Checks limits from the wire (`/v1/limits`, WebSocket `ready`); returns null when malformed. */
export function limitsOf(raw: unknown): TransportLimits | null {
  if (!isObj(raw)) return null;
  const ok = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  if (!ok(raw.maxBatch) || !ok(raw.maxPage) || !ok(raw.maxOpBytes)) return null;
  return { maxBatch: raw.maxBatch as number, maxPage: raw.maxPage as number, maxOpBytes: raw.maxOpBytes as number };
}

/**
 * Checks a FetchResult from the wire for `topic` after `since`, at most `limit` events. Throws a
 * retryable TransportError('bad_response') when the page as a whole is unusable; drops malformed
 * events with a warning (keeping their seqs in `skipped`).
 */
export function checkPage(raw: unknown, topic: string, since: number, limit: number): CheckedPage {
  if (!isObj(raw) || !Array.isArray(raw.events) || !isCount(raw.head) || typeof raw.hasMore !== 'boolean') {
    throw new TransportError('bad_response', `The server sent a malformed page for ${topic}.`, true);
  }
  const events: EventEnvelope[] = [];
  const skipped: number[] = [];
  let hasMore = raw.hasMore;
  let last = since;
  for (const e of raw.events as unknown[]) {
    if (events.length + skipped.length >= limit) {
      hasMore = true;
      break;
    }
    const seq = isObj(e) ? e.seq : undefined;
    const problem = envelopeProblem(e) ?? ((e as EventEnvelope).topic !== topic ? `event of ${(e as EventEnvelope).topic}` : null);
    if (Number.isSafeInteger(seq) && (seq as number) <= last) continue; // out of order or repeated: never deliver twice
    if (problem) {
      console.warn(`[pulsekit] dropped a malformed event of ${topic} from the server: ${problem}`);
      if (Number.isSafeInteger(seq)) {
        skipped.push(seq as number);
        last = seq as number;
      }
      continue;
    }
    events.push(e as EventEnvelope);
    last = (e as EventEnvelope).seq;
  }
  if (events.length === 0 && skipped.length === 0) hasMore = false;
  // The head is the server's (or the last seq it sent), never `since`: clients ask the head with a
  // `since` past any seq.
  const page: CheckedPage = { events, head: last > since ? Math.max(raw.head, last) : raw.head, hasMore, skipped };
  if (raw.snapshot !== undefined && raw.snapshot !== null) {
    const s = raw.snapshot;
    if (isObj(s) && isCount(s.seq) && 'state' in s) page.snapshot = { seq: s.seq, state: s.state };
    else console.warn(`[pulsekit] dropped a malformed snapshot of ${topic} from the server`);
  }
  return page;
}

/** Parses an error body `{"error":{code,message,retryable}}`; null when it is not one. */
export function errorBodyOf(raw: unknown): { code: string; message: string; retryable: boolean } | null {
  const e = isObj(raw) ? raw.error : undefined;
  if (!isObj(e) || typeof e.code !== 'string') return null;
  return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code, retryable: e.retryable === true };
}

/** Reads the claims of a JWT without verifying it (only to warn about an obvious mismatch). */
export function tokenClaims(token: string): Record<string, unknown> | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(json) as unknown;
    return isObj(claims) ? claims : null;
  } catch {
    return null;
  }
}

/** Endpoint URL (absolute) or null when it cannot be one; resolves relative endpoints against the page. */
export function parseEndpoint(endpoint: string, protocols: readonly string[]): URL | null {
  try {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    const url = new URL(endpoint, base);
    if (!protocols.includes(url.protocol)) return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/** `{endpoint}/v1{path}` keeping the endpoint's own query parameters, plus `query`. */
export function apiUrl(base: URL, path: string, query: Record<string, string | number> = {}): string {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/v1${path}`;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  return url.href;
}

/**
 * The shared half of the network transports. See the file comment; subclasses implement the
 * `link*` methods and call `ingest*` and `linkLost`.
 */
export abstract class NetworkTransport implements Transport {
  readonly #optionLimits: Partial<TransportLimits>;
  #serverLimits: TransportLimits | null = null;
  #bodyBytes: number | null = null;
  readonly #cell = new StatusCell();
  readonly #subs = new Set<NetSub>();
  readonly #byTopic = new Map<string, Set<NetSub>>();
  readonly #presenceListeners = new Set<PresenceListener>();
  readonly #snapshots = new Map<string, { seq: number; state: unknown }>();
  readonly #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  readonly #roomTokenProvider: RoomTokenProvider | undefined;
  readonly #backoff: BackoffOptions;
  /** The caller chose a backoff base: the server's SSE `retry:` does not override it. */
  readonly #baseChosen: boolean;
  /** Timeout of one request, in ms. */
  protected readonly requestTimeoutMs: number;
  /** Timeout of opening the link, in ms. */
  protected readonly connectTimeoutMs: number;
  #presence: Presence | null = null;
  #room = '';
  #identity: Actor | null = null;
  #provider: (() => string | null | Promise<string | null>) | null = null;
  #token: string | null = null;
  #tokenGen = 0;
  /** The token generation the current link was opened with (what a refusal on that link refers to). */
  #linkTokenGen = 0;
  /** A fresh token was fetched after a 401 and has not worked yet: the next 401 means `failed`. */
  #renewed = false;
  #renewing: Promise<void> | null = null;
  #linkGen = 0;
  #attempt = 0;
  #openedAt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #refillTimer: ReturnType<typeof setTimeout> | null = null;
  #refillAttempt = 0;
  #retryBaseMs: number | null = null;
  #dropped = false;
  /** The window reported `offline` and not yet `online`: retry only at the backoff cap. */
  #windowOffline = false;
  #ackLoss = false;
  #dropAbort: (() => void) | null = null;
  #dropWindow: (() => void) | null = null;
  #warnedClaims = false;

  constructor(options: NetworkTransportOptions = {}) {
    this.#optionLimits = options.limits ?? {};
    this.#roomTokenProvider = options.tokenProvider;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#baseChosen = options.backoff?.baseMs !== undefined;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  }

  // ---- what a subclass implements ------------------------------------------------------------

  /** Checks the endpoint and learns server limits before the first link; throws LinkError. */
  protected abstract prepare(): Promise<void>;
  /** Opens the link; resolves when it is ready to carry events. Throws LinkError. */
  protected abstract linkOpen(gen: number, token: string | null): Promise<void>;
  /** Closes the link at once; stale callbacks are ignored by `gen`. Rejects its pending requests. */
  protected abstract linkClose(reason: string): void;
  /** Sends a batch; throws LinkError or TransportError. */
  protected abstract linkSend(ops: Operation[], token: string | null): Promise<unknown>;
  /** Reads one raw page; throws LinkError or TransportError. */
  protected abstract linkFetch(topic: string, since: number, limit: number, token: string | null): Promise<unknown>;
  /** Called once the link is open (after `open` was reported). */
  protected abstract linkOpened(): void;
  /** How a new subscription starts; `first` when no other subscription of the topic exists. */
  protected abstract startMode(topic: string, first: boolean): 'live' | 'fill';
  /** The last subscription of a topic closed. */
  protected abstract topicReleased(topic: string): void;
  /** Listeners and timers the link holds, for `debugCounts()`. */
  protected abstract linkCounts(): { timers: number; listeners: number };

  // ---- Transport -------------------------------------------------------------------------------

  /** Current connection status. */
  get status(): ConnectionStatus {
    return this.#cell.status;
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
    const unlisten = beginConnect(this.#cell, options, () => this.close());
    if (unlisten === 'aborted') {
      await this.close();
      throw new TransportError('aborted', 'connect() was aborted.', false);
    }
    // A reconnect after `failed` keeps the first listener.
    if (unlisten) {
      if (this.#dropAbort) unlisten();
      else this.#dropAbort = unlisten;
    }
    this.#watchWindow();
    if (options.room !== this.#room) this.roomChanged();
    this.#room = options.room;
    this.#identity = { id: options.identity.id, name: options.identity.name, role: options.identity.role };
    const identity = this.#identity;
    const room = this.#room;
    const own = options.tokenProvider;
    const byRoom = this.#roomTokenProvider;
    this.#provider = own ? () => own() : byRoom ? () => byRoom({ room, identity }) : null;
    this.#token = null;
    this.#tokenGen++;
    this.#renewed = false;
    this.#attempt = 0;
    this.#dropped = false;
    this.#windowOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    this.#warnedClaims = false;
    const gen = ++this.#linkGen;
    try {
      await this.#loadToken();
      if (gen !== this.#linkGen) throw new LinkError('fatal', 'aborted', 'connect() was aborted.');
      await this.prepare();
      if (gen !== this.#linkGen) throw new LinkError('fatal', 'aborted', 'connect() was aborted.');
      await this.#openLink(gen);
    } catch (err) {
      if (this.#cell.status === 'closed' || gen !== this.#linkGen) throw new TransportError('aborted', 'connect() was aborted.', false);
      const le = toLinkError(err);
      if (le.kind === 'retry') {
        this.#cell.set('offline');
        this.#scheduleReconnect(le.retryAfterMs);
        throw new TransportError('offline', `Cannot reach the server yet (${le.message}); retrying.`, true);
      }
      this.#fail(le);
      throw publicError(le);
    }
    if (this.#cell.status === 'closed') throw new TransportError('aborted', 'connect() was aborted.', false);
    if (this.#cell.status !== 'connecting' || gen !== this.#linkGen) {
      // The link dropped right after opening: the transport is already trying again.
      throw new TransportError('offline', 'The connection dropped while opening; retrying.', true);
    }
    this.#opened();
  }

  /** Closes the link, ends every subscription, timer and listener. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#cell.status === 'closed') return;
    this.#linkGen++;
    for (const sub of this.#subs) sub.closed = true;
    this.#subs.clear();
    this.#byTopic.clear();
    this.#snapshots.clear();
    this.#cell.set('closed');
    this.linkClose('closed');
    for (const [t, wake] of [...this.#timers]) {
      clearTimeout(t);
      wake();
    }
    this.#timers.clear();
    this.#reconnectTimer = null;
    this.#refillTimer = null;
    this.#dropAbort?.();
    this.#dropAbort = null;
    this.#dropWindow?.();
    this.#dropWindow = null;
    this.#cell.dispose();
    this.#presenceListeners.clear();
  }

  /** Sends a batch; see Transport.send. Throws when its fate is unknown (the client resends). */
  async send(ops: Operation[]): Promise<Ack[]> {
    if (this.#cell.status !== 'open') throw notOpenError(this.#cell.status);
    checkBatch(ops, this.limits);
    if (ops.length === 0) return [];
    const acks = await this.authed((token) => this.linkSend(ops, token));
    if (!Array.isArray(acks)) throw new TransportError('bad_response', 'The server answered a batch without acks.', true);
    if (this.#ackLoss) {
      this.#ackLoss = false;
      throw new TransportError('ack_lost', 'Test hook loseNextAck(): the batch was applied but its response was lost.', true);
    }
    return acks as Ack[];
  }

  /**
   * Reads one page; see Transport.fetch. When the stream coalesced this topic into a snapshot
   * above `since`, the answer is that snapshot plus the events after it (so a resync after a
   * `snapshot` message costs one small page, not the history the server chose not to send).
   */
  async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (this.#cell.status !== 'open') throw notOpenError(this.#cell.status);
    const n = checkFetch(topic, since, limit, this.limits);
    const snap = this.#snapshots.get(topic);
    if (snap && since < snap.seq) {
      const page = await this.#fetchChecked(topic, snap.seq, n);
      // A head before the cached snapshot: the server lost the history it came from; it is void.
      if (page.head >= snap.seq) {
        const out = publicPage(page);
        if (!out.snapshot || out.snapshot.seq < snap.seq) out.snapshot = { seq: snap.seq, state: structuredClone(snap.state) };
        return out;
      }
      if (this.#snapshots.get(topic) === snap) this.#snapshots.delete(topic);
    }
    return publicPage(await this.#fetchChecked(topic, since, n));
  }

  /** Delivers every event after `since` in order, exactly once, then live ones. */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription {
    if (!isTopic(topic)) throw new TransportError('bad_request', `"${String(topic)}" is not a topic.`, false);
    if (!Number.isSafeInteger(since) || since < 0) throw new TransportError('bad_request', 'since must be a non-negative integer.', false);
    if (this.#cell.status === 'closed') return CLOSED_SUBSCRIPTION;
    let set = this.#byTopic.get(topic);
    const first = !set;
    if (!set) this.#byTopic.set(topic, (set = new Set()));
    const sub: NetSub = { topic, handlers, cursor: since, closed: false, mode: 'fill', filling: false, gen: 0, buffer: [], overflow: false };
    sub.mode = this.startMode(topic, first);
    set.add(sub);
    this.#subs.add(sub);
    if (sub.mode === 'fill' && this.#cell.status === 'open') void this.#fill(sub);
    return { close: () => this.#release(sub) };
  }

  /** Listens to status changes. */
  onStatus(listener: StatusListener): () => void {
    return this.#cell.on(listener);
  }

  /** Listens to presence in the room; a new listener gets the last known presence. */
  onPresence(listener: PresenceListener): () => void {
    if (this.#cell.status === 'closed') return () => {};
    this.#presenceListeners.add(listener);
    if (this.#presence) emitPresence(new Set([listener]), this.#presence);
    return () => void this.#presenceListeners.delete(listener);
  }

  /** What this transport still holds; all zeros after close(). */
  debugCounts(): DebugCounts {
    const link = this.linkCounts();
    return {
      subscriptions: this.#subs.size,
      timers: this.#timers.size + link.timers,
      listeners: this.#cell.size + this.#presenceListeners.size + (this.#dropAbort ? 1 : 0) + (this.#dropWindow ? 2 : 0) + link.listeners,
    };
  }

  /**
   * TEST HOOK (fault injection): the connection drops and stays down until `simulateRestore()`.
   * Status becomes `offline`; send() and fetch() throw a retryable TransportError('offline').
   */
  simulateDrop(): void {
    if (this.#cell.status !== 'open' && this.#cell.status !== 'connecting') return;
    this.#dropped = true;
    this.#linkGen++;
    this.linkClose('simulated drop');
    this.#clearReconnect();
    this.#cell.set('offline');
  }

  /** TEST HOOK (fault injection): reconnects now; subscriptions resume from their own cursors. */
  simulateRestore(): void {
    if (!this.#dropped) return;
    this.#dropped = false;
    if (this.#cell.status === 'offline') {
      this.#attempt = 0;
      void this.#reconnect();
    }
  }

  /** TEST HOOK (fault injection): the next send() is performed, but throws as if its response was lost. */
  loseNextAck(): void {
    this.#ackLoss = true;
  }

  // ---- for subclasses --------------------------------------------------------------------------

  /** The link `gen` dropped: go `offline` and reconnect with backoff. Stale generations are ignored. */
  protected linkLost(gen: number, reason: string): void {
    if (gen !== this.#linkGen || this.#cell.status === 'closed' || this.#cell.status === 'failed') return;
    this.#linkGen++;
    this.linkClose(reason);
    if (this.#openedAt && Date.now() - this.#openedAt > STABLE_MS) this.#attempt = 0;
    this.#openedAt = 0;
    this.#cell.set('offline');
    this.#scheduleReconnect();
  }

  /** The link `gen` is current (not closed, dropped or replaced). */
  protected isCurrent(gen: number): boolean {
    return gen === this.#linkGen && this.#cell.status !== 'closed';
  }

  /** The server refused for good (wrong room, token refused on a live link): status `failed`. */
  protected linkFailed(gen: number, error: LinkError): void {
    if (gen !== this.#linkGen) return;
    if (error.kind === 'auth') {
      // A live link refused its token: ask once for a fresh one and reconnect, like a 401. The
      // refused token is the one the link opened with: a request may have renewed it meanwhile
      // (its POST got the 401 first), and then the reconnect simply uses the renewed one.
      const used = this.#linkTokenGen;
      this.#linkGen++;
      this.linkClose(error.message);
      this.#cell.set('offline');
      void this.#renewToken(used).then((ok) => {
        if (this.#cell.status !== 'offline' || this.#dropped) return;
        if (ok) void this.#reconnect();
        else this.#fail(error);
      });
      return;
    }
    this.#fail(error);
  }

  /** Server limits (from `/v1/limits` or the WebSocket `ready`). */
  protected setServerLimits(raw: unknown): void {
    const limits = limitsOf(raw);
    if (isObj(raw) && Number.isSafeInteger(raw.maxBodyBytes) && (raw.maxBodyBytes as number) > 0) this.#bodyBytes = raw.maxBodyBytes as number;
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

  /** The server's suggested reconnection time (SSE `retry:`); raises the backoff base. */
  protected setRetryBase(ms: number): void {
    if (Number.isSafeInteger(ms) && ms >= 0) this.#retryBaseMs = Math.min(ms, this.#backoff.capMs);
  }

  /** Runs a request with the current token; after a 401, asks for a fresh token once and retries. */
  protected async authed<T>(fn: (token: string | null) => Promise<T>): Promise<T> {
    for (;;) {
      const used = this.#tokenGen;
      try {
        const result = await fn(this.#token);
        if (used === this.#tokenGen) this.#renewed = false;
        return result;
      } catch (err) {
        if (this.#cell.status === 'closed') throw notOpenError('closed');
        if (err instanceof LinkError && err.kind === 'auth') {
          if (await this.#renewToken(used)) continue;
          this.#fail(err);
          throw publicError(err);
        }
        if (err instanceof LinkError && err.kind === 'fatal' && err.code === 'wrong_room') {
          this.#fail(err);
          throw publicError(err);
        }
        throw err instanceof LinkError ? publicError(err) : err;
      }
    }
  }

  /** A timer the transport accounts for (debugCounts) and clears on close; `wake` runs on close. */
  protected timer(fn: () => void, ms: number, wake: () => void = () => {}): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.set(t, wake);
    return t;
  }

  /** Clears a timer made with `timer()`. */
  protected clearTimer(t: ReturnType<typeof setTimeout> | null | undefined): void {
    if (t === null || t === undefined) return;
    clearTimeout(t);
    this.#timers.delete(t);
  }

  /** Subscriptions of a topic (for resubscribing). */
  protected topicSubs(): Map<string, readonly TopicSub[]> {
    const out = new Map<string, TopicSub[]>();
    for (const [topic, set] of this.#byTopic) out.set(topic, [...set]);
    return out;
  }

  /** Puts every subscription of `topic` (or all) back to live delivery from its own cursor (after a resubscribe). */
  protected resetLive(topic?: string): void {
    for (const sub of this.#subs) if (topic === undefined || sub.topic === topic) this.#reset(sub, 'live');
  }

  /** Puts every subscription (or those of `topic`) into fill mode and catches them up with fetches. */
  protected refillAll(topic?: string): void {
    for (const sub of [...this.#subs]) {
      if (topic !== undefined && sub.topic !== topic) continue;
      this.#reset(sub, 'fill');
      if (this.#cell.status === 'open') void this.#fill(sub);
    }
  }

  /** The room changed between connects: stream cursors of the old room mean nothing. */
  protected roomChanged(): void {}

  /** An event envelope from the stream. Malformed ones are dropped with a warning. */
  protected ingestEvent(raw: unknown): void {
    const problem = envelopeProblem(raw);
    if (problem) {
      console.warn(`[pulsekit] dropped a malformed event from the server: ${problem}`);
      return;
    }
    const e = raw as EventEnvelope;
    const set = this.#byTopic.get(e.topic);
    if (!set) return;
    let first = true;
    for (const sub of [...set]) {
      if (sub.closed) continue;
      const copy = first ? e : structuredClone(e);
      first = false;
      if (sub.mode === 'fill') {
        this.#hold(sub, copy);
        continue;
      }
      if (copy.seq <= sub.cursor) continue;
      if (copy.seq === sub.cursor + 1) {
        sub.cursor = copy.seq;
        deliverSafely(sub.handlers.onEvent, copy);
        continue;
      }
      // A gap: hold this event and fetch what is missing.
      this.#reset(sub, 'fill');
      sub.buffer.push(copy);
      if (this.#cell.status === 'open') void this.#fill(sub);
    }
  }

  /**
   * A `snapshot` message: the server coalesced a busy topic instead of sending its events. Nothing
   * is delivered: each subscription behind it moves its cursor to `seq` and gets `onResync`, and
   * the client's fetch then answers with this snapshot plus the events after it (see `fetch`).
   */
  protected ingestSnapshot(raw: unknown): void {
    if (!isObj(raw) || !isTopic(raw.topic) || !isCount(raw.seq) || !('state' in raw)) {
      console.warn('[pulsekit] dropped a malformed snapshot from the server', raw);
      return;
    }
    const topic = raw.topic;
    const seq = raw.seq;
    const set = this.#byTopic.get(topic);
    if (!set) return;
    const cached = this.#snapshots.get(topic);
    if (!cached || cached.seq < seq) this.#snapshots.set(topic, { seq, state: raw.state });
    for (const sub of [...set]) {
      if (sub.closed || seq <= sub.cursor) continue;
      sub.cursor = seq;
      if (sub.mode === 'fill') sub.buffer = sub.buffer.filter((e) => e.seq > seq);
      this.#resync(sub, `the server sent a snapshot of ${topic} at seq ${seq} instead of its events`);
    }
  }

  /** A `resync` message: every subscription (or those of `topic`) gets `onResync` and catches up by fetch. */
  protected ingestResync(raw: unknown, refill = true): void {
    const o = isObj(raw) ? raw : {};
    const reason = typeof o.reason === 'string' ? o.reason : 'the server asked for a resync';
    const topic = isTopic(o.topic) ? o.topic : undefined;
    // With the topic's `head` (a subscription past it), subscriptions move back to it: resubscribing
    // from the old cursor would only get the same answer again.
    const head = topic !== undefined && isCount(o.head) ? o.head : null;
    for (const sub of [...this.#subs]) {
      if (topic !== undefined && sub.topic !== topic) continue;
      if (head !== null && sub.cursor > head) this.#rewind(sub, head);
      else this.#resync(sub, reason);
    }
    if (refill) this.refillAll(topic);
  }

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

  // ---- internals -------------------------------------------------------------------------------

  async #loadToken(): Promise<void> {
    if (!this.#provider) {
      this.#token = null;
      return;
    }
    let token: string | null;
    try {
      token = await this.#provider();
    } catch (err) {
      throw new LinkError('retry', 'token_unavailable', `The token provider failed: ${(err as Error)?.message ?? String(err)}`);
    }
    this.#token = typeof token === 'string' && token.length > 0 ? token : null;
    this.#tokenGen++;
    this.#checkClaims();
  }

  #checkClaims(): void {
    if (!this.#token || this.#warnedClaims || !this.#identity) return;
    const claims = tokenClaims(this.#token);
    if (!claims) return;
    if (typeof claims.sub === 'string' && claims.sub !== this.#identity.id) {
      this.#warnedClaims = true;
      console.warn(`[pulsekit] the token is for participant "${claims.sub}" but the session's identity is "${this.#identity.id}": the server will refuse its operations (forbidden).`);
    } else if (typeof claims.room === 'string' && claims.room !== this.#room) {
      this.#warnedClaims = true;
      console.warn(`[pulsekit] the token is for room "${claims.room}", not "${this.#room}".`);
    }
  }

  /** After a 401 on a request made with token generation `used`: true when a retry makes sense. */
  async #renewToken(used: number): Promise<boolean> {
    if (used !== this.#tokenGen) return true; // someone already renewed it: retry with the new one
    if (this.#renewing) {
      await this.#renewing.catch(() => {});
      return used !== this.#tokenGen;
    }
    if (this.#renewed || !this.#provider) return false;
    this.#renewing = this.#loadToken();
    try {
      await this.#renewing;
      this.#renewed = true;
      return true;
    } catch {
      return false;
    } finally {
      this.#renewing = null;
    }
  }

  async #openLink(gen: number): Promise<void> {
    for (;;) {
      const used = this.#tokenGen;
      const timeout = this.timer(() => this.linkClose('connect timeout'), this.connectTimeoutMs);
      try {
        await this.linkOpen(gen, this.#token);
        if (gen !== this.#linkGen) throw new LinkError('fatal', 'aborted', 'superseded');
        this.#linkTokenGen = used;
        if (used === this.#tokenGen) this.#renewed = false;
        return;
      } catch (err) {
        if (gen !== this.#linkGen) throw new LinkError('fatal', 'aborted', 'superseded');
        const le = toLinkError(err);
        if (le.kind === 'auth' && (await this.#renewToken(used))) {
          if (gen !== this.#linkGen) throw new LinkError('fatal', 'aborted', 'superseded');
          continue;
        }
        throw le;
      } finally {
        this.clearTimer(timeout);
      }
    }
  }

  #opened(): void {
    if (this.#cell.status !== 'connecting') return;
    this.#attempt = 0;
    this.#openedAt = Date.now();
    this.#cell.set('open');
    this.linkOpened();
    for (const sub of [...this.#subs]) if (sub.mode === 'fill' && !sub.filling) void this.#fill(sub);
  }

  async #reconnect(): Promise<void> {
    this.#clearReconnect();
    const s = this.#cell.status;
    if (this.#dropped || s !== 'offline') return;
    this.#cell.set('connecting');
    const gen = ++this.#linkGen;
    try {
      if (!this.#token && this.#provider) await this.#loadToken();
      await this.#openLink(gen);
    } catch (err) {
      if (gen !== this.#linkGen || this.#cell.status !== 'connecting') return;
      const le = toLinkError(err);
      if (le.kind !== 'retry') {
        this.#fail(le);
        return;
      }
      this.#cell.set('offline');
      this.#scheduleReconnect(le.retryAfterMs);
      return;
    }
    if (gen === this.#linkGen) this.#opened();
  }

  #scheduleReconnect(retryAfterMs?: number): void {
    if (this.#reconnectTimer || this.#dropped || this.#cell.status !== 'offline') return;
    const base = this.#baseChosen ? this.#backoff.baseMs : Math.max(this.#backoff.baseMs, this.#retryBaseMs ?? 0);
    // While the browser says it has no network, wait for its `online` event; retry at the cap only
    // in case that event never comes (navigator.onLine is wrong on some VPNs and VMs).
    const delay = this.#windowOffline
      ? this.#backoff.capMs
      : Math.max(backoffDelay(this.#attempt++, { baseMs: base, capMs: this.#backoff.capMs }), retryAfterMs ?? 0);
    this.#reconnectTimer = this.timer(() => {
      this.#reconnectTimer = null;
      void this.#reconnect();
    }, delay);
  }

  #clearReconnect(): void {
    this.clearTimer(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #fail(error: LinkError): void {
    if (this.#cell.status === 'closed' || this.#cell.status === 'failed') return;
    console.warn(`[pulsekit] connection failed for good: ${error.message}`);
    this.#linkGen++;
    this.linkClose(error.message);
    this.#clearReconnect();
    this.#cell.set('failed');
  }

  /**
   * Follows the window's online/offline events: drop at once when offline (and do not hammer a
   * network that is not there), reconnect at once when back.
   */
  #watchWindow(): void {
    if (this.#dropWindow || typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const offline = () => {
      this.#windowOffline = true;
      const s = this.#cell.status;
      if (s !== 'open' && s !== 'connecting') return;
      this.#linkGen++;
      this.linkClose('the browser went offline');
      this.#openedAt = 0;
      this.#cell.set('offline');
      this.#scheduleReconnect();
    };
    const online = () => {
      this.#windowOffline = false;
      if (this.#cell.status !== 'offline' || this.#dropped) return;
      this.#attempt = 0;
      void this.#reconnect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#dropWindow = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }

  async #fetchChecked(topic: string, since: number, limit: number): Promise<CheckedPage> {
    const raw = await this.authed((token) => this.linkFetch(topic, since, limit, token));
    return checkPage(raw, topic, since, limit);
  }

  #release(sub: NetSub): void {
    if (sub.closed) return;
    sub.closed = true;
    sub.buffer = [];
    this.#subs.delete(sub);
    const set = this.#byTopic.get(sub.topic);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) {
      this.#byTopic.delete(sub.topic);
      this.#snapshots.delete(sub.topic);
      if (this.#cell.status !== 'closed') this.topicReleased(sub.topic);
    }
  }

  #reset(sub: NetSub, mode: 'live' | 'fill'): void {
    sub.gen++;
    sub.filling = false;
    sub.buffer = [];
    sub.overflow = false;
    sub.mode = mode;
  }

  #hold(sub: NetSub, e: EventEnvelope): void {
    if (e.seq <= sub.cursor) return;
    if (sub.buffer.length >= MAX_BUFFER) {
      sub.overflow = true;
      return;
    }
    sub.buffer.push(e);
  }

  #resync(sub: NetSub, reason: string): void {
    resyncSafely(sub.handlers, reason);
  }

  /**
   * Catches a subscription up by fetching from its cursor while the stream's events for it are
   * held, then delivers the held events after what was fetched: no gap, no duplicate.
   */
  async #fill(sub: NetSub): Promise<void> {
    if (sub.closed || sub.filling) return;
    sub.filling = true;
    const gen = sub.gen;
    let stalls = 0;
    let rewound = false;
    try {
      for (let round = 0; round < 100_000; round++) {
        if (sub.closed || sub.gen !== gen || this.#cell.status !== 'open') return;
        const before = sub.cursor;
        const page = await this.#fetchChecked(sub.topic, sub.cursor, this.limits.maxPage);
        if (sub.closed || sub.gen !== gen) return;
        // A rewind (the server lost history): events held from the stream were dropped as old, so
        // read on from the new cursor instead of going live on this round. Once per fill: a server
        // whose heads stay low would otherwise have the whole history read again and again.
        if (this.#applyPage(sub, page, before, !rewound)) {
          rewound = true;
          continue;
        }
        if (page.hasMore && sub.cursor > before) continue;
        if (this.#drain(sub)) {
          this.#refillAttempt = 0;
          sub.mode = 'live';
          return;
        }
        // The held events still start past a gap (or some were dropped): read again, patiently.
        if (sub.cursor > before) {
          stalls = 0;
          continue;
        }
        if (++stalls >= MAX_STALLS) {
          const next = sub.buffer[0];
          console.warn(`[pulsekit] ${sub.topic}: events after seq ${sub.cursor} cannot be fetched; resyncing`);
          if (next) sub.cursor = next.seq - 1;
          sub.overflow = false;
          this.#resync(sub, `events after seq ${before} could not be fetched`);
          stalls = 0;
          continue;
        }
        await this.#sleep(Math.min(2000, 50 * 2 ** stalls));
      }
    } catch (err) {
      if (sub.closed || sub.gen !== gen || this.#cell.status === 'closed') return;
      if (this.#cell.status === 'open') {
        if (!(err instanceof TransportError && err.retryable)) console.warn(`[pulsekit] could not catch up ${sub.topic}:`, err);
        this.#scheduleRefill();
      }
      // Not open: the next `open` starts the fill again.
    } finally {
      if (sub.gen === gen) sub.filling = false;
    }
  }

  /** Delivers a page fetched from `since`; true when it moved the cursor back (see below). */
  #applyPage(sub: NetSub, page: CheckedPage, since: number, mayRewind: boolean): boolean {
    // Compared with the cursor the page was asked from: a snapshot may move the cursor meanwhile.
    if (mayRewind && page.head < since && sub.cursor > page.head) {
      // The server's history ends before what this subscription delivered: it lost events
      // (restored from a backup, storage replaced). Follow its history from here; the subscriber
      // learns it must start the topic again (SessionClient compares the head with its cursor).
      this.#rewind(sub, page.head);
      return true;
    }
    if (page.snapshot && page.snapshot.seq > sub.cursor) {
      // History up to the snapshot is gone: the subscriber refetches (and gets the snapshot).
      sub.cursor = page.snapshot.seq;
      this.#resync(sub, `history of ${sub.topic} before seq ${page.snapshot.seq + 1} was compacted`);
    }
    const items: Array<{ seq: number; e: EventEnvelope | null }> = [
      ...page.events.map((e) => ({ seq: e.seq, e })),
      ...page.skipped.map((seq) => ({ seq, e: null })),
    ].sort((a, b) => a.seq - b.seq);
    for (const { seq, e } of items) {
      if (sub.closed) return false;
      if (seq <= sub.cursor) continue;
      if (seq !== sub.cursor + 1) {
        console.warn(`[pulsekit] ${sub.topic}: the server returned a page with a gap after seq ${sub.cursor}`);
        return false;
      }
      sub.cursor = seq;
      if (e) deliverSafely(sub.handlers.onEvent, e);
    }
    return false;
  }

  #rewind(sub: NetSub, head: number): void {
    const delivered = sub.cursor;
    sub.cursor = head;
    this.#snapshots.delete(sub.topic);
    this.#resync(sub, `the server's history of ${sub.topic} ends at seq ${head}, before seq ${delivered} delivered here`);
  }

  /** Delivers held events that continue the cursor; true when nothing is left past a gap. */
  #drain(sub: NetSub): boolean {
    const held = sub.buffer.sort((a, b) => a.seq - b.seq);
    let i = 0;
    for (; i < held.length; i++) {
      const e = held[i]!;
      if (sub.closed) return true;
      if (e.seq <= sub.cursor) continue;
      if (e.seq !== sub.cursor + 1) break;
      sub.cursor = e.seq;
      deliverSafely(sub.handlers.onEvent, e);
    }
    sub.buffer = held.slice(i);
    if (sub.overflow) {
      sub.overflow = false;
      return false;
    }
    return sub.buffer.length === 0;
  }

  #scheduleRefill(): void {
    if (this.#refillTimer) return;
    const delay = backoffDelay(this.#refillAttempt++, this.#backoff);
    this.#refillTimer = this.timer(() => {
      this.#refillTimer = null;
      if (this.#cell.status !== 'open') return;
      for (const sub of [...this.#subs]) if (sub.mode === 'fill' && !sub.filling) void this.#fill(sub);
    }, delay);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.timer(resolve, ms, resolve);
    });
  }
}

/** Any error as a LinkError (unknown errors count as network trouble). */
export function toLinkError(err: unknown): LinkError {
  if (err instanceof LinkError) return err;
  if (err instanceof TransportError) return new LinkError(err.retryable ? 'retry' : 'fatal', err.code, err.message);
  return new LinkError('retry', 'offline', (err as Error)?.message ?? String(err));
}

/** The TransportError a caller sees for a LinkError. */
export function publicError(err: LinkError): TransportError {
  if (err.kind === 'auth') return new TransportError('unauthorized', `The server refused the token: ${err.message}`, false);
  return new TransportError(err.code, err.message, err.kind === 'retry');
}

function publicPage(page: CheckedPage): FetchResult {
  const out: FetchResult = { events: page.events, head: page.head, hasMore: page.hasMore };
  if (page.snapshot) out.snapshot = page.snapshot;
  return out;
}
