/**
 * The Pulsekit reference server. `startServer(options)` builds everything and listens; it reads no
 * environment variables (server/main.ts does that) and installs no signal handlers, so tests can
 * run several in one process on port 0.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WIDGET_MODELS } from './models.js';
import { modelMap } from '../src/core/protocol/authority.js';
import type { TopicModel } from '../src/core/protocol/model.js';
import { noteModel } from '../src/testing/test-model.js';
import { createAuth, type Auth } from './auth.js';
import { Authority } from './authority.js';
import { RedisCluster } from './cluster/redis-cluster.js';
import { RedisRateGate } from './cluster/redis-rate.js';
import { ConfigError, DEFAULT_LIMITS, DEFAULT_PORT, DEFAULT_TIMINGS, type ServerOptions } from './config.js';
import { InFlight, type ServerContext } from './context.js';
import { createRequestHandler, createUpgradeHandler } from './http/app.js';
import { HandshakeGate } from './handshake-gate.js';
import { Hub } from './hub.js';
import { createLogger } from './log.js';
import { createDelivery } from './lrs/delivery.js';
import { checkLrsOptions } from './lrs/settings.js';
import { PresenceTracker } from './presence.js';
import { RateLimiter } from './rate-limit.js';
import { ReadGate } from './read-gate.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/types.js';
import { TopicQuota } from './topic-quota.js';
import { createWsEndpoint } from './ws.js';

export type { ServerOptions, ServerLimits, ServerTimings } from './config.js';
export { configFromEnv, DEFAULT_LIMITS, DEFAULT_TIMINGS } from './config.js';
export type { Storage } from './storage/types.js';
export { openSqliteStorage, SqliteStorage } from './storage/sqlite.js';
export { openPostgresStorage } from './storage/postgres.js';
export { SqlStorage, type SqlDriver } from './storage/sql.js';

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787` (the API is under `${url}/v1`). */
  readonly url: string;
  readonly port: number;
  /** True when `POST /v1/dev/token` exists. */
  readonly dev: boolean;
  /** Signs tokens with the server's key (tests, tools). */
  readonly auth: Auth;
  readonly storage: Storage;
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (up to `shutdownGraceMs`),
   * close streams (WebSocket 1001), wait for the authority, close storage. Safe to call twice;
   * every call returns the same promise.
   */
  close(): Promise<void>;
}

/** At shutdown, a request to the LRS in flight may finish within this time; then it is cut (its statements stay queued). */
const LRS_CLOSE_GRACE_MS = 5000;

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
/** The first of these folders that exists (a checkout has dist/cdn beside server/, the package has it in dist/). */
const firstDir = (...rels: string[]) => rels.map(here).find((d) => existsSync(d)) ?? here(rels[0]!);

function urlFor(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dev = options.dev ?? !options.secret;
  if (!dev && !options.secret) throw new ConfigError('Production mode needs PULSEKIT_SECRET (or run with PULSEKIT_DEV=1).');
  if (options.lrs) checkLrsOptions(options.lrs);
  const log = createLogger(options.log ?? true);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const models = modelMap([
    ...WIDGET_MODELS,
    ...((options.testModels ?? dev) ? [noteModel] : []),
    ...(options.models ?? []),
  ] as TopicModel<any>[]);
  const dataDir = options.dataDir ?? './data';
  const storage = options.storage ?? (await openStorage({ dataDir, databaseUrl: options.databaseUrl, poolSize: options.dbPoolSize, log }));
  let cluster: RedisCluster | null = null;
  if (options.redisUrl) {
    try {
      if (!storage.shared)
        throw new ConfigError('REDIS_URL runs several server processes on one database: set DATABASE_URL (PostgreSQL) too.');
      cluster = await RedisCluster.connect({
        url: options.redisUrl,
        instance: options.instance ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`,
        prefix: options.redisPrefix,
        log,
      });
    } catch (err) {
      await storage.close().catch(() => {});
      throw err;
    }
  }

  const delivery = options.lrs ? createDelivery(options.lrs, storage, log) : null;
  const hub = new Hub({ models, windowMs: timings.snapshotWindowMs, burst: timings.snapshotBurst, log });
  let presence: PresenceTracker | null = null;
  const authority = new Authority({
    storage,
    models,
    maxOpBytes: limits.maxOpBytes,
    rate: cluster
      ? new RedisRateGate(cluster.commands, limits.ratePerSecond, limits.rateBurst, log, options.redisPrefix)
      : new RateLimiter(limits.ratePerSecond, limits.rateBurst),
    log,
    onCommit: (room, committed, origin) => {
      hub.publish(room, committed);
      if (origin === 'local') {
        cluster?.publish(room, committed);
        delivery?.forwarder.wake();
      }
    },
    onRoomOpen: (room) => cluster?.watch(room),
    onRoomClose: (room) => cluster?.unwatch(room),
    inUse: (room) => presence?.has(room) ?? false,
    present: (room) => presence?.participants(room) ?? null,
    checkpointEvents: options.checkpoint?.events,
    checkpointMs: options.checkpoint?.ms,
    statementsOf: delivery?.statementsOf,
  });
  presence = new PresenceTracker(hub, timings.presenceMs, {
    onOpen: (room) => authority.touch(room),
    share: cluster ? (room, people) => cluster!.sharePresence(room, people) : undefined,
  });
  cluster?.attach(authority, presence);
  const ctx: ServerContext = {
    dev,
    limits,
    timings,
    transportLimits: {
      maxBatch: limits.maxBatch,
      maxPage: limits.maxPage,
      maxOpBytes: limits.maxOpBytes,
      maxBodyBytes: limits.maxBodyBytes,
      ratePerSecond: limits.ratePerSecond,
      rateBurst: limits.rateBurst,
      maxConnections: limits.maxConnections,
      maxTopicsPerConnection: limits.maxTopicsPerConnection,
    },
    auth: createAuth({ secret: options.secret, dev, ttlS: options.devTokenTtlS ?? 12 * 3600 }),
    authority,
    hub,
    presence,
    storage,
    cluster,
    lrs: delivery?.forwarder ?? null,
    models,
    reader: { authority, storage, models, snapshotAfter: options.fetchSnapshotAfter ?? 500, busy: (room, topic) => hub.busy(room, topic) },
    reads: new ReadGate(limits.readConcurrency, limits.readQueue),
    topics: new TopicQuota(limits.maxTopicsPerRoom),
    handshakes: new HandshakeGate(limits.maxHandshakesPerAddress),
    log,
    cors: options.cors ?? [],
    publicDir: options.publicDir ?? here('./public'),
    cdnDir: options.cdnDir ?? firstDir('../dist/cdn', '../cdn'),
    startedAt: Date.now(),
    closing: false,
    inflight: new InFlight(),
    streams: new Set(),
  };

  const ws = createWsEndpoint(ctx);
  const server = createServer(createRequestHandler(ctx));
  server.keepAliveTimeout = timings.keepAliveMs;
  server.headersTimeout = timings.keepAliveMs + 1000; // must exceed keepAliveTimeout
  server.on('upgrade', createUpgradeHandler(ctx, ws.upgrade));
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await cluster?.close().catch(() => {});
    await storage.close().catch(() => {});
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const url = urlFor(host, port);
  log.info('server.listening', {
    url,
    dev,
    storage: storage.kind,
    dataDir: options.storage || options.databaseUrl ? undefined : dataDir,
    cluster: cluster?.status(),
    models: [...models.keys()],
    cors: ctx.cors,
    limits: ctx.transportLimits,
  });
  delivery?.start(url);
  if (dev) log.warn('server.dev_mode', { note: 'POST /v1/dev/token hands out tokens to anyone; set PULSEKIT_SECRET for production.' });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const t0 = Date.now();
      ctx.closing = true;
      log.info('server.shutdown', { inflight: ctx.inflight.count, streams: ctx.streams.size });
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await ctx.inflight.idle(timings.shutdownGraceMs);
      for (const s of [...ctx.streams]) s.shutdown();
      await authority.close(); // the last groups, then every pending checkpoint
      await delivery?.forwarder.close(LRS_CLOSE_GRACE_MS); // what stays queued goes out after the restart
      hub.close();
      ctx.presence.close();
      ws.close();
      setImmediate(() => server.closeIdleConnections());
      const force = setTimeout(() => server.closeAllConnections(), 250);
      await serverClosed;
      clearTimeout(force);
      await cluster?.close().catch((err: Error) => log.warn('cluster.close_failed', { err }));
      await storage.close();
      log.info('server.closed', { ms: Date.now() - t0, drained });
    })();
    return closing;
  };

  return { url, port, dev, auth: ctx.auth, storage, close };
}
