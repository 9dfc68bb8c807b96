/**
 * Connection attempts in progress per address: a WebSocket from its upgrade until its token was
 * checked, an SSE stream during its token check. At most `max` per address at once (0: no limit);
 * more are refused with 429 `too_many_connections` before any work is done for them (issue #17:
 * 1,000 simultaneous attempts from one address slowed every other room). Behind a reverse proxy
 * every client has the proxy's address: raise the limit or turn it off there.
 */
export class HandshakeGate {
  #counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Records an attempt from `address`; returns its end (safe to call twice), or null when refused. */
  enter(address: string | undefined): (() => void) | null {
    if (this.max <= 0) return () => {};
    const key = address ?? '';
    const n = this.#counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.#counts.set(key, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left <= 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }
}
