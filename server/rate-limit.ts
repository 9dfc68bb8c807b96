/**
 * Token buckets per key (room + participant): `rate` tokens per second up to `burst`. Idle buckets
 * are full by definition, so they are forgotten after a while to keep memory flat.
 *
 * The authority asks for a group's tokens at once (`reserve`), before it takes the room's write
 * lock; with several instances the buckets live in Redis instead (cluster/redis-rate.ts).
 */

/** Tokens handed out for one group of batches. */
export interface RateGrants {
  /** False when rate limiting is off (every operation passes). */
  readonly enabled: boolean;
  /** Tokens granted per key. */
  readonly granted: ReadonlyMap<string, number>;
  /** Seconds until `key` has a token again (at least 1, for Retry-After). */
  retryAfterS(key: string): number;
}

/** Where the authority gets tokens. */
export interface RateGate {
  /** Takes up to `wanted` tokens per key; grants what the buckets hold. */
  reserve(wanted: ReadonlyMap<string, number>): Promise<RateGrants>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements RateGate {
  #buckets = new Map<string, Bucket>();
  #sweepAt = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when rate limiting is on. */
  get enabled(): boolean {
    return this.rate > 0;
  }

  /** Takes one token; false when the bucket is empty. */
  take(key: string): boolean {
    if (!this.enabled) return true;
    const now = this.now();
    this.#sweep(now);
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Takes up to `wanted` tokens per key (in-process buckets). */
  async reserve(wanted: ReadonlyMap<string, number>): Promise<RateGrants> {
    return this.reserveNow(wanted);
  }

  /** `reserve`, synchronously. */
  reserveNow(wanted: ReadonlyMap<string, number>): RateGrants {
    const granted = new Map<string, number>();
    if (this.enabled) {
      for (const [key, n] of wanted) {
        let got = 0;
        while (got < n && this.take(key)) got += 1;
        granted.set(key, got);
      }
    }
    return { enabled: this.enabled, granted, retryAfterS: (key) => this.retryAfterS(key) };
  }

  /** Seconds until `key` has a token again (at least 1, for Retry-After). */
  retryAfterS(key: string): number {
    const b = this.#buckets.get(key);
    if (!b || !this.enabled) return 1;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
  }

  #sweep(now: number): void {
    if (now < this.#sweepAt) return;
    this.#sweepAt = now + 60_000;
    const full = (this.burst / this.rate) * 1000;
    for (const [k, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(k);
  }
}
