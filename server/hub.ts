/**
 * In-process fan-out. Streams (SSE, WebSocket) register per room as `Subscriber`s; the authority
 * publishes each durable batch in cursor order; every subscriber that wants the topic receives the
 * outputs and projects them for its own viewer.
 *
 * Busy topics are coalesced (docs/protocol.md, `snapshot`): for a topic whose model has
 * `viewState`, at most `burst` individual events go out per window (250 ms); further events are
 * announced as `held` (no data; SSE uses it to keep its resume id honest) and replaced by one
 * `snapshot` at the end of the window. While the topic stays busy every window ends in one snapshot
 * (at most 4 per second per topic); after a quiet window events flow individually again.
 */
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/model.js';
import type { Actor } from '../src/core/wire.js';
import type { Committed } from './authority.js';
import type { Logger } from './log.js';
import { snapshots } from './projection.js';

export type HubOutput =
  | { kind: 'event'; topic: string; cursor: number; event: StoredEvent; state: unknown; model: TopicModel<any> | undefined }
  | { kind: 'held'; topic: string; cursor: number; seq: number }
  | { kind: 'snapshot'; topic: string; cursor: number; seq: number; state: unknown; model: TopicModel<any> | undefined }
  | { kind: 'presence'; count: number; participants: Actor[] };

/** One live stream of one viewer. `push` must not throw and must not block. */
export interface Subscriber {
  readonly viewer: Actor;
  wants(topic: string): boolean;
  push(out: HubOutput): void;
}

interface Flow {
  windowStart: number;
  count: number;
  /** When the last snapshot went out (0: never). */
  snapshotAt: number;
  pending: { cursor: number; seq: number; state: unknown; model: TopicModel<any> | undefined } | null;
  timer: ReturnType<typeof setTimeout> | null;
}

interface RoomHub {
  subs: Set<Subscriber>;
  flows: Map<string, Flow>;
}

export interface HubOptions {
  models: ReadonlyMap<string, TopicModel<any>>;
  windowMs: number;
  /** Individual events per window before coalescing; 0 disables snapshots. */
  burst: number;
  log: Logger;
}

export class Hub {
  #rooms = new Map<string, RoomHub>();
  #closed = false;

  constructor(private readonly o: HubOptions) {}

  /** Registers a subscriber; returns its removal. */
  add(room: string, sub: Subscriber): () => void {
    let r = this.#rooms.get(room);
    if (!r) {
      r = { subs: new Set(), flows: new Map() };
      this.#rooms.set(room, r);
    }
    r.subs.add(sub);
    return () => {
      const cur = this.#rooms.get(room);
      if (!cur) return;
      cur.subs.delete(sub);
      if (cur.subs.size === 0) {
        for (const f of cur.flows.values()) if (f.timer) clearTimeout(f.timer);
        this.#rooms.delete(room);
      }
    };
  }

  /** Subscribers of a room. */
  subscribers(room: string): ReadonlySet<Subscriber> {
    return this.#rooms.get(room)?.subs ?? new Set();
  }

  /** Number of subscribers over all rooms. */
  get size(): number {
    let n = 0;
    for (const r of this.#rooms.values()) n += r.subs.size;
    return n;
  }

  /** Sends an output to every subscriber of a room (presence). */
  broadcast(room: string, make: (sub: Subscriber) => HubOutput | null): void {
    for (const sub of this.subscribers(room)) {
      const out = make(sub);
      if (out) this.#push(sub, out);
    }
  }

  /** Fans out a durable batch (called by the authority, in cursor order). */
  publish(room: string, committed: Committed[]): void {
    const r = this.#rooms.get(room);
    if (!r || this.#closed) return; // nobody listens
    for (const c of committed) {
      const topic = c.event.topic;
      const model = this.o.models.get(kindOf(topic));
      if (this.o.burst <= 0 || !snapshots(model)) {
        this.#emit(r, topic, { kind: 'event', topic, cursor: c.cursor, event: c.event, state: c.state, model });
        continue;
      }
      const now = Date.now();
      let flow = r.flows.get(topic);
      if (!flow) {
        flow = { windowStart: now, count: 0, snapshotAt: 0, pending: null, timer: null };
        r.flows.set(topic, flow);
      }
      if (!flow.pending && now - flow.windowStart >= this.o.windowMs) {
        flow.windowStart = now;
        flow.count = 0;
      }
      if (!flow.pending && flow.count < this.o.burst) {
        flow.count += 1;
        this.#emit(r, topic, { kind: 'event', topic, cursor: c.cursor, event: c.event, state: c.state, model });
        continue;
      }
      flow.pending = { cursor: c.cursor, seq: c.event.seq, state: c.state, model };
      this.#emit(r, topic, { kind: 'held', topic, cursor: c.cursor, seq: c.event.seq });
      if (!flow.timer) {
        const f = flow;
        f.timer = setTimeout(() => this.#flush(room, topic, f), Math.max(0, f.windowStart + this.o.windowMs - now));
      }
    }
  }

  /**
   * True while a topic is being coalesced (a snapshot is pending or went out within the last
   * second): a fetch then answers with a snapshot too instead of reading the history it replaces.
   */
  busy(room: string, topic: string): boolean {
    const flow = this.#rooms.get(room)?.flows.get(topic);
    return !!flow && (flow.pending !== null || Date.now() - flow.snapshotAt < 1000);
  }

  /** Stops every timer; later publishes go nowhere. */
  close(): void {
    this.#closed = true;
    for (const r of this.#rooms.values()) for (const f of r.flows.values()) if (f.timer) clearTimeout(f.timer);
    this.#rooms.clear();
  }

  #flush(room: string, topic: string, flow: Flow): void {
    flow.timer = null;
    const p = flow.pending;
    flow.pending = null;
    flow.windowStart = flow.snapshotAt = Date.now();
    flow.count = this.o.burst; // still busy: the next window's events are coalesced too
    const r = this.#rooms.get(room);
    if (!p || !r) return;
    this.#emit(r, topic, { kind: 'snapshot', topic, cursor: p.cursor, seq: p.seq, state: p.state, model: p.model });
  }

  #emit(r: RoomHub, topic: string, out: HubOutput): void {
    for (const sub of r.subs) if (sub.wants(topic)) this.#push(sub, out);
  }

  #push(sub: Subscriber, out: HubOutput): void {
    try {
      sub.push(out);
    } catch (err) {
      this.o.log.error('fanout.subscriber_failed', { err: err as Error });
    }
  }
}
