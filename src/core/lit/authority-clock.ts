/**
 * The authority's clock as a client estimates it. Deadlines (a poll's timer, a meter state's expiry,
 * a reaction's fading) are absolute authority times, so a browser whose clock is off would count
 * down or expire early or late; every widget keeps one of these, and reads `now()` instead of
 * `Date.now()` for such deadlines. It keeps an offset
 * (authority − local) inside bounds learned from events:
 *
 * - any event received at local time `r` was stamped `at` earlier on the authority, so
 *   `offset ≥ at − r` (a lower bound);
 * - an event of mine, for an operation I created at local time `c`, was stamped after `c`, so
 *   `offset ≤ at − c` (an upper bound).
 *
 * The estimate is 0 (trust the local clock) when 0 lies within the bounds, else the nearest bound.
 */

/** Bounds on the clock offset learned so far (ms). */
export interface OffsetBounds {
  /** Highest lower bound (−Infinity until an event arrives). */
  lower: number;
  /** Lowest upper bound (+Infinity until one of my events arrives). */
  upper: number;
}

/** No knowledge yet. */
export const NO_BOUNDS: OffsetBounds = { lower: -Infinity, upper: Infinity };

/** Adds an observation: an event stamped `at` received at local `receivedAt`, created locally at `createdAt` if mine. */
export function observe(bounds: OffsetBounds, at: number, receivedAt: number, createdAt?: number): OffsetBounds {
  const lower = Math.max(bounds.lower, at - receivedAt);
  const upper = createdAt === undefined ? bounds.upper : Math.min(bounds.upper, at - createdAt);
  return { lower, upper };
}

/** The offset to add to the local clock: 0 when consistent with the bounds, else the nearest bound. */
export function estimateOffset(bounds: OffsetBounds): number {
  const { lower, upper } = bounds;
  // Contradictory bounds (the local clock jumped): trust the lower one, which every event renews.
  if (lower > upper) return lower;
  if (lower > 0) return lower;
  if (upper < 0) return upper;
  return 0;
}

/** What the clock learns from: a topic handle (my pending operations, the latest folded event). */
export interface ClockSource {
  readonly pending: ReadonlyArray<{ op: { opId: string; createdAt: number } }>;
  readonly lastEvent: { at: number; opId: string } | null;
}

/** Keeps offset bounds for one widget. */
export class AuthorityClock {
  #bounds: OffsetBounds = NO_BOUNDS;
  #created = new Map<string, number>();
  #lastOpId = '';

  constructor(private readonly local: () => number = Date.now) {}

  /** Remembers when my pending operations were created (call on every change, before they are folded). */
  track(pending: ReadonlyArray<{ op: { opId: string; createdAt: number } }>): void {
    for (const p of pending) if (!this.#created.has(p.op.opId)) this.#created.set(p.op.opId, p.op.createdAt);
    if (this.#created.size > 200) this.#created = new Map([...this.#created].slice(-100));
  }

  /** Learns from the latest confirmed event (its authority time and opId). */
  seen(lastAt: number, lastOpId: string): void {
    if (!lastAt || lastOpId === this.#lastOpId) return;
    this.#lastOpId = lastOpId;
    this.#bounds = observe(this.#bounds, lastAt, this.local(), this.#created.get(lastOpId));
    this.#created.delete(lastOpId);
  }

  /** Learns from a topic handle: call on every change of the handle (the widget base does). */
  follow(source: ClockSource): void {
    this.track(source.pending);
    if (source.lastEvent) this.seen(source.lastEvent.at, source.lastEvent.opId);
  }

  /** Current offset estimate (ms). */
  get offset(): number {
    return estimateOffset(this.#bounds);
  }

  /** The authority's now, as estimated. */
  now(): number {
    return this.local() + this.offset;
  }
}
