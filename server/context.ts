/**
 * Everything a request handler or a stream needs, built once by `startServer()`.
 */
import type { TopicModel } from '../src/core/protocol/model.js';
import type { TransportLimits } from '../src/core/protocol/transport.js';
import type { Auth } from './auth.js';
import type { Authority } from './authority.js';
import type { RedisCluster } from './cluster/redis-cluster.js';
import type { ServerLimits, ServerTimings } from './config.js';
import type { HandshakeGate } from './handshake-gate.js';
import type { Hub } from './hub.js';
import type { Logger } from './log.js';
import type { Forwarder } from './lrs/forwarder.js';
import type { PresenceTracker } from './presence.js';
import type { ReadGate } from './read-gate.js';
import type { ReaderOptions } from './reader.js';
import type { Storage } from './storage/types.js';
import type { TopicQuota } from './topic-quota.js';

/** An open SSE or WebSocket stream, so shutdown can end it. */
export interface OpenStream {
  /** Ends the stream because the server is going away (WebSocket close code 1001). */
  shutdown(): void;
}

/** Counts work in progress so shutdown can wait for it. */
export class InFlight {
  #n = 0;
  #waiters: (() => void)[] = [];

  get count(): number {
    return this.#n;
  }

  enter(): () => void {
    this.#n += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#n -= 1;
      if (this.#n === 0) for (const w of this.#waiters.splice(0)) w();
    };
  }

  /** Resolves when nothing is in flight (true) or after `ms` (false). */
  idle(ms: number): Promise<boolean> {
    if (this.#n === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

export interface ServerContext {
  dev: boolean;
  limits: ServerLimits;
  timings: ServerTimings;
  /** What `GET /v1/limits` and the WebSocket `ready` message announce. */
  transportLimits: TransportLimits & Record<string, number>;
  auth: Auth;
  authority: Authority;
  hub: Hub;
  presence: PresenceTracker;
  storage: Storage;
  /** Delivery of xAPI statements to the LRS (null: no LRS configured). */
  lrs: Forwarder | null;
  /** Several server processes share rooms through Redis (null: this process alone). */
  cluster: RedisCluster | null;
  models: ReadonlyMap<string, TopicModel<any>>;
  reader: ReaderOptions;
  /** Storage reads per participant and room (limits.readConcurrency / readQueue). */
  reads: ReadGate;
  /** Topics followed by name per room (limits.maxTopicsPerRoom). */
  topics: TopicQuota;
  /** Connection attempts per address (limits.maxHandshakesPerAddress). */
  handshakes: HandshakeGate;
  log: Logger;
  cors: readonly string[];
  publicDir: string;
  cdnDir: string;
  startedAt: number;
  /** True once shutdown began: new requests get 503 `server_busy`. */
  closing: boolean;
  /** Requests and WebSocket `send`s in progress. */
  inflight: InFlight;
  streams: Set<OpenStream>;
}
