/**
 * Rate limits shared by every server process: the same token buckets as rate-limit.ts, kept in
 * Redis and updated by one Lua script per group (atomic, with Redis's clock, so processes on hosts
 * whose clocks differ still agree). While Redis is away each process falls back to its own
 * buckets: a participant may then get up to that many times the rate, never less.
 */
import type { Logger } from '../log.js';
import { RateLimiter, type RateGate, type RateGrants } from '../rate-limit.js';
import type { Redis } from './redis.js';

// KEYS: bucket keys; ARGV: rate, burst, then the tokens wanted per key. Returns, per key,
// {granted, tokens left as a string} (Lua numbers would be truncated to integers).
const SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = math.ceil(burst / rate * 1000) + 1000
local out = {}
for i, key in ipairs(KEYS) do
  local want = tonumber(ARGV[i + 2])
  local b = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(b[1]) or burst
  local at = tonumber(b[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
  local give = math.min(want, math.floor(tokens))
  tokens = tokens - give
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, ttl)
  out[i] = {give, tostring(tokens)}
end
return out
`;

export class RedisRateGate implements RateGate {
  readonly #local: RateLimiter;
  #warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly rate: number,
    private readonly burst: number,
    private readonly log: Logger,
    private readonly prefix = 'pulsekit',
  ) {
    this.#local = new RateLimiter(rate, burst);
    redis.defineCommand('pulsekitTake', { lua: SCRIPT });
  }

  async reserve(wanted: ReadonlyMap<string, number>): Promise<RateGrants> {
    if (this.rate <= 0) return this.#local.reserveNow(wanted);
    const keys = [...wanted.keys()];
    if (keys.length === 0) return { enabled: true, granted: new Map(), retryAfterS: () => 1 };
    let answer: [number, string][];
    try {
      const take = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<[number, string][]>>).pulsekitTake!;
      answer = await take.call(
        this.redis,
        keys.length,
        ...keys.map((k) => `${this.prefix}:rate:${k}`),
        this.rate,
        this.burst,
        ...keys.map((k) => wanted.get(k)),
      );
      this.#warned = false;
    } catch (err) {
      if (!this.#warned)
        this.log.warn('cluster.rate_local', {
          note: 'Redis is unavailable: rate limits are per instance until it is back',
          err: err as Error,
        });
      this.#warned = true;
      return this.#local.reserveNow(wanted);
    }
    const granted = new Map<string, number>();
    const left = new Map<string, number>();
    keys.forEach((k, i) => {
      granted.set(k, Number(answer[i]![0]));
      left.set(k, Number(answer[i]![1]));
    });
    return {
      enabled: true,
      granted,
      retryAfterS: (key) => Math.max(1, Math.ceil((1 - (left.get(key) ?? 0)) / this.rate)),
    };
  }
}
