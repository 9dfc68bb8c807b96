/**
 * Keeps a network transport's link up (docs/protocol.md): the connection status, opening the link
 * with a timeout, reconnecting with jittered capped backoff (raised by the server's `retry:`, reset
 * after a stable link), the bearer token and its one renewal after a 401, the window's
 * online/offline events, and `failed` when nothing can help. What the link is (SSE + fetch, a
 * WebSocket) is the driver's business. Internal to `src/core/transports`.
 */
import { backoffDelay, type BackoffOptions } from '../protocol/backoff.js';
import { TransportError } from '../protocol/transport.js';
import type { Actor } from '../protocol/wire.js';
import { LinkToken, type TokenSource } from './link-token.js';
import { LinkError, publicError, toLinkError } from './network-wire.js';
import { notOpenError, StatusCell } from './shared.js';

/** A timer handle of the transport's accounted timers. */
export type Timer = ReturnType<typeof setTimeout>;

/** What the supervisor asks of the transport that owns the link (NetworkTransport is one). */
export interface LinkDriver {
  /** Checks the endpoint and learns server limits before the first link; throws LinkError. */
  prepare(): Promise<void>;
  /** Opens link number `gen`; resolves when it carries events. Throws LinkError. */
  linkOpen(gen: number, token: string | null): Promise<void>;
  /** Closes the link at once (its stale callbacks are ignored by generation). */
  linkClose(reason: string): void;
  /** The link is up and the status is `open`. */
  linkUp(): void;
  /** A timer the transport accounts for and clears on close. */
  timer(fn: () => void, ms: number): Timer;
  /** Clears a timer made with `timer()`. */
  clearTimer(t: Timer | null): void;
}

/** A link that stayed open this long resets the reconnect backoff when it drops. */
const STABLE_MS = 10_000;
const aborted = () => new LinkError('fatal', 'aborted', 'connect() was aborted.');
const superseded = () => new LinkError('fatal', 'aborted', 'superseded');

/** The status of a network transport and the loop that keeps its link open. */
export class LinkSupervisor {
  readonly #cell = new StatusCell();
  readonly #token = new LinkToken();
  readonly #driver: LinkDriver;
  readonly #backoff: BackoffOptions;
  /** The caller chose a backoff base: the server's SSE `retry:` does not override it. */
  readonly #baseChosen: boolean;
  readonly #connectTimeoutMs: number;
  #gen = 0;
  /** The token generation the current link was opened with (what a refusal on that link refers to). */
  #linkTokenGen = 0;
  #attempt = 0;
  #openedAt = 0;
  #reconnectTimer: Timer | null = null;
  #retryBaseMs: number | null = null;
  /** The window reported `offline` and not yet `online`: retry only at the backoff cap. */
  #windowOffline = false;
  #dropWindow: (() => void) | null = null;

  constructor(driver: LinkDriver, backoff: BackoffOptions, baseChosen: boolean, connectTimeoutMs: number) {
    this.#driver = driver;
    this.#backoff = backoff;
    this.#baseChosen = baseChosen;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  /** Connection status and its listeners. */
  get cell(): StatusCell {
    return this.#cell;
  }

  /** Listeners the supervisor holds besides the status listeners (the window's two). */
  get listeners(): number {
    return this.#dropWindow ? 2 : 0;
  }

  /**
   * The body of connect(), once the status is `connecting`: gets a token, prepares, opens the
   * link. A retryable failure leaves the transport `offline` and trying in the background.
   */
  async connect(provider: TokenSource, room: string, identity: Actor): Promise<void> {
    this.#watchWindow();
    this.#token.reset(provider, room, identity);
    this.#attempt = 0;
    this.#windowOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const gen = ++this.#gen;
    try {
      await this.#token.load();
      if (gen !== this.#gen) throw aborted();
      await this.#driver.prepare();
      if (gen !== this.#gen) throw aborted();
      await this.#openLink(gen);
    } catch (err) {
      if (this.#cell.status === 'closed' || gen !== this.#gen) throw new TransportError('aborted', 'connect() was aborted.', false);
      const le = toLinkError(err);
      if (le.kind === 'retry') {
        this.#cell.set('offline');
        this.#scheduleReconnect(le.retryAfterMs);
        throw new TransportError('offline', `Cannot reach the server yet (${le.message}); retrying.`, true);
      }
      this.#fail(le);
      throw publicError(le);
    }
    if (this.#cell.status === 'closed') throw new TransportError('aborted', 'connect() was aborted.', false);
    if (this.#cell.status !== 'connecting' || gen !== this.#gen) {
      // The link dropped right after opening: the transport is already trying again.
      throw new TransportError('offline', 'The connection dropped while opening; retrying.', true);
    }
    this.#opened();
  }

  /** Ends the link for good (close()): no reconnect, no window listeners. */
  close(): void {
    this.#gen++;
    this.#cell.set('closed');
    this.#driver.linkClose('closed');
    this.#reconnectTimer = null; // the transport clears every timer it accounts for
    this.#dropWindow?.();
    this.#dropWindow = null;
  }

  /** Link `gen` dropped: go `offline` and reconnect with backoff. Stale generations are ignored. */
  lost(gen: number, reason: string): void {
    if (gen !== this.#gen || this.#cell.status === 'closed' || this.#cell.status === 'failed') return;
    this.#gen++;
    this.#driver.linkClose(reason);
    if (this.#openedAt && Date.now() - this.#openedAt > STABLE_MS) this.#attempt = 0;
    this.#openedAt = 0;
    this.#cell.set('offline');
    this.#scheduleReconnect();
  }

  /** Link `gen` is current (not closed, dropped or replaced). */
  isCurrent(gen: number): boolean {
    return gen === this.#gen && this.#cell.status !== 'closed';
  }

  /** The server refused link `gen` (wrong room, token refused on a live link). */
  refused(gen: number, error: LinkError): void {
    if (gen !== this.#gen) return;
    if (error.kind !== 'auth') {
      this.#fail(error);
      return;
    }
    // A live link refused its token: ask once for a fresh one and reconnect, like a 401. The
    // refused token is the one the link opened with: a request may have renewed it meanwhile
    // (its POST got the 401 first), and then the reconnect simply uses the renewed one.
    const used = this.#linkTokenGen;
    this.#gen++;
    this.#driver.linkClose(error.message);
    this.#cell.set('offline');
    void this.#token.renew(used).then((ok) => {
      if (this.#cell.status !== 'offline') return;
      if (ok) void this.#reconnect();
      else this.#fail(error);
    });
  }

  /**
   * Drops the link now and stays `offline` with no attempt planned until `resume()` (or the
   * window's `online`). Returns whether there was a link to drop.
   */
  suspend(reason: string): boolean {
    const s = this.#cell.status;
    if (s !== 'open' && s !== 'connecting') return false;
    this.#gen++;
    this.#driver.linkClose(reason);
    this.#openedAt = 0;
    this.#clearReconnect();
    this.#cell.set('offline');
    return true;
  }

  /** Reconnects now, from a fresh backoff, when `offline`. */
  resume(): void {
    if (this.#cell.status !== 'offline') return;
    this.#attempt = 0;
    void this.#reconnect();
  }

  /** The server's suggested reconnection time (SSE `retry:`); raises the backoff base. */
  setRetryBase(ms: number): void {
    if (Number.isSafeInteger(ms) && ms >= 0) this.#retryBaseMs = Math.min(ms, this.#backoff.capMs);
  }

  /** Runs a request with the current token; after a 401, asks for a fresh token once and retries. */
  async authed<T>(fn: (token: string | null) => Promise<T>): Promise<T> {
    for (;;) {
      const used = this.#token.gen;
      try {
        const result = await fn(this.#token.value);
        this.#token.worked(used);
        return result;
      } catch (err) {
        if (this.#cell.status === 'closed') throw notOpenError('closed');
        if (err instanceof LinkError && err.kind === 'auth') {
          if (await this.#token.renew(used)) continue;
          this.#fail(err);
          throw publicError(err);
        }
        if (err instanceof LinkError && err.kind === 'fatal' && err.code === 'wrong_room') {
          this.#fail(err);
          throw publicError(err);
        }
        throw err instanceof LinkError ? publicError(err) : err;
      }
    }
  }

  /** Nothing can help (a refused token after a fresh one, a wrong room): status `failed`. */
  #fail(error: LinkError): void {
    if (this.#cell.status === 'closed' || this.#cell.status === 'failed') return;
    console.warn(`[pulsekit] connection failed for good: ${error.message}`);
    this.#gen++;
    this.#driver.linkClose(error.message);
    this.#clearReconnect();
    this.#cell.set('failed');
  }

  async #openLink(gen: number): Promise<void> {
    for (;;) {
      const used = this.#token.gen;
      const timeout = this.#driver.timer(() => this.#driver.linkClose('connect timeout'), this.#connectTimeoutMs);
      try {
        await this.#driver.linkOpen(gen, this.#token.value);
        if (gen !== this.#gen) throw superseded();
        this.#linkTokenGen = used;
        this.#token.worked(used);
        return;
      } catch (err) {
        if (gen !== this.#gen) throw superseded();
        const le = toLinkError(err);
        if (le.kind === 'auth' && (await this.#token.renew(used))) {
          if (gen !== this.#gen) throw superseded();
          continue;
        }
        throw le;
      } finally {
        this.#driver.clearTimer(timeout);
      }
    }
  }

  #opened(): void {
    if (this.#cell.status !== 'connecting') return;
    this.#attempt = 0;
    this.#openedAt = Date.now();
    this.#cell.set('open');
    this.#driver.linkUp();
  }

  async #reconnect(): Promise<void> {
    this.#clearReconnect();
    const from = this.#cell.status;
    if (from !== 'offline') return;
    this.#cell.set('connecting');
    const gen = ++this.#gen;
    try {
      if (this.#token.missing) await this.#token.load();
      await this.#openLink(gen);
    } catch (err) {
      if (gen !== this.#gen || this.#cell.status !== 'connecting') return;
      const le = toLinkError(err);
      if (le.kind !== 'retry') {
        this.#fail(le);
        return;
      }
      this.#cell.set('offline');
      this.#scheduleReconnect(le.retryAfterMs);
      return;
    }
    if (gen === this.#gen) this.#opened();
  }

  #scheduleReconnect(retryAfterMs?: number): void {
    if (this.#reconnectTimer || this.#cell.status !== 'offline') return;
    const base = this.#baseChosen ? this.#backoff.baseMs : Math.max(this.#backoff.baseMs, this.#retryBaseMs ?? 0);
    // While the browser says it has no network, wait for its `online` event; retry at the cap only
    // in case that event never comes (navigator.onLine is wrong on some VPNs and VMs).
    const delay = this.#windowOffline
      ? this.#backoff.capMs
      : Math.max(backoffDelay(this.#attempt++, { baseMs: base, capMs: this.#backoff.capMs }), retryAfterMs ?? 0);
    this.#reconnectTimer = this.#driver.timer(() => {
      this.#reconnectTimer = null;
      void this.#reconnect();
    }, delay);
  }

  #clearReconnect(): void {
    this.#driver.clearTimer(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  /**
   * Follows the window's online/offline events: drop at once when offline (and do not hammer a
   * network that is not there), reconnect at once when back.
   */
  #watchWindow(): void {
    if (this.#dropWindow || typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const offline = () => {
      this.#windowOffline = true;
      if (this.suspend('the browser went offline')) this.#scheduleReconnect();
    };
    const online = () => {
      this.#windowOffline = false;
      this.resume();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#dropWindow = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }
}
