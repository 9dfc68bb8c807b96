/**
 * The subscriptions of a network transport (docs/protocol.md): every event after a subscriber's
 * cursor exactly once and in order. A new subscription, or one that sees a gap, fills: it fetches
 * from its cursor while the stream's events for it are held, then delivers the held ones after what
 * was fetched (the fill/live hand-off). Snapshots of coalesced topics, resync requests and a server
 * whose history ends before what was delivered (rewind) end here too. Internal to
 * `src/core/transports`.
 */
import { backoffDelay, type BackoffOptions } from '../protocol/backoff.js';
import { isObj } from '../protocol/records.js';
import {
  TransportError,
  type ConnectionStatus,
  type FetchResult,
  type SubscribeHandlers,
  type Subscription,
  type TransportLimits,
} from '../protocol/transport.js';
import { envelopeProblem, isTopic, type EventEnvelope } from '../protocol/wire.js';
import type { Timer } from './link-supervisor.js';
import { isCount, publicPage, type CheckedPage } from './network-wire.js';
import { deliverSafely, resyncSafely } from './shared.js';

/** What the feed asks of the transport it serves (NetworkTransport is one). */
export interface FeedDriver {
  /** The transport's connection status. */
  readonly status: ConnectionStatus;
  /** The effective limits (a fill reads pages of `maxPage`). */
  readonly limits: TransportLimits;
  /** Reads one checked page (with the token, through the link). */
  fetchPage(topic: string, since: number, limit: number): Promise<CheckedPage>;
  /** How a new subscription starts; `first` when no other subscription of the topic exists. */
  startMode(topic: string, first: boolean): 'live' | 'fill';
  /** The last subscription of a topic closed. */
  topicReleased(topic: string): void;
  /** A timer the transport accounts for and clears on close; `wake` runs on close. */
  timer(fn: () => void, ms: number, wake?: () => void): Timer;
}

interface FeedSub {
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

/** A subscription as a transport sees it (the topic-level view, for resubscribing). */
export type TopicSub = Readonly<Pick<FeedSub, 'topic' | 'cursor'>>;

const CLOSED_SUBSCRIPTION: Subscription = { close() {} };
/** Stream events held per subscription during a fill before it falls back to fetching again. */
const MAX_BUFFER = 5000;
/** Rounds of a fill that make no progress before it gives up on a gap and asks for a resync. */
const MAX_STALLS = 6;

/** Every subscription of one transport, with the snapshots the stream sent for their topics. */
export class SubscriptionFeed {
  readonly #driver: FeedDriver;
  /** Backoff between failed fills. */
  readonly #backoff: BackoffOptions;
  readonly #subs = new Set<FeedSub>();
  readonly #byTopic = new Map<string, Set<FeedSub>>();
  readonly #snapshots = new Map<string, { seq: number; state: unknown }>();
  #refillTimer: Timer | null = null;
  #refillAttempt = 0;

  constructor(driver: FeedDriver, backoff: BackoffOptions) {
    this.#driver = driver;
    this.#backoff = backoff;
  }

  /** Open subscriptions. */
  get size(): number {
    return this.#subs.size;
  }

  /** Delivers every event after `since` in order, exactly once, then live ones (arguments checked by the caller). */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription {
    if (this.#driver.status === 'closed') return CLOSED_SUBSCRIPTION;
    let set = this.#byTopic.get(topic);
    const first = !set;
    if (!set) this.#byTopic.set(topic, (set = new Set()));
    const sub: FeedSub = {
      topic,
      handlers,
      cursor: since,
      closed: false,
      mode: 'fill',
      filling: false,
      gen: 0,
      buffer: [],
      overflow: false,
    };
    sub.mode = this.#driver.startMode(topic, first);
    set.add(sub);
    this.#subs.add(sub);
    if (sub.mode === 'fill' && this.#driver.status === 'open') void this.#fill(sub);
    return { close: () => this.#release(sub) };
  }

  /**
   * One page of `topic` after `since`, at most `limit` events. When the stream coalesced the topic
   * into a snapshot above `since`, the answer is that snapshot plus the events after it (so a resync
   * after a `snapshot` message costs one small page, not the history the server chose not to send).
   */
  async fetch(topic: string, since: number, limit: number): Promise<FetchResult> {
    const snap = this.#snapshots.get(topic);
    if (snap && since < snap.seq) {
      const page = await this.#driver.fetchPage(topic, snap.seq, limit);
      // A head before the cached snapshot: the server lost the history it came from; it is void.
      if (page.head >= snap.seq) {
        const out = publicPage(page);
        if (!out.snapshot || out.snapshot.seq < snap.seq) out.snapshot = { seq: snap.seq, state: structuredClone(snap.state) };
        return out;
      }
      if (this.#snapshots.get(topic) === snap) this.#snapshots.delete(topic);
    }
    return publicPage(await this.#driver.fetchPage(topic, since, limit));
  }

  /** The link opened: subscriptions waiting to fill start now. */
  resume(): void {
    for (const sub of [...this.#subs]) if (sub.mode === 'fill' && !sub.filling) void this.#fill(sub);
  }

  /** Ends every subscription (the transport closed); the transport clears the timers. */
  clear(): void {
    for (const sub of this.#subs) sub.closed = true;
    this.#subs.clear();
    this.#byTopic.clear();
    this.#snapshots.clear();
    this.#refillTimer = null;
  }

  /** Subscriptions per topic (for resubscribing). */
  topicSubs(): Map<string, readonly TopicSub[]> {
    const out = new Map<string, TopicSub[]>();
    for (const [topic, set] of this.#byTopic) out.set(topic, [...set]);
    return out;
  }

  /** Puts every subscription of `topic` (or all) back to live delivery from its own cursor (after a resubscribe). */
  resetLive(topic?: string): void {
    for (const sub of this.#subs) if (topic === undefined || sub.topic === topic) this.#reset(sub, 'live');
  }

  /** Puts every subscription (or those of `topic`) into fill mode and catches them up with fetches. */
  refillAll(topic?: string): void {
    for (const sub of [...this.#subs]) {
      if (topic !== undefined && sub.topic !== topic) continue;
      this.#reset(sub, 'fill');
      if (this.#driver.status === 'open') void this.#fill(sub);
    }
  }

  /** An event envelope from the stream. Malformed ones are dropped with a warning. */
  ingestEvent(raw: unknown): void {
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
      if (this.#driver.status === 'open') void this.#fill(sub);
    }
  }

  /**
   * A `snapshot` message: the server coalesced a busy topic instead of sending its events. Nothing
   * is delivered: each subscription behind it moves its cursor to `seq` and gets `onResync`, and
   * the client's fetch then answers with this snapshot plus the events after it (see `fetch`).
   */
  ingestSnapshot(raw: unknown): void {
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
  ingestResync(raw: unknown, refill = true): void {
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

  /**
   * Catches a subscription up by fetching from its cursor while the stream's events for it are
   * held, then delivers the held events after what was fetched: no gap, no duplicate.
   */
  async #fill(sub: FeedSub): Promise<void> {
    if (sub.closed || sub.filling) return;
    sub.filling = true;
    const gen = sub.gen;
    let stalls = 0;
    let rewound = false;
    try {
      for (let round = 0; round < 100_000; round++) {
        if (sub.closed || sub.gen !== gen || this.#driver.status !== 'open') return;
        const before = sub.cursor;
        const page = await this.#driver.fetchPage(sub.topic, sub.cursor, this.#driver.limits.maxPage);
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
      if (sub.closed || sub.gen !== gen || this.#driver.status === 'closed') return;
      if (this.#driver.status === 'open') {
        if (!(err instanceof TransportError && err.retryable)) console.warn(`[pulsekit] could not catch up ${sub.topic}:`, err);
        this.#scheduleRefill();
      }
      // Not open: the next `open` starts the fill again.
    } finally {
      if (sub.gen === gen) sub.filling = false;
    }
  }

  /** Delivers a page fetched from `since`; true when it moved the cursor back (see below). */
  #applyPage(sub: FeedSub, page: CheckedPage, since: number, mayRewind: boolean): boolean {
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

  #rewind(sub: FeedSub, head: number): void {
    const delivered = sub.cursor;
    sub.cursor = head;
    this.#snapshots.delete(sub.topic);
    this.#resync(sub, `the server's history of ${sub.topic} ends at seq ${head}, before seq ${delivered} delivered here`);
  }

  /** Delivers held events that continue the cursor; true when nothing is left past a gap. */
  #drain(sub: FeedSub): boolean {
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
    this.#refillTimer = this.#driver.timer(() => {
      this.#refillTimer = null;
      if (this.#driver.status === 'open') this.resume();
    }, delay);
  }

  #release(sub: FeedSub): void {
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
      if (this.#driver.status !== 'closed') this.#driver.topicReleased(sub.topic);
    }
  }

  #reset(sub: FeedSub, mode: 'live' | 'fill'): void {
    sub.gen++;
    sub.filling = false;
    sub.buffer = [];
    sub.overflow = false;
    sub.mode = mode;
  }

  #hold(sub: FeedSub, e: EventEnvelope): void {
    if (e.seq <= sub.cursor) return;
    if (sub.buffer.length >= MAX_BUFFER) {
      sub.overflow = true;
      return;
    }
    sub.buffer.push(e);
  }

  #resync(sub: FeedSub, reason: string): void {
    resyncSafely(sub.handlers, reason);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#driver.timer(resolve, ms, resolve);
    });
  }
}
