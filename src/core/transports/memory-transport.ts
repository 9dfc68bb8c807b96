import type { TopicModel } from '../protocol/model.js';
import { presenceFor } from '../protocol/presence.js';
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
import { MemoryHub, type HubConnection, type HubMember } from './memory-hub.js';
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

export { MemoryHub, type MemoryHubOptions } from './memory-hub.js';

/** Options of a MemoryTransport. */
export interface MemoryTransportOptions {
  /** Overrides of the default limits (tests use small ones to reach them quickly). */
  limits?: Partial<TransportLimits>;
}

interface MemorySub {
  readonly topic: string;
  readonly handlers: SubscribeHandlers;
  cursor: number;
  scheduled: boolean;
  closed: boolean;
}

const CLOSED_SUBSCRIPTION: Subscription = { close() {} };

/**
 * One connection to a MemoryHub: the in-process transport for tests, stories and demos. Delivery
 * is asynchronous (microtasks), as on a real network, so a caller is never re-entered.
 */
export class MemoryTransport implements Transport {
  /** What kind of pipe this is. */
  readonly kind = 'memory';
  /** Limits this connection enforces. */
  readonly limits: TransportLimits;
  private readonly cell = new StatusCell();
  private readonly subs = new Set<MemorySub>();
  private readonly presenceListeners = new Set<PresenceListener>();
  private conn: HubConnection | null = null;
  private identity: Actor | null = null;
  private presence: Presence | null = null;
  private dropAbort: (() => void) | null = null;
  private ackLoss = false;

  constructor(
    private readonly hub: MemoryHub,
    options: MemoryTransportOptions = {},
  ) {
    this.limits = resolveLimits(options.limits);
  }

  /** Current connection status. */
  get status(): ConnectionStatus {
    return this.cell.status;
  }

  /** Joins the room as `identity`; resolves once `open`. */
  async connect(options: ConnectOptions): Promise<void> {
    const unlisten = beginConnect(this.cell, options, () => this.close());
    if (unlisten === 'aborted') {
      await this.close();
      throw new TransportError('aborted', 'connect() was aborted.', false);
    }
    // A reconnect after `failed` keeps the first listener.
    if (unlisten) {
      if (this.dropAbort) unlisten();
      else this.dropAbort = unlisten;
    }
    // Yield once, like a network handshake, so status listeners see `connecting` before `open`.
    await Promise.resolve();
    if (this.cell.status !== 'connecting') throw new TransportError('aborted', 'connect() was aborted.', false);
    this.identity = { ...options.identity };
    this.conn = this.hub.attach(options.room, this.member(this.identity));
    this.cell.set('open');
    this.conn.setPresent(true);
    for (const sub of this.subs) this.pump(sub);
  }

  /** Leaves the room and frees every subscription and listener. Safe to call twice. */
  async close(): Promise<void> {
    if (this.cell.status === 'closed') return;
    for (const sub of this.subs) sub.closed = true;
    this.subs.clear();
    this.conn?.detach();
    this.conn = null;
    this.dropAbort?.();
    this.dropAbort = null;
    this.cell.set('closed');
    this.cell.dispose();
    this.presenceListeners.clear();
  }

  /** Applies a batch at the hub; see Transport.send. */
  async send(ops: Operation[]): Promise<Ack[]> {
    if (this.cell.status !== 'open' || !this.conn) throw notOpenError(this.cell.status);
    checkBatch(ops, this.limits);
    const acks = this.conn.apply(ops, this.limits.maxOpBytes);
    if (this.ackLoss) {
      this.ackLoss = false;
      throw new TransportError('ack_lost', 'Test hook loseNextAck(): the batch was applied but its response was lost.', true);
    }
    return acks;
  }

  /** Reads one page of a topic; see Transport.fetch. */
  async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (this.cell.status !== 'open' || !this.conn) throw notOpenError(this.cell.status);
    const page = checkFetch(topic, since, limit, this.limits);
    return this.conn.read(topic, since, page);
  }

  /** Delivers events after `since`, then live ones; waits for `open` when called earlier. */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription {
    checkCursor(topic, since);
    if (this.cell.status === 'closed') return CLOSED_SUBSCRIPTION;
    const sub: MemorySub = { topic, handlers, cursor: since, scheduled: false, closed: false };
    this.subs.add(sub);
    this.pump(sub);
    return {
      close: () => {
        sub.closed = true;
        this.subs.delete(sub);
      },
    };
  }

  /** Listens to status changes. */
  onStatus(listener: StatusListener): () => void {
    return this.cell.on(listener);
  }

  /** Listens to presence: distinct identities connected to the room. */
  onPresence(listener: PresenceListener): () => void {
    if (this.cell.status === 'closed') return () => {};
    this.presenceListeners.add(listener);
    if (this.presence) emitPresence(new Set([listener]), this.presence);
    return () => void this.presenceListeners.delete(listener);
  }

  /** Teaches the hub a topic kind (the hub is the authority). */
  registerModel(model: TopicModel<any>): void {
    this.hub.registerModel(model);
  }

  /** What this connection still holds; all zeros after close(). */
  debugCounts(): DebugCounts {
    return {
      subscriptions: this.subs.size,
      timers: 0,
      listeners: this.cell.size + this.presenceListeners.size + (this.dropAbort ? 1 : 0),
    };
  }

  /**
   * TEST HOOK (fault injection): the connection drops. Status becomes `offline`, subscriptions
   * stop receiving, send() and fetch() throw a retryable TransportError('offline').
   */
  simulateDrop(): void {
    if (this.cell.status !== 'open') return;
    this.cell.set('offline');
    this.conn?.setPresent(false);
  }

  /**
   * TEST HOOK (fault injection): the connection comes back (`connecting`, then `open`). Each
   * subscription resumes from its own last delivered seq, so nothing is lost or repeated.
   */
  simulateRestore(): void {
    if (this.cell.status !== 'offline') return;
    this.cell.set('connecting');
    this.cell.set('open');
    this.conn?.setPresent(true);
    for (const sub of this.subs) this.pump(sub);
  }

  /**
   * TEST HOOK (fault injection): the next send() reaches the hub and is applied, but its response
   * is lost: the call throws a retryable TransportError('ack_lost').
   */
  loseNextAck(): void {
    this.ackLoss = true;
  }

  private member(identity: Actor): HubMember {
    return {
      identity,
      topicAdvanced: (topic) => {
        for (const sub of this.subs) if (sub.topic === topic) this.pump(sub);
      },
      presenceChanged: (present) => {
        this.presence = presenceFor(identity, present);
        emitPresence(this.presenceListeners, this.presence);
      },
    };
  }

  private pump(sub: MemorySub): void {
    if (sub.scheduled || sub.closed) return;
    sub.scheduled = true;
    queueMicrotask(() => {
      sub.scheduled = false;
      this.drain(sub);
    });
  }

  /** Pulls from the sub's own cursor, so a drop or a burst can neither skip nor repeat an event. */
  private drain(sub: MemorySub): void {
    if (sub.closed || this.cell.status !== 'open' || !this.conn) return;
    const { events, resyncFrom } = this.conn.pending(sub.topic, sub.cursor);
    if (resyncFrom !== undefined) {
      sub.cursor = resyncFrom;
      resyncSafely(sub.handlers, `history before seq ${resyncFrom + 1} was trimmed`);
    }
    for (const event of events) {
      if (sub.closed || this.cell.status !== 'open') return;
      if (event.seq <= sub.cursor) continue;
      sub.cursor = event.seq;
      deliverSafely(sub.handlers.onEvent, event);
    }
  }
}
