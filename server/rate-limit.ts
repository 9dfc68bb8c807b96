/**
 * Token buckets per key (room + participant): `rate` tokens per second up to `burst`. Idle buckets
 * are full by definition, so they are forgotten after a while to keep memory flat.
 */

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
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
