/**
 * Several server processes serving the same rooms (docs/decisions.md, 23). The database decides
 * (each room's write lock, storage `write`); Redis only carries news between processes:
 *
 * - **Events.** After a commit, a process publishes its events (with their cursors) on the room's
 *   channel; every other process that has the room in memory folds them into its cache and
 *   publishes them to its own streams (`Authority.applyRemote`). A gap in the cursors, a restart of
 *   Redis or a subscription that just started is repaired from the database (`catchUp`), which
 *   also runs every few seconds as a safety net (every second while Redis is away).
 * - **Presence.** Each process shares its own streams per room: published on the channel and kept
 *   in a hash, refreshed every 5 s; another process counts them until they expire (15 s), so a
 *   killed process's participants leave presence on their own.
 *
 * Rate limits across processes live in Redis too (cluster/redis-rate.ts).
 */
import type { Authority, Committed } from '../authority.js';
import type { Logger } from '../log.js';
import type { PresenceTracker, SharedPerson } from '../presence.js';
import type { TailRow } from '../storage/types.js';
import { commandConnection, ready, redacted, subscriberConnection, type Redis } from './redis.js';

export interface RedisClusterOptions {
  url: string;
  /** This process's id in messages (random by default). */
  instance: string;
  /** Prefix of channel and key names, so several deployments can share one Redis. Default `pulsekit`. */
  prefix?: string;
  log: Logger;
  /** How long a process's presence share lives without a refresh. Default 15 s. */
  presenceTtlMs?: number;
  /** Safety-net catch-up from the database while Redis is up. Default 5 s. */
  safetyPollMs?: number;
  /** ... and while it is away. Default 1 s. */
  downPollMs?: number;
  /** How long start-up waits for Redis. Default 10 s. */
  connectTimeoutMs?: number;
}

/** An event message: `{i: instance, e: [[cursor, fp, event], …]}`; presence: `{i, p: people, u: until}`. */
interface Message {
  i: string;
  e?: [number, string, TailRow['event']][];
  p?: SharedPerson[];
  u?: number;
}

export interface ClusterStatus {
  instance: string;
  redis: 'up' | 'down';
  /** Event messages received from other processes since start. */
  received: number;
}

export class RedisCluster {
  readonly instance: string;
  #cmd: Redis;
  #sub: Redis;
  #prefix: string;
  #authority: Authority | null = null;
  #presence: PresenceTracker | null = null;
  #watched = new Set<string>();
  #up = false;
  #wasDown = false;
  #received = 0;
  #timers: ReturnType<typeof setInterval>[] = [];
  #ticks = 0;
  readonly #ttl: number;

  private constructor(private readonly o: RedisClusterOptions) {
    this.instance = o.instance;
    this.#prefix = o.prefix ?? 'pulsekit';
    this.#ttl = o.presenceTtlMs ?? 15_000;
    this.#cmd = commandConnection(o.url);
    this.#sub = subscriberConnection(o.url);
    for (const r of [this.#cmd, this.#sub]) r.on('error', () => {}); // reported through 'close' / 'ready' below
  }

  /** Connects, waiting up to `connectTimeoutMs` for Redis; `attach()` then starts it. */
  static async connect(o: RedisClusterOptions): Promise<RedisCluster> {
    const c = new RedisCluster(o);
    try {
      await Promise.all([ready(c.#cmd, o.url, o.connectTimeoutMs ?? 10_000), ready(c.#sub, o.url, o.connectTimeoutMs ?? 10_000)]);
    } catch (err) {
      c.#cmd.disconnect();
      c.#sub.disconnect();
      throw err;
    }
    return c;
  }

  /** The command connection (shared rate limits use it). */
  get commands(): Redis {
    return this.#cmd;
  }

  /** Starts carrying events to and from `authority` and presence to and from `presence`. */
  attach(authority: Authority, presence: PresenceTracker): void {
    this.#authority = authority;
    this.#presence = presence;
    this.#start();
  }

  status(): ClusterStatus {
    return { instance: this.instance, redis: this.#up ? 'up' : 'down', received: this.#received };
  }

  /** Starts carrying news of `room` (called when the authority takes the room into memory). */
  watch(room: string): void {
    if (this.#watched.has(room)) return;
    this.#watched.add(room);
    this.#sub.subscribe(this.#channel(room)).then(
      () => {
        // Whatever was stored before the subscription took effect is read back.
        this.#authority?.catchUp(room);
        void this.#loadPresence(room);
      },
      (err: Error) => this.o.log.warn('cluster.subscribe_failed', { room, err }),
    );
  }

  unwatch(room: string): void {
    if (!this.#watched.delete(room)) return;
    this.#sub.unsubscribe(this.#channel(room)).catch(() => {});
  }

  /** Tells the other processes about events this one stored (best effort: they repair gaps from the database). */
  publish(room: string, committed: readonly Committed[]): void {
    if (committed.length === 0 || !this.#up) return;
    const msg: Message = { i: this.instance, e: committed.map((c) => [c.cursor, c.fp ?? '', c.event]) };
    this.#cmd.publish(this.#channel(room), JSON.stringify(msg)).catch(() => {});
  }

  /** Shares this process's streams of `room` (PresenceOptions.share). */
  sharePresence(room: string, people: SharedPerson[]): void {
    if (!this.#up) return;
    const until = Date.now() + this.#ttl;
    const key = this.#presenceKey(room);
    const multi = this.#cmd.multi();
    if (people.length > 0) multi.hset(key, this.instance, JSON.stringify({ p: people, u: until })).pexpire(key, this.#ttl * 2);
    else multi.hdel(key, this.instance);
    multi.publish(this.#channel(room), JSON.stringify({ i: this.instance, p: people, u: until } satisfies Message));
    multi.exec().catch(() => {});
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    // Leave presence at once instead of waiting for the share to expire.
    if (this.#up) {
      await Promise.allSettled(
        [...(this.#presence?.local().keys() ?? [])].map((room) => this.#cmd.hdel(this.#presenceKey(room), this.instance)),
      );
    }
    this.#sub.disconnect();
    await this.#cmd.quit().catch(() => this.#cmd.disconnect());
  }

  // ---------------------------------------------------------------------------------------------

  #channel(room: string): string {
    return `${this.#prefix}:room:${room}`;
  }

  #presenceKey(room: string): string {
    return `${this.#prefix}:presence:${room}`;
  }

  #start(): void {
    this.#up = true;
    this.#sub.on('message', (channel: string, text: string) => this.#onMessage(channel, text));
    for (const r of [this.#cmd, this.#sub]) {
      r.on('close', () => this.#setUp(false));
      r.on('ready', () => this.#setUp(this.#cmd.status === 'ready' && this.#sub.status === 'ready'));
    }
    const safetyEvery = Math.max(1, Math.round((this.o.safetyPollMs ?? 5000) / (this.o.downPollMs ?? 1000)));
    const poll = setInterval(() => {
      this.#ticks += 1;
      if (!this.#up || this.#ticks % safetyEvery === 0) this.#authority?.catchUp();
    }, this.o.downPollMs ?? 1000);
    const heartbeat = setInterval(
      () => {
        for (const [room, people] of this.#presence?.local() ?? []) this.sharePresence(room, people);
      },
      Math.max(100, Math.floor(this.#ttl / 3)),
    );
    for (const t of [poll, heartbeat]) {
      t.unref?.();
      this.#timers.push(t);
    }
    this.o.log.info('cluster.connected', { instance: this.instance, redis: redacted(this.o.url) });
  }

  #setUp(up: boolean): void {
    if (up === this.#up) return;
    this.#up = up;
    if (!up) {
      this.#wasDown = true;
      this.o.log.warn('cluster.redis_down', {
        instance: this.instance,
        note: 'live updates from other instances come from the database every second until Redis is back',
      });
      return;
    }
    this.o.log.info('cluster.redis_up', { instance: this.instance, reconnected: this.#wasDown });
    // Whatever was published while we were away is lost: read it back, and share presence again.
    this.#authority?.catchUp();
    for (const room of this.#watched) void this.#loadPresence(room);
    for (const [room, people] of this.#presence?.local() ?? []) this.sharePresence(room, people);
  }

  #onMessage(channel: string, text: string): void {
    const room = channel.slice(this.#prefix.length + ':room:'.length);
    let msg: Message;
    try {
      msg = JSON.parse(text) as Message;
    } catch {
      return this.o.log.warn('cluster.bad_message', { room });
    }
    if (msg.i === this.instance) return;
    if (Array.isArray(msg.e)) {
      this.#received += 1;
      this.#authority?.applyRemote(
        room,
        msg.e.map(([cursor, fp, event]) => ({ cursor, fp, event })),
      );
    } else if (Array.isArray(msg.p) && typeof msg.u === 'number') {
      this.#presence?.setRemote(room, msg.i, msg.p, msg.u);
    }
  }

  /** Reads the other processes' presence shares of a room (when it starts being watched, and after Redis returns). */
  async #loadPresence(room: string): Promise<void> {
    if (!this.#presence) return;
    let shares: Record<string, string>;
    try {
      shares = await this.#cmd.hgetall(this.#presenceKey(room));
    } catch {
      return; // the next share or heartbeat brings it
    }
    const now = Date.now();
    for (const [instance, json] of Object.entries(shares)) {
      if (instance === this.instance) continue;
      try {
        const { p, u } = JSON.parse(json) as { p: SharedPerson[]; u: number };
        if (u > now) this.#presence.setRemote(room, instance, p, u);
        else if (u < now - this.#ttl) void this.#cmd.hdel(this.#presenceKey(room), instance).catch(() => {});
      } catch {
        // a malformed share: ignore it
      }
    }
  }
}
