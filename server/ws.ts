/**
 * `GET /v1/rooms/{room}/ws` (docs/protocol.md, "WebSocket"). The token comes in the first message
 * (`auth`, within `wsAuthTimeoutMs`), never in the URL. Then `send`, `fetch`, `sub`, `unsub` and
 * `ping`. Each `sub` replays its topic from `since` and then goes live; live outputs that arrive
 * during the replay are held and de-duplicated by seq.
 *
 * Heartbeat: a WebSocket ping every `wsPingMs`; two unanswered pings close the connection.
 * Backpressure: past `wsBufferBytes` of unsent data the connection stops taking live outputs and
 * sends `resync` (every topic) once the buffer has drained below half the limit (stream-flow.ts,
 * shared with the SSE stream).
 * Close codes: 4001 unauthorized (also when the token expires on an open socket: reason
 * `token_expired: …`), 4003 wrong room, 4008 auth timeout, 4029 too many connections, 1001 server
 * shutting down.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { describeValue, isTopic, type Actor } from '../src/core/protocol/wire.js';
import { isExpired, whenExpired, type Viewer } from './auth.js';
import type { OpenStream, ServerContext } from './context.js';
import { ApiError, TOKEN_EXPIRED, toApiError, tooManyTopics } from './errors.js';
import { eventJson, presenceJson, snapshotJson } from './frames.js';
import type { HubOutput, Subscriber } from './hub.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './http/body.js';
import { readKey } from './read-gate.js';
import { pageArgsProblem, readPage } from './reader.js';
import { Backpressure, CatchUp } from './stream-flow.js';

export const CLOSE = { unauthorized: 4001, forbidden: 4003, authTimeout: 4008, tooManyConnections: 4029, goingAway: 1001 } as const;

interface TopicSub {
  topic: string;
  lastSeq: number;
  /** Outputs held while the sub replays. */
  catchUp: CatchUp;
}

type Msg = Record<string, unknown> & { t?: unknown; id?: unknown };

const notATopic = (topic: unknown) => new ApiError(400, 'bad_request', `${describeValue(topic)} is not a topic name (<kind>:<id>).`);

class WsConnection implements Subscriber, OpenStream {
  viewer: Actor = { id: '', name: '', role: 'participant' };
  #viewer: Viewer | null = null;
  #state: 'new' | 'authing' | 'ready' = 'new';
  /** Messages that arrived while the token was being checked, handled once it is. */
  #early: [RawData, boolean][] = [];
  #subs = new Map<string, TopicSub>();
  readonly #flow: Backpressure;
  #closed = false;
  #missedPongs = 0;
  #authTimer: ReturnType<typeof setTimeout> | null = null;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Frames sent in this turn of the event loop: none, one (written at once), more (held, written together). */
  #turn: 'idle' | 'sent' | 'corked' = 'idle';
  #cleanup: (() => void)[] = [];

  constructor(
    private readonly ctx: ServerContext,
    private readonly ws: WebSocket,
    private readonly room: string,
    /** Ends this connection attempt for the per-address limit (once the token was checked). */
    private readonly attempted: () => void,
    /** The connection's TCP socket (frames of one event-loop turn leave in one write). */
    private readonly socket: Duplex,
  ) {
    this.#flow = new Backpressure(
      { buffered: () => ws.bufferedAmount, closed: () => this.#closed },
      ctx.limits.wsBufferBytes,
      () => ctx.log.warn('ws.backpressure', { room, participant: this.viewer.id, buffered: ws.bufferedAmount }),
      () => this.#send({ t: 'resync', reason: 'the connection fell behind' }),
    );
  }

  start(): void {
    const { ctx, ws } = this;
    ctx.streams.add(this);
    this.#cleanup.push(() => ctx.streams.delete(this));
    this.#authTimer = setTimeout(() => this.#end(CLOSE.authTimeout, 'auth timeout'), ctx.timings.wsAuthTimeoutMs);
    this.#timers.add(this.#authTimer);
    ws.on('message', (data, isBinary) => this.#handle(data, isBinary));
    ws.on('pong', () => (this.#missedPongs = 0));
    ws.on('close', () => this.#close());
    ws.on('error', () => this.#close());
    const ping = setInterval(() => {
      if (this.#missedPongs >= 2) {
        ctx.log.info('ws.timeout', { room: this.room, participant: this.viewer.id || undefined });
        ws.terminate();
        return;
      }
      this.#missedPongs += 1;
      try {
        ws.ping();
      } catch {
        // closing
      }
    }, ctx.timings.wsPingMs);
    this.#timers.add(ping);
  }

  wants(topic: string): boolean {
    return this.#subs.has(topic);
  }

  push(out: HubOutput): void {
    if (this.#closed) return;
    if (this.#viewer && isExpired(this.#viewer)) return this.#expire(); // the timer may not have run yet
    if (out.kind === 'presence') {
      if (!this.#flow.behind) this.#sendRaw(`{"t":"presence",${presenceJson(out, this.viewer).slice(1)}`);
      return;
    }
    const sub = this.#subs.get(out.topic);
    if (sub && !sub.catchUp.hold(out)) this.#deliver(sub, out);
  }

  shutdown(): void {
    this.#end(CLOSE.goingAway, 'server shutting down');
  }

  // ---------------------------------------------------------------------------------------------

  /** Handles one message; whatever goes wrong is answered with an `error`, never left unhandled. */
  #handle(data: RawData, isBinary: boolean): void {
    this.#onMessage(data, isBinary).catch((err) => {
      this.ctx.log.error('ws.message_failed', { room: this.room, err: err as Error });
      this.#error(undefined, err);
    });
  }

  async #onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (this.#closed) return;
    if (this.#state === 'authing') {
      if (this.#early.length >= 100) return this.#end(CLOSE.unauthorized, 'too many messages before the token was checked');
      this.#early.push([data, isBinary]);
      return;
    }
    let msg: Msg | null = null;
    const text = isBinary ? '' : data.toString();
    const tooDeep = jsonNestsDeeperThan(text, MAX_JSON_DEPTH); // not parsed at all: see body.ts
    try {
      const parsed = isBinary || tooDeep ? null : JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) msg = parsed as Msg;
    } catch {
      msg = null;
    }
    if (this.#state === 'new') return this.#auth(msg);
    if (tooDeep) {
      this.#error(
        undefined,
        new ApiError(400, 'bad_request', `A message nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; it was not read.`),
      );
      return;
    }
    // Authorized when it opened, the socket serves nothing once the token has run out.
    if (this.#viewer && isExpired(this.#viewer)) return this.#expire();
    if (!msg || typeof msg.t !== 'string') {
      this.#error(undefined, new ApiError(400, 'bad_request', 'Every message is a JSON object with a "t" field.'));
      return;
    }
    // The id is echoed in the answer: only a number or a short string (a 6,000-level array would
    // not survive JSON.stringify).
    if (msg.id !== undefined && !Number.isSafeInteger(msg.id) && !(typeof msg.id === 'string' && msg.id.length <= 64)) {
      this.#error(
        undefined,
        new ApiError(
          400,
          'bad_request',
          `A message "id" is an integer or a string of at most 64 characters, not ${describeValue(msg.id)}.`,
        ),
      );
      return;
    }
    switch (msg.t) {
      case 'send':
        return this.#onSend(msg);
      case 'fetch':
        return this.#onFetch(msg);
      case 'sub':
        return this.#onSub(msg);
      case 'unsub':
        if (!isTopic(msg.topic)) return this.#error(msg.id, notATopic(msg.topic));
        if (this.#subs.delete(msg.topic)) this.ctx.topics.give(this.room, msg.topic);
        return;
      case 'ping':
        this.#send({ t: 'pong' });
        return;
      case 'auth':
        this.#error(msg.id, new ApiError(400, 'bad_request', 'This connection is already authenticated.'));
        return;
      default:
        this.#error(msg.id, new ApiError(400, 'bad_request', `Unknown message type ${describeValue(msg.t)}.`));
    }
  }

  async #auth(msg: Msg | null): Promise<void> {
    const { ctx, room } = this;
    if (!msg || msg.t !== 'auth' || typeof msg.token !== 'string') {
      return this.#end(CLOSE.unauthorized, 'the first message must be {"t":"auth","token":"..."}');
    }
    this.#state = 'authing';
    let viewer: Viewer;
    try {
      viewer = await ctx.auth.verify(msg.token);
    } catch (err) {
      return this.#end(CLOSE.unauthorized, toApiError(err).message);
    } finally {
      this.attempted();
    }
    // The socket may have gone while the token was checked: then nothing is registered.
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return this.#close();
    if (viewer.room !== room) return this.#end(CLOSE.forbidden, 'wrong_room: this token is for another room');
    if (ctx.presence.streams(room, viewer.actor.id) >= ctx.limits.maxConnections) {
      return this.#end(CLOSE.tooManyConnections, `too_many_connections: at most ${ctx.limits.maxConnections} per participant`);
    }
    if (this.#authTimer) {
      clearTimeout(this.#authTimer);
      this.#timers.delete(this.#authTimer);
      this.#authTimer = null;
    }
    this.#viewer = viewer;
    this.viewer = viewer.actor;
    this.#cleanup.push(ctx.presence.join(room, viewer.actor));
    this.#cleanup.push(ctx.hub.add(room, this));
    this.#cleanup.push(whenExpired(viewer, () => this.#expire()));
    ctx.log.info('ws.open', { room, participant: viewer.actor.id, role: viewer.actor.role });
    this.#send({ t: 'ready', actor: viewer.actor, limits: ctx.transportLimits });
    this.#send({ t: 'presence', ...ctx.presence.get(room, viewer.actor) });
    this.#state = 'ready';
    for (const [data, isBinary] of this.#early.splice(0)) void this.#onMessage(data, isBinary);
  }

  async #onSend(msg: Msg): Promise<void> {
    const { ctx } = this;
    if (ctx.closing) return this.#error(msg.id, new ApiError(503, 'server_busy', 'The server is shutting down; try again shortly.', true));
    if (!Array.isArray(msg.ops)) return this.#error(msg.id, new ApiError(400, 'bad_request', 'send needs "ops": an array of operations.'));
    if (msg.ops.length > ctx.limits.maxBatch) {
      return this.#error(
        msg.id,
        new ApiError(413, 'too_large', `A batch holds at most ${ctx.limits.maxBatch} operations; this one has ${msg.ops.length}.`),
      );
    }
    const done = ctx.inflight.enter();
    try {
      const { acks } = await ctx.authority.submit(this.room, this.viewer, msg.ops);
      this.#send({ t: 'acks', id: msg.id, acks });
    } catch (err) {
      this.#error(msg.id, err);
    } finally {
      done();
    }
  }

  async #onFetch(msg: Msg): Promise<void> {
    const { ctx } = this;
    const { topic, since, limit } = msg;
    if (!isTopic(topic)) return this.#error(msg.id, notATopic(topic));
    const problem = pageArgsProblem(since, limit);
    if (problem) return this.#error(msg.id, new ApiError(400, 'bad_request', problem));
    try {
      const n = Math.min((limit as number | undefined) ?? ctx.limits.maxPage, ctx.limits.maxPage);
      const page = await this.#read(() => readPage(ctx.reader, this.room, topic, since as number, n, this.viewer));
      if (page) this.#send({ t: 'page', id: msg.id, ...page.result });
    } catch (err) {
      this.#error(msg.id, err);
    }
  }

  async #onSub(msg: Msg): Promise<void> {
    const { ctx } = this;
    const topic = msg.topic;
    const since = msg.since ?? 0;
    if (!isTopic(topic)) return this.#error(msg.id, notATopic(topic));
    if (!Number.isSafeInteger(since) || (since as number) < 0)
      return this.#error(msg.id, new ApiError(400, 'bad_request', 'since must be a non-negative integer.'));
    if (!this.#subs.has(topic)) {
      const max = ctx.limits.maxTopicsPerConnection;
      if (this.#subs.size >= max)
        return this.#error(msg.id, tooManyTopics(`A connection follows at most ${max} topics; unsub one first.`), topic);
      if (!ctx.topics.take(this.room, topic)) {
        return this.#error(
          msg.id,
          tooManyTopics(`The connections of this room follow ${ctx.limits.maxTopicsPerRoom} topics already.`),
          topic,
        );
      }
    }
    const sub: TopicSub = { topic, lastSeq: since as number, catchUp: new CatchUp(ctx.limits.catchUpBuffer) };
    this.#subs.set(topic, sub); // replaces an earlier sub of the same topic
    try {
      for (;;) {
        // Subscriptions are bounded by the topic limits: their replays wait their turn, never refused.
        const page = await this.#read(() => readPage(ctx.reader, this.room, topic, sub.lastSeq, ctx.limits.maxPage, this.viewer), true);
        if (!page || this.#subs.get(topic) !== sub || this.#closed) return;
        const { result, cursors } = page;
        if (result.head < sub.lastSeq) {
          // The client saw events this database does not have (restored from a backup): it must
          // start the topic again; live events continue from this server's head.
          this.#send({ t: 'resync', topic, head: result.head, reason: `cursor ${sub.lastSeq} is ahead of the server (${result.head})` });
          sub.lastSeq = result.head;
          break;
        }
        if (result.snapshot) {
          this.#send({ t: 'snapshot', topic, seq: result.snapshot.seq, state: result.snapshot.state });
          sub.lastSeq = result.snapshot.seq;
        }
        result.events.forEach((e, i) => {
          this.#sendRaw(`{"t":"event","cursor":${cursors[i]},"e":${JSON.stringify(e)}}`);
          sub.lastSeq = e.seq;
        });
        if (!result.hasMore) break;
        await this.#flow.drained();
      }
    } catch (err) {
      ctx.log.error('ws.sub_failed', { room: this.room, topic, err: err as Error });
      if (this.#subs.get(topic) === sub) this.#send({ t: 'resync', topic, reason: 'the server could not replay the history' });
    }
    if (this.#subs.get(topic) !== sub) return;
    const { held, overflowed } = sub.catchUp.release();
    if (overflowed) {
      this.#send({ t: 'resync', topic, reason: 'too many events arrived during the replay' });
      return;
    }
    for (const out of held) this.#deliver(sub, out);
  }

  #deliver(sub: TopicSub, out: HubOutput): void {
    if (this.#flow.behind || out.kind === 'presence' || out.kind === 'held') return;
    if (out.kind === 'event') {
      if (out.event.seq <= sub.lastSeq) return;
      sub.lastSeq = out.event.seq;
      this.#sendRaw(`{"t":"event","cursor":${out.cursor},"e":${eventJson(out, this.viewer)}}`);
    } else if (out.kind === 'snapshot') {
      if (out.seq <= sub.lastSeq) return;
      sub.lastSeq = out.seq;
      const json = snapshotJson(out, this.viewer);
      this.#sendRaw(
        json === null
          ? JSON.stringify({ t: 'resync', topic: out.topic, reason: 'the topic changed faster than it could be sent' })
          : `{"t":"snapshot",${json.slice(1)}`,
      );
    }
    this.#flow.check();
  }

  /**
   * A storage read in this participant's lane (ctx.reads): it waits while the participant has
   * enough reads running, and is skipped (null) when the connection closed meanwhile.
   */
  #read<T>(read: () => Promise<T>, alwaysWait = false): Promise<T | null> {
    return this.ctx.reads.run(readKey(this.room, this.viewer.id), () => (this.#closed ? Promise.resolve(null) : read()), alwaysWait);
  }

  #error(id: unknown, err: unknown, topic?: string): void {
    const e = toApiError(err);
    const msg: Record<string, unknown> = { t: 'error', code: e.code, message: e.message, retryable: e.retryable };
    if (id !== undefined) msg.id = id;
    if (topic !== undefined) msg.topic = topic;
    this.#send(msg);
  }

  #send(msg: Record<string, unknown>): void {
    this.#sendRaw(JSON.stringify(msg));
  }

  #sendRaw(text: string): void {
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return;
    this.#batch();
    this.ws.send(text);
  }

  /**
   * The first frame of a turn of the event loop is written at once; later ones in the same turn are
   * held and written together at its end: a burst of events otherwise costs one system call per
   * frame per connection (docs/decisions.md, 24). Writing the first at once keeps the hub's timing
   * of a fan-out (which sets its snapshot window) honest.
   */
  #batch(): void {
    if (this.#turn === 'idle') {
      this.#turn = 'sent';
      process.nextTick(() => {
        if (this.#turn === 'corked') this.socket.uncork();
        this.#turn = 'idle';
      });
    } else if (this.#turn === 'sent') {
      this.#turn = 'corked';
      this.socket.cork();
    }
  }

  /** The token ran out: close 4001 `token_expired` (the client renews it and subscribes again from its cursors). */
  #expire(): void {
    if (this.#closed) return;
    this.ctx.log.info('ws.expired', { room: this.room, participant: this.viewer.id });
    this.#end(CLOSE.unauthorized, `${TOKEN_EXPIRED.code}: ${TOKEN_EXPIRED.message}`);
  }

  #end(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason.slice(0, 120));
      // A peer that never answers the close handshake is cut after a while.
      const t = setTimeout(() => this.ws.terminate(), 5000);
      t.unref();
    }
    this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.attempted();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#flow.stop();
    for (const topic of this.#subs.keys()) this.ctx.topics.give(this.room, topic);
    this.#subs.clear();
    for (const c of this.#cleanup.splice(0)) c();
    this.#early.length = 0;
    if (this.#viewer) this.ctx.log.info('ws.close', { room: this.room, participant: this.viewer.id });
  }
}

/** Handles the HTTP upgrade of `/v1/rooms/{room}/ws` (the caller checked path, origin and shutdown). */
export function createWsEndpoint(ctx: ServerContext): {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, room: string, attempted: () => void): void;
  close(): void;
} {
  // One message per connection per turn of the event loop (allowSynchronousEvents: false): a
  // socket that sends 20,000 messages at once takes turns with every other connection instead of
  // holding the loop until it has been read through (issue #17).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.limits.maxBodyBytes,
    clientTracking: false,
    allowSynchronousEvents: false,
  });
  return {
    upgrade(req, socket, head, room, attempted) {
      wss.handleUpgrade(req, socket, head, (ws) => new WsConnection(ctx, ws, room, attempted, socket).start());
    },
    close() {
      wss.close();
    },
  };
}
