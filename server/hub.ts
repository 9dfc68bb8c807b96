/**
 * In-process fan-out. Streams (SSE, WebSocket) register per room as `Subscriber`s; the authority
 * publishes each durable batch in cursor order; every subscriber that wants the topic receives the
 * outputs and projects them for its own viewer.
 *
 * Busy topics are coalesced (docs/protocol.md, `snapshot`): for a topic whose model has
 * `viewState`, after a quiet spell (a whole window without events) up to `burst` events go out one
 * by one; further events are replaced by one `snapshot` at the end of the window, and while events
 * keep coming every window ends in one snapshot. The first coalesced event is announced as `held`
 * (no data; SSE uses it to keep its resume id honest), once per window and not once per event, so
 * a vote in a room of thousands costs O(1) here until the snapshot goes out; a subscriber that
 * joins while a snapshot is pending gets that `held` when it joins.
 *
 * The window is `windowMs` (100 ms: at most 10 snapshots per second per topic), stretched for big
 * rooms to twice the time the topic's last fan-out took to reach every subscriber, and events go
 * out one by one only while their fan-out fits in half the window: one busy topic keeps the event
 * loop fanning out at most about half of the time, the rest is left for deciding, storing and
 * acknowledging operations. (2,000 WebSocket subscribers on loopback take some 60-80 ms per
 * fan-out on a small machine, so windows of about 150 ms, and one event by itself at most.)
 */
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/protocol/model.js';
import type { Actor } from '../src/core/protocol/wire.js';
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

/** Share of the time one busy topic may spend fanning out snapshots (sets the stretched window). */
const FANOUT_DUTY = 0.5;

interface Flow {
  windowStart: number;
  /** This topic's window: `windowMs`, or longer when its last fan-out took long. */
  windowMs: number;
  /** When the topic's last event was published (0: never). */
  lastEventAt: number;
  /** Events sent one by one in this window, and how long their fan-out took. */
  count: number;
  spentMs: number;
  /** When the last snapshot went out (0: never). */
  snapshotAt: number;
  pending: { cursor: number; seq: number; state: unknown; model: TopicModel<any> | undefined } | null;
  /** The `held` output announcing the pending snapshot (its first event). */
  held: Extract<HubOutput, { kind: 'held' }> | null;
  timer: ReturnType<typeof setTimeout> | null;
}

interface RoomHub {
  subs: Set<Subscriber>;
  flows: Map<string, Flow>;
}

export interface HubOptions {
  models: ReadonlyMap<string, TopicModel<any>>;
  /** Shortest snapshot window (a busy topic's snapshots are at least this far apart). */
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
    for (const [topic, flow] of r.flows) if (flow.held && sub.wants(topic)) this.#push(sub, flow.held);
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
        flow = {
          windowStart: now,
          windowMs: this.o.windowMs,
          lastEventAt: 0,
          count: 0,
          spentMs: 0,
          snapshotAt: 0,
          pending: null,
          held: null,
          timer: null,
        };
        r.flows.set(topic, flow);
      }
      // A new burst only after a whole window without events: a topic that keeps getting events
      // (say every 80 ms, each group commit bringing a few) stays coalesced however late its
      // windows end, instead of paying a full fan-out for the first events of every window.
      const quiet = now - flow.lastEventAt >= flow.windowMs;
      flow.lastEventAt = now;
      if (!flow.pending && quiet) {
        flow.windowStart = now;
        flow.count = 0;
        flow.spentMs = 0;
      }
      // Up to `burst` events one by one, while their fan-out fits the duty share of the window (in
      // a room of thousands one event costs as much as a snapshot: the rest waits for the snapshot).
      if (!flow.pending && flow.count < this.o.burst && flow.spentMs < flow.windowMs * FANOUT_DUTY) {
        flow.count += 1;
        const t0 = performance.now();
        this.#emit(r, topic, { kind: 'event', topic, cursor: c.cursor, event: c.event, state: c.state, model });
        flow.spentMs += this.#stretch(flow, t0);
        continue;
      }
      flow.pending = { cursor: c.cursor, seq: c.event.seq, state: c.state, model };
      if (!flow.held) {
        flow.held = { kind: 'held', topic, cursor: c.cursor, seq: c.event.seq };
        this.#emit(r, topic, flow.held);
      }
      if (!flow.timer) {
        const f = flow;
        f.timer = setTimeout(() => this.#flush(room, topic, f), Math.max(0, f.windowStart + f.windowMs - now));
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
    flow.held = null;
    flow.windowStart = flow.snapshotAt = Date.now();
    flow.count = this.o.burst; // still busy: the next window's events are coalesced too
    const r = this.#rooms.get(room);
    if (!p || !r) return;
    const t0 = performance.now();
    this.#emit(r, topic, { kind: 'snapshot', topic, cursor: p.cursor, seq: p.seq, state: p.state, model: p.model });
    this.#stretch(flow, t0);
  }

  /** Sets the topic's window from the fan-out that started at `t0` (performance.now()); returns its duration. */
  #stretch(flow: Flow, t0: number): number {
    const ms = performance.now() - t0;
    flow.windowMs = Math.max(this.o.windowMs, Math.ceil(ms / FANOUT_DUTY));
    return ms;
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
