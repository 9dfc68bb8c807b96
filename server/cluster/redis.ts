/**
 * Redis connections for running several server processes (`REDIS_URL`). Two per process: one for
 * commands, which fails fast while Redis is away (nothing queues up: what it carries is either
 * repaired from the database later or has a local fallback), and one that only subscribes, which
 * reconnects for ever and subscribes again by itself.
 */
import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/** Waits up to `ms` for `redis` to be ready; throws a readable error otherwise. */
export async function ready(redis: Redis, url: string, ms: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`REDIS_URL: no answer from ${redacted(url)} within ${ms / 1000} s.`));
    }, ms);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** The URL without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an invalid URL)';
  }
}

const retryStrategy = (times: number) => Math.min(100 * times, 2000);

/** The command connection: commands fail at once while disconnected. */
export function commandConnection(url: string): Redis {
  // A hung Redis must not hold up a room's decisions (rate limits fall back to local buckets).
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    retryStrategy,
    connectionName: 'pulsekit-commands',
  });
}

/** The subscriber connection: SUBSCRIBE waits for the connection, and is repeated after a reconnect. */
export function subscriberConnection(url: string): Redis {
  return new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null, retryStrategy, connectionName: 'pulsekit-events' });
}
