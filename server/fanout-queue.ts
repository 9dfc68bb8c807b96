/**
 * Delivers the hub's outputs in slices of the event loop. Writing one frame to each of 4,000
 * sockets takes 100 ms and more on a small machine; done in one go it held every other room, every
 * acknowledgement and every read for that long, so the hub had to leave half the time between two
 * snapshots of a big room idle (docs/decisions.md, 16 and 50). Here each turn of the event loop
 * delivers for at most `sliceMs`, then lets the loop read sockets, commit groups and answer before
 * the next slice.
 *
 * Order: each room has one lane; a lane delivers its outputs one after the other, each to the
 * subscribers the room had when it was published, so every subscriber gets a room's outputs once
 * each and in publish order. Lanes take turns (a chunk each), so a small room's event does not
 * wait for a big room's whole fan-out. A delivery that fits in the current slice goes out at once,
 * within the call that published it.
 */
import type { HubOutput, Subscriber } from './hub.js';

/** One output on its way to the subscribers it was published to. */
export interface Delivery {
  subs: readonly Subscriber[];
  /** Only subscribers that want this topic get it (null: every subscriber, presence). */
  topic: string | null;
  /** The output, or a function making each subscriber's own (null: nothing for that one). */
  out: HubOutput | ((sub: Subscriber) => HubOutput | null);
  /**
   * Called once everyone got it, with the milliseconds spent delivering it: the slices' time, not
   * the wall time from its first write to its last (that also counts whatever ran between slices).
   */
  done?(ms: number): void;
}

/** A room's queue of deliveries. */
export interface Lane {
  readonly queue: (Delivery & { next: number; spent: number })[];
  /** In the round of lanes taking turns (or being served right now). */
  active: boolean;
  dropped: boolean;
}

/** Subscribers served between two looks at the clock (a look costs more than a cheap push). */
const CHUNK = 32;

export class FanoutQueue {
  #active: Lane[] = [];
  #pumping = false;
  #scheduled = false;
  #closed = false;

  constructor(
    private readonly sliceMs: number,
    /** Hands one output to one subscriber (never throws). */
    private readonly push: (sub: Subscriber, out: HubOutput) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** A new, empty lane (one per room). */
  lane(): Lane {
    return { queue: [], active: false, dropped: false };
  }

  /** Queues a delivery on `lane`; it starts at once when nothing else is being delivered. */
  enqueue(lane: Lane, d: Delivery): void {
    if (this.#closed || lane.dropped) return;
    lane.queue.push({ ...d, next: 0, spent: 0 });
    if (!lane.active) {
      lane.active = true;
      this.#active.push(lane);
    }
    if (!this.#pumping && !this.#scheduled) this.#pump();
  }

  /** True while `lane` has something not yet delivered. */
  busy(lane: Lane): boolean {
    return lane.queue.length > 0;
  }

  /** Forgets what `lane` still had to deliver (its room has no subscribers left). */
  drop(lane: Lane): void {
    lane.dropped = true;
    lane.active = false;
    lane.queue.length = 0;
    this.#active = this.#active.filter((l) => l !== lane);
  }

  /** Delivers nothing more. */
  close(): void {
    this.#closed = true;
    for (const lane of this.#active) lane.queue.length = 0;
    this.#active = [];
  }

  #pump(): void {
    this.#scheduled = false;
    if (this.#closed) return;
    this.#pumping = true;
    const end = performance.now() + this.sliceMs;
    try {
      while (this.#active.length > 0) {
        const lane = this.#active.shift()!;
        const out = this.#serve(lane, end);
        if (lane.queue.length > 0 && !lane.dropped)
          this.#active.push(lane); // its turn comes again
        else lane.active = false;
        if (out) break;
      }
    } finally {
      this.#pumping = false;
    }
    if (this.#active.length > 0 && !this.#closed) {
      this.#scheduled = true;
      setImmediate(() => this.#pump());
    }
  }

  /**
   * Serves the lane's deliveries in order until one chunk of `CHUNK` subscribers has gone out
   * (then the next lane's turn) or the slice is used up; true when the slice is used up.
   * Deliveries at the front that go to the same subscribers from the same point (a burst of events
   * published together) go out together, subscriber by subscriber, so that each connection gets
   * the whole burst in one turn of the event loop (and one write, ws.ts) rather than one frame a turn.
   */
  #serve(lane: Lane, end: number): boolean {
    const q = lane.queue;
    while (q.length > 0) {
      const head = q[0]!;
      let n = 1;
      while (n < q.length && q[n]!.subs === head.subs && q[n]!.next === head.next) n++;
      const from = head.next;
      const stop = Math.min(head.subs.length, from + CHUNK);
      const started = performance.now();
      for (let i = from; i < stop; i++) {
        const sub = head.subs[i]!;
        for (let k = 0; k < n; k++) {
          const d = q[k]!;
          if (d.topic !== null && !sub.wants(d.topic)) continue;
          const out = typeof d.out === 'function' ? d.out(sub) : d.out;
          if (out) this.push(sub, out);
        }
      }
      const now = performance.now();
      for (let k = 0; k < n; k++) {
        q[k]!.next = stop;
        q[k]!.spent += (now - started) / n; // a burst served together shares the time
      }
      if (stop < head.subs.length) return now >= end; // more of these at the lane's next turn
      for (const d of q.splice(0, n)) {
        try {
          d.done?.(d.spent);
        } catch (err) {
          this.onError(err);
        }
      }
      if (lane.dropped) return false;
      if (now >= end) return true;
    }
    return false;
  }
}
