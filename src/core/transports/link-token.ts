/**
 * The bearer token of a network transport's link: asked from the provider before the first link,
 * asked again once after the server refuses it (401), then given up (the link supervisor fails
 * the transport). Internal to `src/core/transports`.
 */
import { isObj } from '../protocol/records.js';
import type { Actor } from '../protocol/wire.js';
import { LinkError } from './network-wire.js';

/** Where a token comes from: a provider bound to the room and identity, or none. */
export type TokenSource = (() => string | null | Promise<string | null>) | null;

/** Reads the claims of a JWT without verifying it (only to warn about an obvious mismatch). */
export function tokenClaims(token: string): Record<string, unknown> | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims = JSON.parse(json) as unknown;
    return isObj(claims) ? claims : null;
  } catch {
    return null;
  }
}

/** The current token and its generation (bumped on every load), so a refusal names the token it refused. */
export class LinkToken {
  #provider: TokenSource = null;
  #room = '';
  #identity: Actor | null = null;
  #token: string | null = null;
  #gen = 0;
  /** A fresh token was fetched after a 401 and has not worked yet: the next 401 means `failed`. */
  #renewed = false;
  #renewing: Promise<void> | null = null;
  #warnedClaims = false;

  /** Starts over for a connect(): a new source, no token yet. */
  reset(provider: TokenSource, room: string, identity: Actor): void {
    this.#provider = provider;
    this.#room = room;
    this.#identity = identity;
    this.#token = null;
    this.#gen++;
    this.#renewed = false;
    this.#warnedClaims = false;
  }

  /** The token to send (null: none). */
  get value(): string | null {
    return this.#token;
  }

  /** Generation of the current token. */
  get gen(): number {
    return this.#gen;
  }

  /** There is a provider but no token yet (the last load gave none, or none happened). */
  get missing(): boolean {
    return !this.#token && this.#provider !== null;
  }

  /** A request made with generation `used` was accepted: a renewed token works, so a later 401 may renew again. */
  worked(used: number): void {
    if (used === this.#gen) this.#renewed = false;
  }

  /** Asks the provider for a token; a provider that throws is network trouble (retried with backoff). */
  async load(): Promise<void> {
    if (!this.#provider) {
      this.#token = null;
      return;
    }
    let token: string | null;
    try {
      token = await this.#provider();
    } catch (err) {
      throw new LinkError('retry', 'token_unavailable', `The token provider failed: ${(err as Error)?.message ?? String(err)}`);
    }
    this.#token = typeof token === 'string' && token.length > 0 ? token : null;
    this.#gen++;
    this.#checkClaims();
  }

  /** After a 401 on a request made with token generation `used`: true when a retry makes sense. */
  async renew(used: number): Promise<boolean> {
    if (used !== this.#gen) return true; // someone already renewed it: retry with the new one
    if (this.#renewing) {
      await this.#renewing.catch(() => {});
      return used !== this.#gen;
    }
    if (this.#renewed || !this.#provider) return false;
    this.#renewing = this.load();
    try {
      await this.#renewing;
      this.#renewed = true;
      return true;
    } catch {
      return false;
    } finally {
      this.#renewing = null;
    }
  }

  #checkClaims(): void {
    if (!this.#token || this.#warnedClaims || !this.#identity) return;
    const claims = tokenClaims(this.#token);
    if (!claims) return;
    if (typeof claims.sub === 'string' && claims.sub !== this.#identity.id) {
      this.#warnedClaims = true;
      console.warn(
        `[pulsekit] the token is for participant "${claims.sub}" but the session's identity is "${this.#identity.id}": the server will refuse its operations (forbidden).`,
      );
    } else if (typeof claims.room === 'string' && claims.room !== this.#room) {
      this.#warnedClaims = true;
      console.warn(`[pulsekit] the token is for room "${claims.room}", not "${this.#room}".`);
    }
  }
}
