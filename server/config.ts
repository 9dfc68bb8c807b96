/**
 * Settings of the reference server: defaults, the options `startServer()` takes, and how they are
 * read from the environment (`configFromEnv`, used only by server/main.ts, so a test that starts
 * the server in-process is never influenced by the environment it runs in).
 */
import type { TopicModel } from '../src/core/protocol/model.js';
import type { Storage } from './storage/types.js';
import type { LogSink } from './log.js';
import { ConfigError } from './config-error.js';
import { lrsFromEnv, type LrsOptions } from './lrs/settings.js';

/** Limits the server enforces (docs/protocol.md, "Limits"). */
export interface ServerLimits {
  /** Largest request body (and WebSocket message) in bytes. `PULSEKIT_MAX_BODY`. */
  maxBodyBytes: number;
  /** Most operations in one batch. */
  maxBatch: number;
  /** Largest operation (`JSON.stringify(op).length`). */
  maxOpBytes: number;
  /** Most events in one fetched page. */
  maxPage: number;
  /** Sustained operations per participant per second; 0 turns rate limiting off. `PULSEKIT_RATE`. */
  ratePerSecond: number;
  /** Burst of operations per participant. `PULSEKIT_RATE=20/40`. */
  rateBurst: number;
  /** Open streams (SSE + WebSocket) per participant and room. `PULSEKIT_MAX_CONN`. */
  maxConnections: number;
  /** Unsent bytes a WebSocket may hold before the server stops queueing and later sends `resync`. */
  wsBufferBytes: number;
  /** The same for an SSE stream. */
  sseBufferBytes: number;
  /** Live outputs held for a stream while it replays history; more means `resync`. */
  catchUpBuffer: number;
  /** Events an SSE resume may replay; a cursor further behind gets `resync`. */
  maxReplay: number;
  /** Topics one connection may follow by name (WebSocket `sub`, SSE `?topics=`). `PULSEKIT_MAX_TOPICS=256/4096`. */
  maxTopicsPerConnection: number;
  /** Distinct topics the connections of one room may follow by name. */
  maxTopicsPerRoom: number;
  /** Storage reads (fetches, subscription replays) one participant may have running per room… */
  readConcurrency: number;
  /** …and waiting; more are refused with 429 `too_many_requests`. */
  readQueue: number;
  /** Connection attempts (upgrade or stream until the token is checked) per address at once; 0: no limit. `PULSEKIT_MAX_HANDSHAKES`. */
  maxHandshakesPerAddress: number;
}

/** Timings (all in milliseconds); tests shorten them. */
export interface ServerTimings {
  /** SSE comment line (`: ping`) interval. */
  sseHeartbeatMs: number;
  /** WebSocket ping interval; a connection that misses two pongs is closed. */
  wsPingMs: number;
  /** Time a new WebSocket has to send `auth`. */
  wsAuthTimeoutMs: number;
  /**
   * Window of the snapshot throttle: a busy topic gets at most one snapshot per window (100: 10/s).
   * In big rooms the hub stretches it to twice the time the last fan-out took.
   */
  snapshotWindowMs: number;
  /** Individual events per window before a topic counts as busy and is coalesced; 0 turns it off. */
  snapshotBurst: number;
  /** Presence changes are broadcast at most this often per room. */
  presenceMs: number;
  /** How long shutdown waits for in-flight requests before cutting connections. */
  shutdownGraceMs: number;
  /**
   * How long an idle HTTP connection is kept open for the next request. Long enough that a
   * participant's next vote reuses the connection its transport opened, instead of paying a new
   * connection (and, on a busy server, a wait in the accept queue) for every operation.
   */
  keepAliveMs: number;
}

/** Options of `startServer()`. Everything is optional: the defaults are a working dev server. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** HS256 secret for bearer tokens. Without it the server runs in dev mode with a random secret. */
  secret?: string;
  /** Dev mode: enables `POST /v1/dev/token`. Default: true when no secret is given. */
  dev?: boolean;
  /** Directory of the embedded database (SQLite, `<dataDir>/pulsekit.db`). Default ./data. */
  dataDir?: string;
  /** PostgreSQL instead of the embedded database: `postgres://user:pass@host:5432/db`. `DATABASE_URL`. */
  databaseUrl?: string;
  /** Most PostgreSQL connections of this process. Default 10. `PULSEKIT_DB_POOL`. */
  dbPoolSize?: number;
  /**
   * Redis, for several server processes on one PostgreSQL database: events, presence and rate
   * limits are shared through it. `REDIS_URL`.
   */
  redisUrl?: string;
  /** Prefix of Redis keys and channels (deployments sharing one Redis). Default `pulsekit`. `PULSEKIT_REDIS_PREFIX`. */
  redisPrefix?: string;
  /** This process's name among several (logs, presence). Default: host name, pid and a random suffix. `PULSEKIT_INSTANCE`. */
  instance?: string;
  /** Storage to use instead of the embedded one; `close()` closes it. */
  storage?: Storage;
  /** Origins allowed to call the API from a browser on another origin; `*` allows any. */
  cors?: string[];
  /** Topic models besides the poll (and the conformance suite's `note` model in dev mode). */
  models?: TopicModel<any>[];
  /** Serve the `note` test model (docs/transport.md, conformance suite). Default: dev mode. */
  testModels?: boolean;
  /** Limits; see `DEFAULT_LIMITS`. */
  limits?: Partial<ServerLimits>;
  /** Timings; see `DEFAULT_TIMINGS`. */
  timings?: Partial<ServerTimings>;
  /** Lifetime of dev tokens in seconds. Default 12 h. */
  devTokenTtlS?: number;
  /**
   * Behind by more than this many events, a fetch of a topic whose model has `viewState` answers
   * with a per-viewer snapshot instead of history (0: never; default 500). It does too while the
   * topic is being coalesced into snapshots on the streams.
   */
  fetchSnapshotAfter?: number;
  /**
   * When the authority writes a topic's state (a checkpoint; events are always stored at once):
   * after `events` events since the last one, or once it is `ms` old. Default 500 / 2000. Smaller
   * means a faster restart (fewer events to replay per topic), larger means fewer big writes.
   * `PULSEKIT_CHECKPOINT=500/2000`.
   */
  checkpoint?: { events?: number; ms?: number };
  /**
   * Forward the xAPI statements of every accepted event to a learning records store
   * (docs/xapi.md): queued in the storage with their events, sent in batches, retried while the LRS
   * is away. `PULSEKIT_LRS_URL` and the other `PULSEKIT_LRS_*`, `PULSEKIT_XAPI_*` settings.
   */
  lrs?: LrsOptions;
  /** Demo page directory. Default server/public. */
  publicDir?: string;
  /** CDN bundle directory served under /cdn/. Default dist/cdn. */
  cdnDir?: string;
  /** Where log lines go: true (stdout, the default), false (nowhere) or a function. */
  log?: boolean | LogSink;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 64 * 1024,
  maxBatch: 100,
  maxOpBytes: 16 * 1024,
  maxPage: 500,
  ratePerSecond: 20,
  rateBurst: 40,
  maxConnections: 5,
  wsBufferBytes: 1024 * 1024,
  sseBufferBytes: 1024 * 1024,
  catchUpBuffer: 10_000,
  maxReplay: 50_000,
  maxTopicsPerConnection: 256,
  maxTopicsPerRoom: 4096,
  readConcurrency: 4,
  readQueue: 256,
  maxHandshakesPerAddress: 32,
};

export const DEFAULT_TIMINGS: ServerTimings = {
  sseHeartbeatMs: 15_000,
  wsPingMs: 15_000,
  wsAuthTimeoutMs: 10_000,
  snapshotWindowMs: 100,
  snapshotBurst: 2,
  presenceMs: 500,
  shutdownGraceMs: 10_000,
  keepAliveMs: 65_000,
};

export const DEFAULT_PORT = 8787;

function int(env: Record<string, string | undefined>, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(`${name}="${raw}" must be a whole number of at least ${min}.`);
  return n;
}

/** `PULSEKIT_RATE`: `20` (burst twice that), `20/40` (rate/burst), or `0`/`off` (no limit). */
export function parseRate(raw: string): { ratePerSecond: number; rateBurst: number } {
  const v = raw.trim().toLowerCase();
  if (v === '0' || v === 'off' || v === 'none') return { ratePerSecond: 0, rateBurst: 0 };
  const m = /^(\d+(?:\.\d+)?)(?:\s*[/,]\s*(\d+))?$/.exec(v);
  if (!m) throw new ConfigError(`PULSEKIT_RATE="${raw}" must look like 20, 20/40 or off.`);
  const ratePerSecond = Number(m[1]);
  const rateBurst = m[2] !== undefined ? Number(m[2]) : Math.max(1, Math.ceil(ratePerSecond * 2));
  if (ratePerSecond > 0 && rateBurst < 1) throw new ConfigError(`PULSEKIT_RATE="${raw}": the burst must be at least 1.`);
  return { ratePerSecond, rateBurst };
}

/** `PULSEKIT_MAX_TOPICS`: `256/4096` (per connection / per room) or `256` (per connection). */
export function parseMaxTopics(raw: string): { maxTopicsPerConnection: number; maxTopicsPerRoom?: number } {
  const m = /^\s*(\d+)\s*(?:[/,]\s*(\d+)\s*)?$/.exec(raw);
  const perConnection = m ? Number(m[1]) : NaN;
  const perRoom = m?.[2] !== undefined ? Number(m[2]) : undefined;
  if (
    !m ||
    !Number.isSafeInteger(perConnection) ||
    perConnection < 1 ||
    (perRoom !== undefined && (!Number.isSafeInteger(perRoom) || perRoom < perConnection))
  ) {
    throw new ConfigError(
      `PULSEKIT_MAX_TOPICS="${raw}" must look like 256 or 256/4096 (per connection / per room, the room's at least the connection's).`,
    );
  }
  return perRoom === undefined
    ? { maxTopicsPerConnection: perConnection }
    : { maxTopicsPerConnection: perConnection, maxTopicsPerRoom: perRoom };
}

/** `PULSEKIT_CHECKPOINT`: `500/2000` (events / ms) or `500` (events, default interval). */
export function parseCheckpoint(raw: string): { events: number; ms?: number } {
  const m = /^\s*(\d+)\s*(?:[/,]\s*(\d+)\s*)?$/.exec(raw);
  const events = m ? Number(m[1]) : NaN;
  const ms = m?.[2] !== undefined ? Number(m[2]) : undefined;
  if (!m || !Number.isSafeInteger(events) || events < 1 || (ms !== undefined && (!Number.isSafeInteger(ms) || ms < 1))) {
    throw new ConfigError(`PULSEKIT_CHECKPOINT="${raw}" must look like 500 or 500/2000 (events / milliseconds, each at least 1).`);
  }
  return ms === undefined ? { events } : { events, ms };
}

/**
 * Reads the environment: PORT, HOST, PULSEKIT_SECRET, PULSEKIT_DEV, PULSEKIT_DATA_DIR, DATABASE_URL,
 * PULSEKIT_DB_POOL, REDIS_URL, PULSEKIT_REDIS_PREFIX, PULSEKIT_INSTANCE, PULSEKIT_CORS,
 * PULSEKIT_MAX_BODY, PULSEKIT_RATE, PULSEKIT_MAX_CONN, PULSEKIT_MAX_TOPICS, PULSEKIT_MAX_HANDSHAKES,
 * PULSEKIT_CHECKPOINT, and the LRS settings (server/lrs/settings.ts: PULSEKIT_LRS_URL, …). Throws a
 * ConfigError with a readable message.
 */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ServerOptions {
  const options: ServerOptions = {};
  const port = int(env, 'PORT', 0);
  if (port !== undefined) {
    if (port > 65535) throw new ConfigError(`PORT="${env.PORT}" must be at most 65535.`);
    options.port = port;
  }
  if (env.HOST?.trim()) options.host = env.HOST.trim();
  if (env.PULSEKIT_SECRET) {
    if (env.PULSEKIT_SECRET.length < 32) throw new ConfigError('PULSEKIT_SECRET must be at least 32 characters.');
    options.secret = env.PULSEKIT_SECRET;
  }
  if (env.PULSEKIT_DEV !== undefined && env.PULSEKIT_DEV !== '') options.dev = env.PULSEKIT_DEV === '1' || env.PULSEKIT_DEV === 'true';
  if (env.PULSEKIT_DATA_DIR?.trim()) options.dataDir = env.PULSEKIT_DATA_DIR.trim();
  if (env.DATABASE_URL?.trim()) {
    options.databaseUrl = env.DATABASE_URL.trim();
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl))
      throw new ConfigError('DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database.');
  }
  const pool = int(env, 'PULSEKIT_DB_POOL', 1);
  if (pool !== undefined) options.dbPoolSize = pool;
  if (env.REDIS_URL?.trim()) {
    options.redisUrl = env.REDIS_URL.trim();
    if (!/^rediss?:\/\//.test(options.redisUrl))
      throw new ConfigError('REDIS_URL must be a Redis URL: redis://host:6379 (or rediss:// for TLS).');
    if (!options.databaseUrl)
      throw new ConfigError('REDIS_URL runs several server processes on one database: set DATABASE_URL (PostgreSQL) too.');
  }
  if (env.PULSEKIT_REDIS_PREFIX?.trim()) options.redisPrefix = env.PULSEKIT_REDIS_PREFIX.trim();
  if (env.PULSEKIT_INSTANCE?.trim()) options.instance = env.PULSEKIT_INSTANCE.trim();
  if (env.PULSEKIT_CORS?.trim()) {
    options.cors = env.PULSEKIT_CORS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const o of options.cors) {
      if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o))
        throw new ConfigError(`PULSEKIT_CORS entry "${o}" must be an origin like https://a.example (no path) or *.`);
    }
  }
  const limits: Partial<ServerLimits> = {};
  const maxBody = int(env, 'PULSEKIT_MAX_BODY', 1024);
  if (maxBody !== undefined) limits.maxBodyBytes = maxBody;
  if (env.PULSEKIT_RATE?.trim()) Object.assign(limits, parseRate(env.PULSEKIT_RATE));
  const maxConn = int(env, 'PULSEKIT_MAX_CONN', 1);
  if (maxConn !== undefined) limits.maxConnections = maxConn;
  if (env.PULSEKIT_MAX_TOPICS?.trim()) Object.assign(limits, parseMaxTopics(env.PULSEKIT_MAX_TOPICS));
  const handshakes = int(env, 'PULSEKIT_MAX_HANDSHAKES', 0);
  if (handshakes !== undefined) limits.maxHandshakesPerAddress = handshakes;
  if (Object.keys(limits).length > 0) options.limits = limits;
  if (env.PULSEKIT_CHECKPOINT?.trim()) options.checkpoint = parseCheckpoint(env.PULSEKIT_CHECKPOINT);
  const lrs = lrsFromEnv(env);
  if (lrs) options.lrs = lrs;
  return options;
}

export { ConfigError };
