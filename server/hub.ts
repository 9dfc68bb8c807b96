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
 * Outputs reach the subscribers through a FanoutQueue: in slices of the event loop, in publish
 * order per room, each to the subscribers the room had when it was published.
 *
 * The window is `windowMs` (100 ms: at most 10 snapshots per second per topic), stretched for big
 * rooms to the time the topic's last fan-out spent reaching every subscriber (its slices, not what
 * ran between them), divided by FANOUT_DUTY; events go out one by one only while no fan-out of the topic is under way and theirs
 * fit in that share of the window. Since the fan-out leaves the loop between slices, the window no
 * longer has to leave half of it idle for deciding, storing and acknowledging (docs/decisions.md,
 * 16 and 50). (4,000 WebSocket subscribers on loopback take some 100-170 ms per fan-out on a small
 * shared machine, so windows of about as long, and one event by itself at most.)
 */
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/protocol/model.js';
import type { Actor } from '../src/core/protocol/wire.js';
import type { Committed } from './authority.js';
import { FanoutQueue, type Delivery, type Lane } from './fanout-queue.js';
import type { Logger } from './log.js';
import { snapshots } from './projection.js';

export type HubOutput =
  | { kind: 'event'; topic: string; cursor: number; event: StoredEvent; state: unknown; model: TopicModel<any> | undefined }
  | { kind: 'held'; topic: string; cursor: number; seq: number }
  | { kind: 'snapshot'; topic: string; cursor: number; seq: number; state: unknown; model: TopicModel<any> | undefined }
  | { kind: 'presence'; count: number; participants: Actor[] };

type SnapshotOut = Extract<HubOutput, { kind: 'snapshot' }>;

/** One live stream of one viewer. `push` must not throw and must not block. */
export interface Subscriber {
  readonly viewer: Actor;
  wants(topic: string): boolean;
  push(out: HubOutput): void;
}

/** Share of a busy topic's window its fan-out may take (sets the stretched window). */
export const FANOUT_DUTY = 0.8;
/** Longest a fan-out holds the event loop before other work gets a turn. */
export const FANOUT_SLICE_MS = 8;

interface Flow {
  windowStart: number;
  /** This topic's window: `windowMs`, or longer when its last fan-out took long. */
  windowMs: number;
  /** When the topic's last event was published (0: never). */
  lastEventAt: number;
  /** Events sent one by one in this window, and how long their fan-out took. */
  count: number;
  spentMs: number;
  /** Fan-outs of this topic still under way; a snapshot due meanwhile waits for them (`flushDue`). */
  inFlight: number;
  flushDue: boolean;
  /** When the last snapshot went out (0: never). */
  snapshotAt: number;
  /** The snapshot of the topic's latest state not sent to everyone yet. */
  pending: SnapshotOut | null;
  /** The `held` output announcing the pending snapshot (its first event). */
  held: Extract<HubOutput, { kind: 'held' }> | null;
  timer: ReturnType<typeof setTimeout> | null;
}

interface RoomHub {
  name: string;
  subs: Set<Subscriber>;
  /** `subs` as an array, shared by every delivery until the subscribers change (FanoutQueue sends deliveries to the same array together). */
  members: Subscriber[] | null;
  flows: Map<string, Flow>;
  lane: Lane;
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
  readonly #queue: FanoutQueue;

  constructor(private readonly o: HubOptions) {
    this.#queue = new FanoutQueue(
      FANOUT_SLICE_MS,
      (sub, out) => this.#push(sub, out),
      (err) => o.log.error('fanout.failed', { err: err as Error }),
    );
  }

  /** Registers a subscriber; returns its removal. */
  add(room: string, sub: Subscriber): () => void {
    let r = this.#rooms.get(room);
    if (!r) {
      r = { name: room, subs: new Set(), members: null, flows: new Map(), lane: this.#queue.lane() };
      this.#rooms.set(room, r);
    }
    r.subs.add(sub);
    r.members = null;
    for (const [topic, flow] of r.flows) if (flow.held && sub.wants(topic)) this.#push(sub, flow.held);
    return () => {
      const cur = this.#rooms.get(room);
      if (!cur) return;
      cur.subs.delete(sub);
      cur.members = null;
      if (cur.subs.size === 0) {
        for (const f of cur.flows.values()) if (f.timer) clearTimeout(f.timer);
        this.#queue.drop(cur.lane);
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

  /** Sends an output to every subscriber of a room (presence), after what the room has queued. */
  broadcast(room: string, make: (sub: Subscriber) => HubOutput | null): void {
    const r = this.#rooms.get(room);
    if (r && !this.#closed) this.#queue.enqueue(r.lane, { subs: (r.members ??= [...r.subs]), topic: null, out: make });
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
          inFlight: 0,
          flushDue: false,
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
      // Up to `burst` events one by one, while no fan-out of the topic is under way and theirs fit
      // the duty share of the window (in a room of thousands one event costs as much as a
      // snapshot: the rest waits for the snapshot).
      if (!flow.pending && flow.inFlight === 0 && flow.count < this.o.burst && flow.spentMs < flow.windowMs * FANOUT_DUTY) {
        flow.count += 1;
        const f = flow;
        this.#emit(
          r,
          topic,
          { kind: 'event', topic, cursor: c.cursor, event: c.event, state: c.state, model },
          f,
          (ms) => (f.spentMs += ms),
        );
        continue;
      }
      flow.pending = { kind: 'snapshot', topic, cursor: c.cursor, seq: c.event.seq, state: c.state, model };
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
    this.#queue.close();
  }

  #flush(room: string, topic: string, flow: Flow): void {
    flow.timer = null;
    if (flow.inFlight > 0) {
      flow.flushDue = true; // after the fan-out under way, not beside it
      return;
    }
    flow.flushDue = false;
    const p = flow.pending;
    flow.pending = null;
    flow.held = null;
    flow.windowStart = flow.snapshotAt = Date.now();
    flow.count = this.o.burst; // still busy: the next window's events are coalesced too
    const r = this.#rooms.get(room);
    if (!p || !r) return;
    this.#emit(r, topic, p, flow);
  }

  /**
   * Queues `out` for the room's subscribers that want `topic`. With a `flow`, the fan-out is timed:
   * its duration sets the topic's window (and goes to `spent`), and a snapshot that fell due
   * meanwhile goes out when it is done.
   */
  #emit(r: RoomHub, topic: string, out: Delivery['out'], flow?: Flow, spent?: (ms: number) => void): void {
    if (flow) flow.inFlight += 1;
    const done = flow
      ? (ms: number) => {
          flow.inFlight -= 1;
          flow.windowMs = Math.max(this.o.windowMs, Math.ceil(ms / FANOUT_DUTY));
          spent?.(ms);
          if (flow.inFlight === 0 && flow.flushDue && !flow.timer) this.#flush(r.name, topic, flow);
        }
      : undefined;
    this.#queue.enqueue(r.lane, { subs: (r.members ??= [...r.subs]), topic, out, done });
  }

  #push(sub: Subscriber, out: HubOutput): void {
    try {
      sub.push(out);
    } catch (err) {
      this.o.log.error('fanout.subscriber_failed', { err: err as Error });
    }
  }
}
