import { isObj } from '../protocol/records.js';
import { TransportError } from '../protocol/transport.js';
import type { Operation } from '../protocol/wire.js';
import { NetworkTransport, type NetworkTransportOptions } from './network-base.js';
import { apiUrl, LinkError, parseEndpoint } from './network-wire.js';

export type { NetworkTransportOptions, RoomTokenProvider } from './network-base.js';
export { LinkError } from './network-wire.js';

/** Options of a WebSocketTransport. */
export interface WebSocketTransportOptions extends NetworkTransportOptions {
  /** The WebSocket constructor to use (default: the global one). Tests can wrap it. */
  WebSocket?: typeof WebSocket;
  /**
   * Sends `{"t":"ping"}` this often (ms) and reconnects when nothing at all arrived during two
   * periods, so a half-open connection (laptop lid, NAT timeout) is noticed. Default 20000; 0 = off.
   */
  pingIntervalMs?: number;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(err: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The network transport over ONE WebSocket per room (docs/protocol.md): the token goes in the
 * first message (never in the URL), requests carry ids (`send` → `acks`, `fetch` → `page`), and each
 * followed topic has one server subscription (`sub` from the lowest cursor of its subscriptions).
 *
 * - After a reconnect (jittered capped backoff) every topic is subscribed again from the cursor of
 *   its least advanced subscription: the server replays what was missed, nothing is lost or repeated.
 * - A second subscription of a topic catches up with a `fetch` while live events are held; a seq
 *   gap fetches the missing range; `resync` gives `onResync` to the subscriptions concerned and
 *   subscribes their topics again from their cursors; `snapshot` is handled as in HttpTransport.
 * - Close codes: 4001 (also `token_expired`, when the token runs out on an open socket) asks the
 *   token provider once for a fresh token, then `failed`; 4003 `failed`;
 *   4008, 4029, 1001 and network errors reconnect.
 */
export class WebSocketTransport extends NetworkTransport {
  /** What kind of pipe this is. */
  readonly kind = 'websocket';
  /** The endpoint as given. */
  readonly endpoint: string;
  readonly #base: URL | null;
  readonly #WebSocket: typeof WebSocket | undefined;
  readonly #pingIntervalMs: number;
  readonly #pending = new Map<number, Pending>();
  #ws: WebSocket | null = null;
  #nextId = 1;
  #pinger: ReturnType<typeof setTimeout> | null = null;
  #lastRx = 0;
  /** Topics with a server subscription on the current socket. */
  readonly #subscribed = new Set<string>();

  /**
   * @param endpoint Base URL of the server: `wss://host/prefix` or `https://host/prefix` (http(s) is
   *   turned into ws(s)); the socket is `{endpoint}/v1/rooms/{room}/ws`.
   */
  constructor(endpoint: string, options: WebSocketTransportOptions = {}) {
    super(options);
    this.endpoint = endpoint;
    const url = parseEndpoint(endpoint, ['ws:', 'wss:', 'http:', 'https:']);
    if (url && url.protocol === 'http:') url.protocol = 'ws:';
    if (url && url.protocol === 'https:') url.protocol = 'wss:';
    this.#base = url;
    this.#WebSocket = options.WebSocket ?? (typeof WebSocket === 'function' ? WebSocket : undefined);
    this.#pingIntervalMs = options.pingIntervalMs ?? 20_000;
  }

  async prepare(): Promise<void> {
    if (!this.#base) throw new LinkError('fatal', 'bad_request', `"${this.endpoint}" is not a ws(s) or http(s) endpoint.`);
    if (!this.#WebSocket) throw new LinkError('fatal', 'unsupported', 'This environment has no WebSocket.');
  }

  linkOpen(gen: number, token: string | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const WS = this.#WebSocket!;
      let ws: WebSocket;
      try {
        ws = new WS(apiUrl(this.#base!, `/rooms/${encodeURIComponent(this.room)}/ws`));
      } catch (err) {
        reject(new LinkError('fatal', 'bad_request', `The WebSocket cannot be created: ${(err as Error)?.message ?? String(err)}`));
        return;
      }
      this.#ws = ws;
      this.#subscribed.clear();
      let ready = false;
      ws.onopen = () => {
        this.#lastRx = Date.now();
        ws.send(JSON.stringify({ t: 'auth', token: token ?? '' }));
      };
      ws.onerror = () => {}; // a close event follows with the details there are
      ws.onclose = (ev: CloseEvent) => {
        if (this.#ws === ws) this.#drop('the connection closed');
        const err = closeError(ev.code, ev.reason);
        if (!ready) reject(err);
        else if (err.kind === 'retry') this.link.lost(gen, err.message);
        else this.link.refused(gen, err);
      };
      ws.onmessage = (ev: MessageEvent) => {
        if (this.#ws !== ws) return;
        this.#lastRx = Date.now();
        const msg = parse(ev.data);
        if (!msg) return;
        if (!ready) {
          if (msg.t === 'ready') {
            ready = true;
            if (msg.limits !== undefined) this.setServerLimits(msg.limits);
            this.#startPinger(gen);
            resolve();
          } else if (msg.t === 'error') {
            reject(errorMessageError(msg));
            ws.close(1000);
          }
          return;
        }
        if (this.link.isCurrent(gen)) this.#onMessage(msg);
      };
    });
  }

  linkClose(reason: string): void {
    const ws = this.#ws;
    this.#drop(reason);
    if (ws && ws.readyState <= 1) {
      try {
        ws.close(1000);
      } catch {
        // already closing
      }
    }
  }

  protected linkOpened(): void {
    // Every topic again, from its least advanced subscription: the server replays the rest.
    this.feed.resetLive();
    for (const topic of this.feed.topicSubs().keys()) this.#sub(topic);
  }

  startMode(topic: string, first: boolean): 'live' | 'fill' {
    if (!first) return 'fill';
    // The first subscription of a topic is served by the server's replay from its cursor.
    queueMicrotask(() => {
      if (this.status === 'open' && !this.#subscribed.has(topic)) this.#sub(topic);
    });
    return 'live';
  }

  topicReleased(topic: string): void {
    if (!this.#subscribed.delete(topic)) return;
    this.#post({ t: 'unsub', topic });
  }

  protected linkCounts(): { timers: number; listeners: number } {
    return { timers: 0, listeners: this.#ws ? 1 : 0 };
  }

  protected async linkSend(ops: Operation[]): Promise<unknown> {
    // A message over the server's cap is answered by closing the socket (1009), and a resend after
    // the reconnect closes it again, forever: refuse it here, so the client sends fewer ops at once.
    const cap = this.bodyBytes;
    if (cap !== null) {
      const bytes = new TextEncoder().encode(JSON.stringify({ t: 'send', id: 0, ops })).length + 16;
      if (bytes > cap)
        throw new TransportError(
          'too_large',
          `These ${ops.length} operations make a ${bytes}-byte message; the server takes at most ${cap}.`,
          false,
        );
    }
    const answer = await this.#request({ t: 'send', ops }, 'acks');
    return answer.acks;
  }

  protected async linkFetch(topic: string, since: number, limit: number): Promise<unknown> {
    const answer = await this.#request({ t: 'fetch', topic, since, limit }, 'page');
    const { t: _t, id: _id, ...page } = answer;
    return page;
  }

  #sub(topic: string): void {
    const subs = this.feed.topicSubs().get(topic);
    if (!subs || subs.length === 0) return;
    const since = Math.min(...subs.map((s) => s.cursor));
    if (this.#post({ t: 'sub', topic, since })) this.#subscribed.add(topic);
  }

  #post(msg: Record<string, unknown>): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  #request(msg: Record<string, unknown>, answer: string): Promise<Record<string, unknown>> {
    if (this.status !== 'open' || !this.#ws || this.#ws.readyState !== 1) {
      return Promise.reject(new TransportError('offline', 'The connection is not open.', true));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.timer(() => {
        this.#pending.delete(id);
        reject(new TransportError('timeout', `No answer from the server within ${this.requestTimeoutMs} ms.`, true));
      }, this.requestTimeoutMs);
      this.#pending.set(id, {
        resolve: (m) => {
          if (m.t === answer) resolve(m);
          else reject(new TransportError('bad_response', `The server answered "${String(m.t)}" instead of "${answer}".`, true));
        },
        reject,
        timer,
      });
      if (!this.#post({ ...msg, id })) {
        this.clearTimer(timer);
        this.#pending.delete(id);
        reject(new TransportError('offline', 'The connection is not open.', true));
      }
    });
  }

  /** Forgets the socket: pending requests fail (their fate is unknown), the pinger stops. */
  #drop(reason: string): void {
    const ws = this.#ws;
    this.#ws = null;
    this.#subscribed.clear();
    this.clearTimer(this.#pinger);
    this.#pinger = null;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onerror = null;
    }
    const closed = this.status === 'closed';
    for (const [id, p] of this.#pending) {
      this.clearTimer(p.timer);
      this.#pending.delete(id);
      p.reject(
        closed
          ? new TransportError('closed', 'The transport is closed.', false)
          : new TransportError('offline', `The connection was lost (${reason}); the request's fate is unknown.`, true),
      );
    }
  }

  #startPinger(gen: number): void {
    if (this.#pingIntervalMs <= 0) return;
    const tick = () => {
      this.#pinger = null;
      if (!this.link.isCurrent(gen) || !this.#ws) return;
      if (Date.now() - this.#lastRx > 2 * this.#pingIntervalMs) {
        console.warn('[pulsekit] the WebSocket went silent; reconnecting');
        this.link.lost(gen, 'no answer to pings');
        return;
      }
      this.#post({ t: 'ping' });
      this.#pinger = this.timer(tick, this.#pingIntervalMs);
    };
    this.#pinger = this.timer(tick, this.#pingIntervalMs);
  }

  #onMessage(msg: Record<string, unknown>): void {
    switch (msg.t) {
      case 'event':
        this.feed.ingestEvent(msg.e);
        return;
      case 'acks':
      case 'page': {
        const p = typeof msg.id === 'number' ? this.#pending.get(msg.id) : undefined;
        if (!p) {
          console.warn(`[pulsekit] dropped a "${msg.t}" answer to no pending request`);
          return;
        }
        this.#pending.delete(msg.id as number);
        this.clearTimer(p.timer);
        p.resolve(msg);
        return;
      }
      case 'error': {
        const p = typeof msg.id === 'number' ? this.#pending.get(msg.id) : undefined;
        if (p) {
          this.#pending.delete(msg.id as number);
          this.clearTimer(p.timer);
          p.reject(requestError(msg));
        } else {
          console.warn(`[pulsekit] the server reported: ${String(msg.code)}: ${String(msg.message)}`);
        }
        return;
      }
      case 'snapshot':
        this.feed.ingestSnapshot(msg);
        return;
      case 'resync': {
        // onResync for the subscriptions concerned, then subscribe their topics again from their cursors.
        this.feed.ingestResync(msg, false);
        const topic = typeof msg.topic === 'string' ? msg.topic : undefined;
        this.feed.resetLive(topic);
        for (const t of this.feed.topicSubs().keys()) if (topic === undefined || t === topic) this.#sub(t);
        return;
      }
      case 'presence':
        this.ingestPresence(msg);
        return;
      case 'pong':
      case 'ready':
        return;
      default:
        console.warn(`[pulsekit] dropped an unknown WebSocket message "${String(msg.t)}"`);
    }
  }
}

function parse(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') {
    console.warn('[pulsekit] dropped a binary WebSocket message');
    return null;
  }
  try {
    const msg = JSON.parse(data) as unknown;
    if (isObj(msg) && typeof msg.t === 'string') return msg;
  } catch {
    // fall through
  }
  console.warn('[pulsekit] dropped a malformed WebSocket message');
  return null;
}

/** What a close code means for reconnecting (docs/protocol.md). */
function closeError(code: number, reason: string): LinkError {
  const why = reason ? `: ${reason}` : '';
  if (code === 4001) return new LinkError('auth', 'unauthorized', `The server refused the token (4001${why}).`);
  if (code === 4003)
    return new LinkError('fatal', /^wrong_room\b/.test(reason) ? 'wrong_room' : 'forbidden', `The server refused this room (4003${why}).`);
  if (code === 4029) return new LinkError('retry', 'too_many_connections', `Too many connections (4029${why}).`);
  if (code === 4008) return new LinkError('retry', 'auth_timeout', `Authentication timed out (4008${why}).`);
  if (code === 1001) return new LinkError('retry', 'server_busy', `The server is going away (1001${why}).`);
  return new LinkError('retry', 'offline', `The WebSocket closed (${code}${why}).`);
}

/** An `error` message answering the handshake. */
function errorMessageError(msg: Record<string, unknown>): LinkError {
  const code = typeof msg.code === 'string' ? msg.code : 'error';
  const message = typeof msg.message === 'string' ? msg.message : code;
  if (code === 'unauthorized') return new LinkError('auth', code, message);
  return new LinkError(msg.retryable === true ? 'retry' : 'fatal', code, message);
}

/** An `error` message answering a request. */
function requestError(msg: Record<string, unknown>): Error {
  const code = typeof msg.code === 'string' ? msg.code : 'error';
  const message = typeof msg.message === 'string' ? msg.message : code;
  if (code === 'unauthorized') return new LinkError('auth', code, message);
  if (code === 'wrong_room') return new LinkError('fatal', code, message);
  return new TransportError(code, message, msg.retryable === true);
}
