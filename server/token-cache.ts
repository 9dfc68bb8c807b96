/**
 * Tokens already verified, remembered until they expire. An HS256 check through WebCrypto costs
 * about half a millisecond plus a trip through libuv's thread pool, and every request of a
 * participant carries the same token: under load that trip waits behind fan-outs, which made an
 * HTTP acknowledgement far slower than a WebSocket one (docs/decisions.md, 24). Entries are keyed
 * by the whole token, whose signature covers every claim, so a hit proves exactly what the first
 * check proved; an entry is dropped once its `exp` has passed, and the oldest go first when full.
 */
import type { Viewer } from './auth.js';

export class TokenCache {
  #entries = new Map<string, Viewer>();

  constructor(private readonly max = 10_000) {}

  /** The viewer a still valid `token` proved, or undefined. */
  get(token: string, nowS = Math.floor(Date.now() / 1000)): Viewer | undefined {
    const v = this.#entries.get(token);
    if (!v) return undefined;
    if (v.exp <= nowS) {
      this.#entries.delete(token);
      return undefined;
    }
    return { ...v, actor: { ...v.actor } };
  }

  /** Remembers a token that was just verified. */
  set(token: string, viewer: Viewer): void {
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { ...viewer, actor: { ...viewer.actor } });
  }
}
