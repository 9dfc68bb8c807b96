/**
 * `GET /v1/rooms/{room}/stream`: one Server-Sent Events stream per room, all topics multiplexed
 * (docs/protocol.md). With `Last-Event-ID` it first replays every event above that room cursor,
 * then goes live; live outputs that arrive during the replay are held and de-duplicated.
 *
 * The `id:` of each frame is the room cursor up to which this stream is complete. While a busy
 * topic is being coalesced, that is just below the first event the coming snapshot will cover, so
 * a resume never skips an event that no frame delivered (it may repeat a few; clients ignore
 * events at or below their per-topic cursor).
 *
 * Backpressure: when the unsent bytes pass `sseBufferBytes` the stream stops taking live outputs,
 * and sends `resync` once the buffer has drained (../stream-flow.ts, shared with the WebSocket).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { kindOf } from '../../src/core/protocol/model.js';
import { describeValue, isTopic, type Actor } from '../../src/core/protocol/wire.js';
import { isExpired, whenExpired, type Viewer } from '../auth.js';
import type { OpenStream, ServerContext } from '../context.js';
import { badRequest, TOKEN_EXPIRED, tooManyConnections, tooManyTopics } from '../errors.js';
import { eventJson, presenceJson, snapshotJson } from '../frames.js';
import type { HubOutput, Subscriber } from '../hub.js';
import { projectFor } from '../projection.js';
import { Backpressure, CatchUp } from '../stream-flow.js';

const REPLAY_PAGE = 500;

/** Parses `?topics=a,b` (null: every topic), at most `max` of them. */
export function parseTopics(raw: string | null, max: number): Set<string> | null {
  if (raw === null || raw === '') return null;
  const topics = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of topics) if (!isTopic(t)) throw badRequest(`${describeValue(t)} is not a topic name (<kind>:<id>).`);
  if (topics.length === 0) return null;
  const set = new Set(topics);
  if (set.size > max)
    throw tooManyTopics(
      `A stream follows at most ${max} topics by name; this one asks for ${set.size}. Leave out ?topics= to follow the whole room.`,
    );
  return set;
}

/** Parses `Last-Event-ID` (null when absent). */
export function parseLastEventId(raw: string | string[] | undefined): number | null {
  if (raw === undefined) return null;
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw badRequest('Last-Event-ID must be a room cursor (a non-negative integer).');
  return n;
}

class SseStream implements Subscriber, OpenStream {
  readonly viewer: Actor;
  readonly #catchUp: CatchUp;
  readonly #flow: Backpressure;
  #held = new Map<string, number>();
  #last = 0;
  #closed = false;
  #wroteThisTurn = false;
  #timers: ReturnType<typeof setInterval>[] = [];
  #cleanup: (() => void)[] = [];

  constructor(
    private readonly ctx: ServerContext,
    private readonly room: string,
    private readonly auth: Viewer,
    private readonly topics: Set<string> | null,
    private readonly res: ServerResponse,
  ) {
    this.viewer = auth.actor;
    this.#catchUp = new CatchUp(ctx.limits.catchUpBuffer);
    this.#flow = new Backpressure(
      { buffered: () => res.writableLength, closed: () => this.#closed },
      ctx.limits.sseBufferBytes,
      () => ctx.log.warn('sse.backpressure', { room, participant: this.viewer.id, buffered: res.writableLength }),
      () => {
        this.#held.clear();
        this.#write(`event: resync\ndata: ${JSON.stringify({ reason: 'the connection fell behind' })}\n\n`);
      },
    );
  }

  wants(topic: string): boolean {
    return this.topics === null || this.topics.has(topic);
  }

  push(out: HubOutput): void {
    if (this.#closed) return;
    if (isExpired(this.auth)) return this.#expire(); // the timer may not have run yet
    if (!this.#catchUp.hold(out)) this.#deliver(out);
  }

  shutdown(): void {
    this.#close();
    this.res.end();
  }

  async start(lastEventId: number | null, topicsFilter: string | null): Promise<void> {
    const { ctx, room, res } = this;
    // A response whose connection already closed never emits 'close' again: registering it would
    // leave a stream nobody can end (counted against the participant's limit, listed in presence).
    if (res.destroyed || res.closed) return;
    const followed: string[] = [];
    for (const t of this.topics ?? []) {
      if (!ctx.topics.take(room, t)) {
        for (const f of followed) ctx.topics.give(room, f);
        throw tooManyTopics(
          `The connections of this room follow ${ctx.limits.maxTopicsPerRoom} topics by name already; try again later or leave out ?topics=.`,
        );
      }
      followed.push(t);
    }
    this.#cleanup.push(() => followed.forEach((t) => ctx.topics.give(room, t)));
    ctx.streams.add(this);
    this.#cleanup.push(() => ctx.streams.delete(this));
    this.#cleanup.push(ctx.presence.join(room, this.viewer));
    this.#cleanup.push(ctx.hub.add(room, this));
    this.#cleanup.push(whenExpired(this.auth, () => this.#expire()));
    res.on('close', () => this.#close());
    // No chunked encoding: the stream ends with its connection, so each frame goes out as written
    // instead of wrapped in chunk headers (a quarter of the buffers and JS per frame, docs/decisions.md 24).
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'close',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 2000\n\n');
    this.#write(`event: presence\ndata: ${JSON.stringify(ctx.presence.get(room, this.viewer))}\n\n`);
    this.#timers.push(
      setInterval(() => {
        if (!this.#flow.behind) this.#write(': ping\n\n');
      }, ctx.timings.sseHeartbeatMs),
    );
    ctx.log.info('sse.open', { room, participant: this.viewer.id, role: this.viewer.role, resumeFrom: lastEventId, topics: topicsFilter });
    if (lastEventId !== null) {
      try {
        await this.#replay(lastEventId);
      } catch (err) {
        ctx.log.error('sse.replay_failed', { room, err: err as Error });
        this.#last = await ctx.authority.roomCursor(room).catch(() => this.#last);
        this.#write(`event: resync\ndata: ${JSON.stringify({ reason: 'the server could not replay the history' })}\n\n`);
      }
    }
    // Go live: deliver what arrived meanwhile, skipping what the replay already sent. Compared with
    // where the replay ended, not with `#last`, which moves on as held outputs go out: outputs are
    // not in cursor order across topics (a snapshot carries the cursor of its window's last event,
    // and windows end in timer order), so a snapshot below one delivered just before it is still
    // news to this stream.
    const replayedTo = lastEventId === null ? null : this.#last;
    const { held, overflowed } = this.#catchUp.release();
    if (overflowed) this.#write(`event: resync\ndata: ${JSON.stringify({ reason: 'too many events arrived during the replay' })}\n\n`);
    for (const out of held) {
      if (out.kind !== 'presence' && replayedTo !== null && out.cursor <= replayedTo) this.#replayed(out, replayedTo);
      else this.#deliver(out);
    }
  }

  async #replay(from: number): Promise<void> {
    const { ctx, room } = this;
    const upTo = await ctx.authority.roomCursor(room);
    if (from > upTo) {
      this.#last = upTo;
      this.#write(`id: ${upTo}\nevent: resync\ndata: ${JSON.stringify({ reason: `cursor ${from} is ahead of the server (${upTo})` })}\n\n`);
      return;
    }
    if (upTo - from > ctx.limits.maxReplay) {
      this.#last = upTo;
      this.#write(
        `id: ${upTo}\nevent: resync\ndata: ${JSON.stringify({ reason: `history before cursor ${upTo - ctx.limits.maxReplay} is not replayed` })}\n\n`,
      );
      return;
    }
    const states = new Map<string, unknown>();
    let cursor = from;
    while (cursor < upTo && !this.#closed) {
      const rows = await ctx.storage.readRoom(room, cursor, upTo, REPLAY_PAGE, this.topics ? [...this.topics] : undefined);
      if (rows.length === 0) break;
      for (const { cursor: c, event } of rows) {
        if (!states.has(event.topic)) states.set(event.topic, (await ctx.authority.head(room, event.topic)).state);
        const projected = projectFor(ctx.models.get(kindOf(event.topic)), states.get(event.topic), event, this.viewer);
        this.#write(`id: ${c}\nevent: event\ndata: ${JSON.stringify(projected)}\n\n`);
        cursor = c;
      }
      await this.#flow.drained();
    }
    this.#last = upTo;
  }

  #resumeId(): number {
    let id = this.#last;
    for (const first of this.#held.values()) id = Math.min(id, first - 1);
    return id;
  }

  /**
   * An output the replay already covered (its cursor is at most `replayedTo`). A `held` still
   * counts: the replay sent its topic's events up to `replayedTo`, but the ones after it are being
   * coalesced and come only with the snapshot, so until then the stream is complete up to
   * `replayedTo` and no further (a resume from a later id would skip them). The topic's snapshot
   * or next event (replayed too, or live) ends that.
   */
  #replayed(out: Exclude<HubOutput, { kind: 'presence' }>, replayedTo: number): void {
    if (out.kind !== 'held') this.#held.delete(out.topic);
    else if (!this.#held.has(out.topic)) this.#held.set(out.topic, replayedTo + 1);
  }

  #deliver(out: HubOutput): void {
    if (out.kind === 'presence') {
      if (!this.#flow.behind) this.#write(`event: presence\ndata: ${presenceJson(out, this.viewer)}\n\n`);
      return;
    }
    if (this.#flow.behind) return; // dropped: the client gets `resync` once the buffer drained
    this.#last = Math.max(this.#last, out.cursor);
    if (out.kind === 'held') {
      if (!this.#held.has(out.topic)) this.#held.set(out.topic, out.cursor);
      return;
    }
    this.#held.delete(out.topic);
    if (out.kind === 'event') {
      this.#write(`id: ${this.#resumeId()}\nevent: event\ndata: ${eventJson(out, this.viewer)}\n\n`);
    } else {
      const json = snapshotJson(out, this.viewer);
      this.#write(
        json === null
          ? `event: resync\ndata: ${JSON.stringify({ topic: out.topic, reason: 'the topic changed faster than it could be sent' })}\n\n`
          : `id: ${this.#resumeId()}\nevent: snapshot\ndata: ${json}\n\n`,
      );
    }
    this.#flow.check();
  }

  /** The token ran out: say so (the client renews it and resumes with Last-Event-ID) and end. */
  #expire(): void {
    if (this.#closed) return;
    this.ctx.log.info('sse.expired', { room: this.room, participant: this.viewer.id });
    this.#write(`event: error\ndata: ${JSON.stringify(TOKEN_EXPIRED)}\n\n`);
    this.shutdown();
  }

  #write(chunk: string): void {
    if (this.#closed || this.res.writableEnded) return;
    this.res.write(chunk);
    // Node holds a response's writes until the end of the turn. The first of a turn goes out at
    // once (later ones still leave together), as on the WebSocket: the hub times a fan-out by the
    // writes it makes, and sets the snapshot window from that (ws.ts #batch, docs/decisions.md 24).
    if (this.#wroteThisTurn) return;
    this.#wroteThisTurn = true;
    process.nextTick(() => (this.#wroteThisTurn = false));
    this.res.socket?.uncork();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    this.#flow.stop();
    for (const c of this.#cleanup.splice(0)) c();
    this.ctx.log.info('sse.close', { room: this.room, participant: this.viewer.id });
  }
}

/** Opens a stream for an authenticated viewer of `room` (the caller checked the room). */
export async function openSse(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  room: string,
  viewer: Viewer,
  url: URL,
): Promise<void> {
  const topicsRaw = url.searchParams.get('topics');
  const topics = parseTopics(topicsRaw, ctx.limits.maxTopicsPerConnection);
  const lastEventId = parseLastEventId(req.headers['last-event-id']);
  if (ctx.presence.streams(room, viewer.actor.id) >= ctx.limits.maxConnections) throw tooManyConnections(ctx.limits.maxConnections);
  await new SseStream(ctx, room, viewer, topics, res).start(lastEventId, topicsRaw);
}
