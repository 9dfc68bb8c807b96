/**
 * The authority: decides operations with the shared `authorityStep` and the widgets' own models,
 * one batch at a time per room (a promise queue), so the opId check, `head + 1` and the room cursor
 * cannot race. Every applied event of a batch is stored in one transaction BEFORE the acks are
 * returned and before anything is fanned out.
 *
 * It keeps each touched topic's head and state (and each room's cursor) in memory after the first
 * read; only code running inside the room's queue writes that cache, so it never goes stale.
 */
import { authorityStep, fingerprint, type SeenOp, type StepResult } from '../src/core/authority.js';
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/model.js';
import { isTopic, operationProblem, reject, type Ack, type Actor, type Operation } from '../src/core/wire.js';
import { serverBusy } from './errors.js';
import type { Logger } from './log.js';
import type { RateLimiter } from './rate-limit.js';
import type { AppendEvent, Storage, TopicHead } from './storage/types.js';

/** An applied event with its room cursor and the topic state right after it. */
export interface Committed {
  cursor: number;
  event: StoredEvent;
  state: unknown;
}

export interface SubmitResult {
  acks: Ack[];
  /** Seconds until the sender may send again, when some op was refused `rate_limited`. */
  retryAfterS?: number;
}

interface RoomCache {
  cursor: number;
  topics: Map<string, TopicHead>;
  usedAt: number;
}

export interface AuthorityOptions {
  storage: Storage;
  models: ReadonlyMap<string, TopicModel<any>>;
  maxOpBytes: number;
  rate: RateLimiter;
  log: Logger;
  /** Called after each durable batch, in cursor order, before the acks are returned. */
  onCommit(room: string, committed: Committed[]): void;
}

const ROOM_IDLE_MS = 10 * 60_000;

export class Authority {
  #queues = new Map<string, Promise<unknown>>();
  #rooms = new Map<string, RoomCache>();
  #sweepAt = 0;

  constructor(private readonly o: AuthorityOptions) {}

  /** Decides and stores a batch (already checked to be an array within maxBatch); one ack per op, in order. */
  submit(room: string, actor: Actor, ops: unknown[]): Promise<SubmitResult> {
    return this.#enqueue(room, () => this.#apply(room, actor, ops));
  }

  /** Head and state of a topic (head 0, state undefined when it has no events). Read-only. */
  async head(room: string, topic: string): Promise<TopicHead> {
    const cached = this.#rooms.get(room)?.topics.get(topic);
    if (cached) return cached;
    return (await this.o.storage.topicHead(room, topic)) ?? { head: 0, state: undefined };
  }

  /** Highest room cursor. Read-only. */
  async roomCursor(room: string): Promise<number> {
    const cached = this.#rooms.get(room);
    return cached ? cached.cursor : this.o.storage.roomCursor(room);
  }

  /** Resolves once no batch is running or queued. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  #enqueue<T>(room: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#queues.get(room) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => {},
      () => {},
    );
    this.#queues.set(room, tail);
    void tail.then(() => {
      if (this.#queues.get(room) === tail) this.#queues.delete(room);
    });
    return run;
  }

  async #roomCache(room: string): Promise<RoomCache> {
    const now = Date.now();
    if (now > this.#sweepAt) {
      this.#sweepAt = now + 60_000;
      for (const [r, c] of this.#rooms) if (now - c.usedAt > ROOM_IDLE_MS && !this.#queues.has(r)) this.#rooms.delete(r);
    }
    let cache = this.#rooms.get(room);
    if (!cache) {
      cache = { cursor: await this.o.storage.roomCursor(room), topics: new Map(), usedAt: now };
      this.#rooms.set(room, cache);
    }
    cache.usedAt = now;
    return cache;
  }

  async #apply(room: string, actor: Actor, ops: unknown[]): Promise<SubmitResult> {
    const { storage, models, rate, log } = this.o;
    const cache = await this.#roomCache(room);
    const opIds = [...new Set(ops.map((op) => (op as Operation | null)?.opId).filter((id): id is string => typeof id === 'string'))];
    let stored: Map<string, SeenOp>;
    try {
      stored = await storage.findOps(room, opIds);
    } catch (err) {
      log.error('storage.read_failed', { room, err: err as Error });
      throw serverBusy('Storage is unavailable; try again shortly.');
    }
    const seenInBatch = new Map<string, SeenOp>();
    const touched = new Map<string, TopicHead>();
    const events: AppendEvent[] = [];
    const committed: Committed[] = [];
    const acks: Ack[] = [];
    const rateKey = `${room}\u0000${actor.id}`;
    let limited = false;
    let cursor = cache.cursor;

    for (const raw of ops) {
      const op = raw as Operation;
      const opId = typeof op?.opId === 'string' ? op.opId : '';
      const seen = seenInBatch.get(opId) ?? stored.get(opId);
      // Retries of applied ops are free; everything else spends a token.
      if (!seen && operationProblem(op) === null && !rate.take(rateKey)) {
        limited = true;
        acks.push({ opId, topic: op.topic, status: 'rejected', error: reject('rate_limited', 'Too many operations per second; retry shortly.', true) });
        continue;
      }
      let topic: TopicHead | undefined;
      if (!seen && isTopic(op?.topic) && models.has(kindOf(op.topic))) {
        topic = touched.get(op.topic) ?? cache.topics.get(op.topic);
        if (!topic) {
          try {
            topic = (await storage.topicHead(room, op.topic)) ?? { head: 0, state: undefined };
          } catch (err) {
            log.error('storage.read_failed', { room, err: err as Error });
            throw serverBusy('Storage is unavailable; try again shortly.');
          }
          cache.topics.set(op.topic, topic);
        }
      }
      let step: StepResult<unknown>;
      try {
        step = authorityStep(models, op, actor, seen, topic?.state, topic?.head ?? 0, Date.now(), this.o.maxOpBytes);
      } catch (err) {
        // A model whose evolve() throws rejects only its own op.
        acks.push({ opId, topic: String(op?.topic ?? ''), status: 'rejected', error: reject('model_error', `The topic model failed: ${(err as Error).message}`) });
        continue;
      }
      if (step.event) {
        cursor += 1;
        const fp = fingerprint(op);
        events.push({ cursor, event: step.event, fp });
        committed.push({ cursor, event: step.event, state: step.state });
        touched.set(step.event.topic, { head: step.event.seq, state: step.state });
        seenInBatch.set(opId, { seq: step.event.seq, topic: step.event.topic, fp });
      }
      acks.push(step.ack);
    }

    if (events.length > 0) {
      try {
        await storage.append(room, { events, topics: touched, cursor });
      } catch (err) {
        // Nothing of the batch is stored and the cache was not touched: the client retries it.
        log.error('storage.write_failed', { room, events: events.length, err: err as Error });
        throw serverBusy('Storage is unavailable; nothing was applied. Try again shortly.');
      }
      for (const [t, head] of touched) cache.topics.set(t, head);
      cache.cursor = cursor;
      try {
        this.o.onCommit(room, committed);
      } catch (err) {
        log.error('fanout.failed', { room, err: err as Error });
      }
    }
    return limited ? { acks, retryAfterS: rate.retryAfterS(rateKey) } : { acks };
  }
}
