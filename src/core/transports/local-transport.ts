import { modelMap } from '../protocol/authority.js';
import { presenceFor, presentParticipants } from '../protocol/presence.js';
import { backoffDelay } from '../protocol/backoff.js';
import { newOpId } from '../protocol/ids.js';
import { kindOf, type TopicModel } from '../protocol/model.js';
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
import type { Ack, Actor, Operation } from '../protocol/wire.js';
import { RoomChannel } from './local-channel.js';
import { commitBatch, LOCAL_DB_NAME, openLocalDb, readPage, topicHead, viewRecord, type EventRecord, type LocalDb } from './local-db.js';
import {
  checkBatch,
  beginConnect,
  checkCursor,
  checkFetch,
  deliverSafely,
  emitPresence,
  notOpenError,
  resolveLimits,
  resyncSafely,
  StatusCell,
  type DebugCounts,
} from './shared.js';

export { LOCAL_DB_NAME } from './local-db.js';

/** Options of a LocalTransport. */
export interface LocalTransportOptions {
  /** IndexedDB database name (default `pulsekit-local-v1`); tests use a unique one each. */
  dbName?: string;
  /** Models the embedded authority knows from the start; more through `registerModel`. */
  models?: TopicModel<any>[];
  /** Authority clock. */
  now?: () => number;
  /** Overrides of the default limits. */
  limits?: Partial<TransportLimits>;
  /** Presence heartbeat period in ms (default 5000). */
  heartbeatMs?: number;
  /** A tab that has not beaten for this long is gone, in ms (default 15000). */
  presenceTtlMs?: number;
}

interface LocalSub {
  readonly topic: string;
  readonly handlers: SubscribeHandlers;
  cursor: number;
  running: boolean;
  again: boolean;
  closed: boolean;
}

/** Reopening after the browser closed the database: attempts, and the delays between them. */
const REOPEN_TRIES = 6;
const REOPEN_BACKOFF = { baseMs: 100, capMs: 2000 };
/** Open this long, a database lost again gets a fresh set of reopen attempts. */
const STABLE_MS = 10_000;

/** Records read per pull; bounds memory when a subscriber starts far behind. */
const PULL_PAGE = 256;
const CLOSED_SUBSCRIPTION: Subscription = { close() {} };

/**
 * The embedded default transport: IndexedDB is the authority (local-db.ts) and BroadcastChannel
 * tells the other tabs of this browser (local-channel.ts), so a widget with no backend is live
 * across tabs and survives reloads. This class ties them together: the database's life (lost,
 * opened again), subscriptions read from it, presence reported to listeners.
 */
export class LocalTransport implements Transport {
  /** What kind of pipe this is. */
  readonly kind = 'local';
  /** Limits this transport enforces. */
  readonly limits: TransportLimits;
  readonly #dbName: string;
  readonly #models: Map<string, TopicModel<any>>;
  readonly #now: () => number;
  readonly #heartbeatMs: number;
  readonly #presenceTtlMs: number;
  /** This tab's presence peer id: the core's one random-UUID maker (crypto in every browser). */
  readonly #instance = newOpId();
  readonly #cell = new StatusCell();
  readonly #subs = new Set<LocalSub>();
  readonly #presenceListeners = new Set<PresenceListener>();
  #db: LocalDb | null = null;
  #channel: RoomChannel | null = null;
  #presence: Presence | null = null;
  #room = '';
  #identity: Actor | null = null;
  #dropAbort: (() => void) | null = null;
  #reopenTimer: ReturnType<typeof setTimeout> | null = null;
  #reopenAttempt = 0;
  #openedAt = 0;
  #reopening = false;
  #lostWhileReopening = false;
  /**
   * Losing the database to another tab's upgrade is for good (this page's code is older: reload);
   * to its deletion (another tab, a host's reset) or to the browser closing it (site data cleared,
   * a storage failure) is not: open it again.
   */
  readonly #dbEvents = {
    blocking: (next: number | null) =>
      next === null
        ? this.#lose('another connection deletes the database', true)
        : this.#lose('another connection needs to upgrade the database', false),
    terminated: () => this.#lose('the browser closed the database', true),
  };

  constructor(options: LocalTransportOptions = {}) {
    this.#dbName = options.dbName ?? LOCAL_DB_NAME;
    this.#models = modelMap(options.models ?? []);
    this.#now = options.now ?? Date.now;
    this.limits = resolveLimits(options.limits);
    this.#heartbeatMs = options.heartbeatMs ?? 5000;
    this.#presenceTtlMs = options.presenceTtlMs ?? 15000;
  }

  /** Current connection status. */
  get status(): ConnectionStatus {
    return this.#cell.status;
  }

  /** Opens the database and the room's channel; resolves once `open`. */
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
    let db: LocalDb;
    try {
      db = await openLocalDb(this.#dbName, this.#dbEvents);
    } catch (err) {
      if (this.#cell.status === 'connecting') this.#cell.set('failed');
      throw new TransportError('storage_unavailable', `IndexedDB could not be opened: ${(err as Error)?.message ?? String(err)}`, false);
    }
    if (this.#cell.status !== 'connecting') {
      db.close();
      throw new TransportError('aborted', 'connect() was aborted.', false);
    }
    this.#reopenAttempt = 0;
    this.#room = options.room;
    this.#opened(db, { id: options.identity.id, name: options.identity.name, role: options.identity.role });
    for (const sub of this.#subs) this.#kick(sub);
  }

  /** Closes the database, channel and timers, and ends every subscription. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#cell.status === 'closed') return;
    for (const sub of this.#subs) sub.closed = true;
    this.#subs.clear();
    if (this.#reopenTimer) clearTimeout(this.#reopenTimer);
    this.#reopenTimer = null;
    this.#disconnect();
    this.#dropAbort?.();
    this.#dropAbort = null;
    this.#cell.set('closed');
    this.#cell.dispose();
    this.#presenceListeners.clear();
  }

  /** Applies a batch in one IndexedDB transaction; acks only after it committed. */
  async send(ops: Operation[]): Promise<Ack[]> {
    if (this.#cell.status !== 'open' || !this.#db || !this.#identity) throw notOpenError(this.#cell.status);
    checkBatch(ops, this.limits);
    if (ops.length === 0) return [];
    // This tab is the authority of its own ops: it decides a quorum on the presence it counts.
    const facts = { present: presentParticipants(this.#presence) };
    const { acks, heads } = await commitBatch(
      this.#db,
      this.#room,
      this.#identity,
      ops,
      this.#models,
      this.#now(),
      this.limits.maxOpBytes,
      facts,
    );
    for (const [topic, head] of heads) {
      for (const sub of this.#subs) if (sub.topic === topic) this.#kick(sub);
      this.#channel?.announce(topic, head);
    }
    return acks;
  }

  /** Reads one page of a topic from IndexedDB. */
  async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (this.#cell.status !== 'open' || !this.#db || !this.#identity) throw notOpenError(this.#cell.status);
    const size = checkFetch(topic, since, limit, this.limits);
    const page = await readPage(this.#db, this.#room, topic, since, size + 1);
    const model = this.#models.get(kindOf(topic));
    const events = [];
    // The head is the authority's, whatever `since` was (clients ask it with a `since` past any seq).
    let last = 0;
    for (const r of page.records.slice(0, size)) {
      if (typeof (r as EventRecord)?.seq === 'number') last = Math.max(last, (r as EventRecord).seq);
      const event = viewRecord(r, topic, page, model, this.#identity);
      if (event) events.push(event);
    }
    return { events, head: Math.max(page.topic?.head ?? 0, last), hasMore: page.records.length > size };
  }

  /** Delivers events after `since`, then live ones; waits for `open` when called earlier. */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription {
    checkCursor(topic, since);
    if (this.#cell.status === 'closed') return CLOSED_SUBSCRIPTION;
    const sub: LocalSub = { topic, handlers, cursor: since, running: false, again: false, closed: false };
    this.#subs.add(sub);
    this.#kick(sub);
    return {
      close: () => {
        sub.closed = true;
        this.#subs.delete(sub);
      },
    };
  }

  /** Listens to status changes. */
  onStatus(listener: StatusListener): () => void {
    return this.#cell.on(listener);
  }

  /** Listens to presence: distinct participants with this room open in any tab, this one included. */
  onPresence(listener: PresenceListener): () => void {
    if (this.#cell.status === 'closed') return () => {};
    this.#presenceListeners.add(listener);
    if (this.#presence) emitPresence(new Set([listener]), this.#presence);
    return () => void this.#presenceListeners.delete(listener);
  }

  /** Teaches the embedded authority a topic kind. Every tab must register the models it writes. */
  registerModel(model: TopicModel<any>): void {
    this.#models.set(model.kind, model);
  }

  /** What this transport still holds; all zeros after close(). */
  debugCounts(): DebugCounts {
    return {
      subscriptions: this.#subs.size,
      timers: (this.#channel?.timers ?? 0) + (this.#reopenTimer ? 1 : 0),
      listeners: this.#cell.size + this.#presenceListeners.size + (this.#channel?.listeners ?? 0) + (this.#dropAbort ? 1 : 0),
    };
  }

  /**
   * TEST HOOK (fault injection): behave as if the connection dropped (a frozen tab, for a local
   * store). Status becomes `offline`, subscriptions pause, send() and fetch() throw a retryable
   * TransportError('offline').
   */
  simulateDrop(): void {
    if (this.#cell.status === 'open') this.#cell.set('offline');
  }

  /** TEST HOOK (fault injection): back to `open`; subscriptions resume from their own cursors. */
  simulateRestore(): void {
    if (this.#cell.status !== 'offline') return;
    this.#cell.set('connecting');
    this.#cell.set('open');
    for (const sub of this.#subs) this.#kick(sub);
  }

  /** Takes `db` into use, acting as `identity`, and opens the room's channel: the transport is open. */
  #opened(db: LocalDb, identity: Actor): void {
    this.#db = db;
    this.#identity = identity;
    this.#openedAt = Date.now();
    this.#channel = new RoomChannel(
      `${this.#dbName}:${this.#room}`,
      this.#instance,
      identity,
      {
        head: (topic, head) => {
          for (const sub of this.#subs) if (sub.topic === topic && sub.cursor < head) this.#kick(sub);
        },
        presence: (present) => {
          this.#presence = presenceFor(identity, present);
          emitPresence(this.#presenceListeners, this.#presence);
        },
      },
      { heartbeatMs: this.#heartbeatMs, ttlMs: this.#presenceTtlMs },
    );
    this.#cell.set('open');
  }

  /** Tears down db, channel and presence; subscriptions stay for a later connect(). */
  #disconnect(): void {
    this.#channel?.close();
    this.#channel = null;
    this.#presence = null;
    this.#db?.close();
    this.#db = null;
  }

  #lose(reason: string, reopen: boolean): void {
    if (this.#cell.status === 'closed') return;
    // The database a reopen under way just opened is lost again: that attempt fails and retries.
    if (this.#reopening) {
      this.#lostWhileReopening = true;
      return;
    }
    console.warn(`[pulsekit] LocalTransport lost its database: ${reason}${reopen ? '; opening it again' : ''}`);
    this.#disconnect();
    if (!reopen || !this.#identity || !this.#cell.set('connecting')) {
      this.#cell.set('failed');
      return;
    }
    // A database that stayed open a while starts the attempts afresh; one closed again at once
    // does not, so a storage that keeps failing ends in `failed` instead of a reopen loop.
    if (Date.now() - this.#openedAt > STABLE_MS) this.#reopenAttempt = 0;
    this.#scheduleReopen();
  }

  #scheduleReopen(): void {
    this.#reopenTimer = setTimeout(() => void this.#reopen(), backoffDelay(this.#reopenAttempt++, REOPEN_BACKOFF));
  }

  /** Opens the database again after losing it; gives up (`failed`) after a few tries. */
  async #reopen(): Promise<void> {
    this.#reopenTimer = null;
    if (this.#cell.status !== 'connecting' || !this.#identity) return;
    this.#reopening = true;
    this.#lostWhileReopening = false;
    let db: LocalDb | null = null;
    // What was deleted is gone from the authority too: subscriptions past a topic's head follow
    // it from there, and every subscriber is told to resync (SessionClient compares the head with
    // its cursor and starts a topic again when the head went back).
    const heads = new Map<LocalSub, number>();
    try {
      db = await openLocalDb(this.#dbName, this.#dbEvents);
      for (const sub of this.#subs) heads.set(sub, await topicHead(db, this.#room, sub.topic));
      // Deleted, upgraded or closed again meanwhile: this connection must not be kept.
      if (this.#lostWhileReopening) throw new Error('the database was lost again while it was being opened');
    } catch (err) {
      db?.close();
      db = null;
      if (this.#cell.status === 'connecting') {
        if (this.#reopenAttempt < REOPEN_TRIES) this.#scheduleReopen();
        else {
          console.warn('[pulsekit] LocalTransport could not open its database again:', err);
          this.#cell.set('failed');
        }
      }
    } finally {
      this.#reopening = false;
    }
    if (!db) return;
    if (this.#cell.status !== 'connecting') return db.close();
    this.#opened(db, this.#identity);
    for (const sub of this.#subs) {
      const head = heads.get(sub);
      if (head !== undefined && head < sub.cursor) sub.cursor = head;
      resyncSafely(sub.handlers, 'the database was opened again');
      this.#kick(sub);
    }
  }

  /** Serializes pulls per subscription: a kick during a pull just asks for one more round. */
  #kick(sub: LocalSub): void {
    if (sub.closed) return;
    if (sub.running) {
      sub.again = true;
      return;
    }
    sub.running = true;
    void this.#run(sub);
  }

  async #run(sub: LocalSub): Promise<void> {
    try {
      do {
        sub.again = false;
        await this.#pull(sub);
      } while (sub.again && !sub.closed);
    } catch (err) {
      if (!sub.closed && this.#cell.status === 'open') console.warn('[pulsekit] subscription pull failed', err);
    } finally {
      sub.running = false;
    }
  }

  async #pull(sub: LocalSub): Promise<void> {
    for (;;) {
      const db = this.#db;
      const viewer = this.#identity;
      if (sub.closed || this.#cell.status !== 'open' || !db || !viewer) return;
      const page = await readPage(db, this.#room, sub.topic, sub.cursor, PULL_PAGE);
      const model = this.#models.get(kindOf(sub.topic));
      for (const r of page.records) {
        if (sub.closed || this.#cell.status !== 'open') return;
        const seq = (r as EventRecord)?.seq;
        if (typeof seq !== 'number' || seq <= sub.cursor) continue;
        // Advance even past a malformed record, or one bad row would stall the subscription forever.
        sub.cursor = seq;
        const event = viewRecord(r, sub.topic, page, model, viewer);
        if (event) deliverSafely(sub.handlers.onEvent, event);
      }
      if (page.records.length < PULL_PAGE) return;
    }
  }
}
