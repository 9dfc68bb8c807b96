import { isObj } from '../protocol/records.js';
import { TransportError } from '../protocol/transport.js';
import type { Operation } from '../protocol/wire.js';
import { NetworkTransport, type NetworkTransportOptions } from './network-base.js';
import { apiUrl, errorBodyOf, LinkError, parseEndpoint } from './network-wire.js';

export type { NetworkTransportOptions, RoomTokenProvider } from './network-base.js';
export { LinkError } from './network-wire.js';
import { SseParser, type SseMessage } from './sse-parser.js';

export { SseParser, type SseMessage };

/** Options of an HttpTransport. */
export interface HttpTransportOptions extends NetworkTransportOptions {
  /** The `fetch` to use (default: the global one). Tests and non-browser hosts can wrap it. */
  fetch?: typeof fetch;
  /** Credentials mode of every request (default `same-origin`); `include` for cookie-authenticated proxies. */
  credentials?: RequestCredentials;
  /**
   * The stream is taken for dead when no byte (event or `: ping` comment, sent every 15 s) arrives
   * for this long; it is then reopened with Last-Event-ID. Default 45000.
   */
  idleTimeoutMs?: number;
}

/**
 * The proxy-friendly network transport (docs/protocol.md): REST for `send` (POST ops) and `fetch`
 * (GET events), and ONE Server-Sent Events stream per room, read with `fetch()` so it can carry
 * `Authorization`. All topics arrive multiplexed on that stream and are filtered per subscription.
 *
 * - Subscribe hand-off: a new subscription fetches from its cursor (page by page) while the
 *   stream's events for its topic are held, then delivers the held ones after the fetched ones:
 *   no gap, no duplicate. A seq gap on the stream fetches the missing range the same way.
 * - Drops: the stream is reopened with jittered capped backoff and `Last-Event-ID` (the room
 *   cursor), so the server replays what was missed; status goes `offline` → `connecting` → `open`.
 *   Without a cursor yet, every subscription catches up by fetch instead.
 * - `resync`: every subscription gets `onResync` and catches up from its own cursor by fetch.
 * - `snapshot`: nothing is delivered; subscriptions behind it move their cursor to its seq and get
 *   `onResync`; the client's next `fetch()` returns that snapshot and the events after it.
 * - 401: the token provider is asked once for a fresh token; a second 401 means `failed`.
 *   403 `wrong_room` means `failed` too. A stream the server ends with an `error` frame
 *   `token_expired` renews the token the same way and resumes with Last-Event-ID.
 */
export class HttpTransport extends NetworkTransport {
  /** What kind of pipe this is. */
  readonly kind = 'http';
  /** The endpoint as given. */
  readonly endpoint: string;
  readonly #base: URL | null;
  readonly #fetch: typeof fetch;
  readonly #credentials: RequestCredentials;
  readonly #idleTimeoutMs: number;
  readonly #requests = new Set<AbortController>();
  #stream: AbortController | null = null;
  #watchdog: ReturnType<typeof setTimeout> | null = null;
  #lastEventId = '';

  /**
   * @param endpoint Base URL of the server (`https://host/prefix`); paths go under `{endpoint}/v1`.
   *   A relative URL resolves against the page.
   */
  constructor(endpoint: string, options: HttpTransportOptions = {}) {
    super(options);
    this.endpoint = endpoint;
    this.#base = parseEndpoint(endpoint, ['http:', 'https:']);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#credentials = options.credentials ?? 'same-origin';
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  }

  /** The room cursor the stream resumes from (SSE `id`); empty before the first event. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  protected override roomChanged(): void {
    this.#lastEventId = '';
  }

  async prepare(): Promise<void> {
    if (!this.#base) throw new LinkError('fatal', 'bad_request', `"${this.endpoint}" is not an http(s) endpoint.`);
    if (this.hasServerLimits) return;
    try {
      const res = await this.#request('GET', apiUrl(this.#base, '/limits'), null, undefined, this.connectTimeoutMs);
      if (res.ok) this.setServerLimits(await res.json());
    } catch {
      // Not fatal: the defaults (or the caller's limits) apply; the stream tells whether the server is there.
    }
  }

  linkOpen(gen: number, token: string | null): Promise<void> {
    return this.#openStream(gen, token);
  }

  linkClose(_reason: string): void {
    this.clearTimer(this.#watchdog);
    this.#watchdog = null;
    this.#stream?.abort();
    this.#stream = null;
    if (this.status === 'closed') {
      for (const c of this.#requests) c.abort();
      this.#requests.clear();
    }
  }

  protected linkOpened(): void {
    // Without a room cursor the server streams live events only: catch every subscription up.
    if (!this.#lastEventId) this.feed.refillAll();
  }

  startMode(): 'live' | 'fill' {
    return 'fill'; // the stream has no per-topic replay: history comes from a fetch
  }

  topicReleased(): void {}

  protected linkCounts(): { timers: number; listeners: number } {
    return { timers: 0, listeners: 0 }; // the watchdog and request timers are base timers
  }

  protected async linkSend(ops: Operation[], token: string | null): Promise<unknown> {
    const res = await this.#call(
      'POST',
      apiUrl(this.#base!, `/rooms/${encodeURIComponent(this.room)}/ops`),
      token,
      JSON.stringify({ ops }),
    );
    const body = (await res.json().catch(() => null)) as { acks?: unknown } | null;
    if (!body || typeof body !== 'object') throw new TransportError('bad_response', 'The server answered a batch with no JSON body.', true);
    return body.acks;
  }

  protected async linkFetch(topic: string, since: number, limit: number, token: string | null): Promise<unknown> {
    const url = apiUrl(this.#base!, `/rooms/${encodeURIComponent(this.room)}/topics/${encodeURIComponent(topic)}/events`, { since, limit });
    const res = await this.#call('GET', url, token);
    return res.json().catch(() => {
      throw new TransportError('bad_response', `The server answered a fetch of ${topic} with no JSON body.`, true);
    });
  }

  /** A request whose answer must be 2xx; errors become LinkError (auth, fatal) or TransportError. */
  async #call(method: string, url: string, token: string | null, body?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.#request(method, url, body ?? null, headers, this.requestTimeoutMs);
    } catch (err) {
      if (this.status === 'closed') throw new TransportError('closed', 'The transport is closed.', false);
      if ((err as Error)?.name === 'TimeoutError')
        throw new TransportError('timeout', `No answer from the server within ${this.requestTimeoutMs} ms.`, true);
      throw new TransportError('offline', `The server cannot be reached: ${(err as Error)?.message ?? String(err)}`, true);
    }
    if (res.ok) return res;
    throw await errorOf(res);
  }

  /** fetch() with a timeout; aborted when the transport closes. */
  async #request(
    method: string,
    url: string,
    body: string | null,
    headers: Record<string, string> | undefined,
    timeoutMs: number,
  ): Promise<Response> {
    const ctl = new AbortController();
    this.#requests.add(ctl);
    let timedOut = false;
    const t = this.timer(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    try {
      return await this.#fetch(url, { method, headers, body, signal: ctl.signal, cache: 'no-store', credentials: this.#credentials });
    } catch (err) {
      if (timedOut) throw Object.assign(new Error('timeout'), { name: 'TimeoutError' });
      throw err;
    } finally {
      this.clearTimer(t);
      this.#requests.delete(ctl);
    }
  }

  async #openStream(gen: number, token: string | null): Promise<void> {
    if (!this.#base) throw new LinkError('fatal', 'bad_request', `"${this.endpoint}" is not an http(s) endpoint.`);
    const ctl = new AbortController();
    this.#stream = ctl;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (this.#lastEventId) headers['Last-Event-ID'] = this.#lastEventId;
    let res: Response;
    try {
      res = await this.#fetch(apiUrl(this.#base, `/rooms/${encodeURIComponent(this.room)}/stream`), {
        headers,
        signal: ctl.signal,
        cache: 'no-store',
        credentials: this.#credentials,
      });
    } catch (err) {
      throw new LinkError('retry', 'offline', `The event stream cannot be opened: ${(err as Error)?.message ?? String(err)}`);
    }
    if (!res.ok) {
      const err = await errorOf(res);
      ctl.abort();
      throw err instanceof LinkError ? err : new LinkError(err.retryable ? 'retry' : 'fatal', err.code, err.message, retryAfterOf(res));
    }
    const type = res.headers.get('Content-Type') ?? '';
    if (!res.body || !/^text\/event-stream\b/i.test(type)) {
      ctl.abort();
      throw new LinkError(
        'retry',
        'bad_response',
        `The stream answered with "${type || 'no content type'}", not text/event-stream (a proxy in the way?).`,
      );
    }
    if (!this.link.isCurrent(gen)) {
      ctl.abort();
      return;
    }
    void this.#read(gen, res.body, ctl);
  }

  async #read(gen: number, body: ReadableStream<Uint8Array>, ctl: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser(
      (m) => {
        if (this.link.isCurrent(gen)) this.#onMessage(gen, m);
      },
      (ms) => this.link.setRetryBase(ms),
    );
    this.#armWatchdog(gen, ctl);
    let reason = 'the event stream ended';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || !this.link.isCurrent(gen)) break;
        this.#armWatchdog(gen, ctl);
        parser.push(decoder.decode(value, { stream: true }));
        // Every event dispatched so far was handled: the room cursor may move to its id.
        if (parser.lastEventId && this.link.isCurrent(gen)) this.#lastEventId = parser.lastEventId;
      }
    } catch (err) {
      reason = `the event stream broke: ${(err as Error)?.message ?? String(err)}`;
    } finally {
      reader.cancel().catch(() => {});
    }
    if (this.#stream === ctl) {
      this.clearTimer(this.#watchdog);
      this.#watchdog = null;
    }
    this.link.lost(gen, reason);
  }

  #armWatchdog(gen: number, ctl: AbortController): void {
    this.clearTimer(this.#watchdog);
    this.#watchdog = null;
    if (!this.link.isCurrent(gen) || this.#idleTimeoutMs <= 0) return;
    this.#watchdog = this.timer(() => {
      this.#watchdog = null;
      console.warn(`[pulsekit] the event stream was silent for ${this.#idleTimeoutMs} ms; reconnecting`);
      ctl.abort();
    }, this.#idleTimeoutMs);
  }

  #onMessage(gen: number, m: SseMessage): void {
    let data: unknown;
    try {
      data = JSON.parse(m.data);
    } catch {
      console.warn(`[pulsekit] dropped a stream message that is not JSON (event "${m.event}")`);
      return;
    }
    switch (m.event) {
      case 'event':
        this.feed.ingestEvent(data);
        break;
      case 'snapshot':
        this.feed.ingestSnapshot(data);
        break;
      case 'presence':
        this.ingestPresence(data);
        break;
      case 'resync':
        this.feed.ingestResync(data);
        break;
      case 'error': {
        // The server ends the stream after it (docs/protocol.md): an expired token is renewed
        // through the token provider at once, then the stream resumes with Last-Event-ID.
        const body = isObj(data) ? errorBodyOf({ error: data }) : null;
        if (body?.code === 'token_expired' || body?.code === 'unauthorized')
          this.link.refused(gen, new LinkError('auth', body.code, body.message));
        else console.warn(`[pulsekit] the server ended the event stream: ${body ? `${body.code}: ${body.message}` : 'no reason given'}`);
        break;
      }
      default:
        console.warn(`[pulsekit] ignored an unknown stream message "${m.event}"`);
    }
  }
}

/** Retry-After in ms (seconds or an HTTP date), when present. */
function retryAfterOf(res: Response): number | undefined {
  const h = res.headers.get('Retry-After');
  if (!h) return undefined;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The error for a non-2xx answer: 401 → LinkError auth; 403 wrong_room → LinkError fatal; others TransportError. */
async function errorOf(res: Response): Promise<LinkError | TransportError> {
  const body = errorBodyOf(await res.json().catch(() => null));
  const code = body?.code ?? defaultCode(res.status);
  const message = body?.message ?? `HTTP ${res.status}`;
  if (res.status === 401) return new LinkError('auth', code, message);
  if (res.status === 403 && code === 'wrong_room') return new LinkError('fatal', code, message);
  const retryable = body ? body.retryable : res.status === 408 || res.status === 429 || res.status >= 500;
  if (retryable) return new LinkError('retry', code, message, retryAfterOf(res));
  return new TransportError(code, message, false);
}

function defaultCode(status: number): string {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'server_busy';
  return status >= 500 ? 'server_error' : 'http_error';
}
