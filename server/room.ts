/**
 * One room in the authority's memory (server/authority.ts): the room cursor, each cached topic's
 * head and state **as of that cursor** (every event up to it folded in, nothing after it), the
 * topics whose state is past their stored checkpoint, and the queues the room's loop works through.
 * Only that loop calls the methods that change the cache.
 */
import { foldEach, kindOf, type StoredEvent, type TopicModel } from '../src/core/protocol/model.js';
import type { EventEnvelope } from '../src/core/protocol/wire.js';
import type { Committed } from './authority.js';
import type { GroupOutcome } from './decide.js';
import type { Pending } from './isolate.js';
import type { Logger } from './log.js';
import type { Storage, TailRow, TopicHead } from './storage/types.js';

export interface TopicCache {
  head: number;
  state: unknown;
  /** Head of the stored checkpoint, and when this process last knew it current. */
  saved: number;
  savedAt: number;
}

/** A read queued in the room's loop. */
export interface Task {
  run(): Promise<void>;
  fail(err: unknown): void;
}

export interface RoomDeps {
  storage: Storage;
  models: ReadonlyMap<string, TopicModel<any>>;
  log: Logger;
  /** A topic's state got ahead of its checkpoint outside a group (a load replayed a tail). */
  onDirty(room: Room): void;
}

const REPLAY_PAGE = 1000;

export class Room {
  /** Highest room cursor folded into this cache and published here; -1 until read. */
  cursor = -1;
  topics = new Map<string, TopicCache>();
  /** Every topic of the room is cached (needed to publish other processes' events with their state). */
  full = false;
  /** Topics whose head is past their checkpoint. */
  dirty = new Set<string>();
  usedAt = Date.now();
  pending: Pending[] = [];
  /** Events other processes stored, announced by the cluster, not folded yet. */
  inbox: TailRow[] = [];
  /** Reads to run in the loop (topic loads, waiting for the cursor). */
  tasks: Task[] = [];
  catchUpDue = false;
  /** The running loop, if any. */
  running: Promise<void> | null = null;
  checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  checkpointDue = false;

  constructor(
    readonly name: string,
    private readonly d: RoomDeps,
  ) {}

  /**
   * Reads a topic as of the room cursor: its last checkpoint (when it is not past the cursor), then
   * every later event up to the cursor folded in with the topic's model.
   */
  async load(topic: string): Promise<TopicCache> {
    const { storage, models, log } = this.d;
    const t0 = Date.now();
    const at = this.cursor;
    const cp = await storage.checkpoint(this.name, topic);
    const base = cp && cp.cursor <= at ? cp : null;
    const model = models.get(kindOf(topic));
    let head = base?.head ?? 0;
    // Every page is read before folding: one fold of the whole replay copies what it changes once
    // (decisions §64), where a fold per page would copy the thread's buckets again for each page.
    const replay: StoredEvent[] = [];
    for (;;) {
      const rows = await storage.readTopic(this.name, topic, head, Number.MAX_SAFE_INTEGER, REPLAY_PAGE, at);
      for (const { event } of rows) {
        if (event.seq !== head + 1) throw new Error(`${topic} has a gap in its events: seq ${event.seq} after ${head}`);
        replay.push(event);
        head = event.seq;
      }
      if (rows.length < REPLAY_PAGE) break;
    }
    const state = this.#replay(model, base?.state, replay);
    const replayed = replay.length;
    if (replayed > 0)
      log.info('authority.topic_loaded', { room: this.name, topic, checkpoint: base?.head ?? 0, replayed, ms: Date.now() - t0 });
    return { head, state, saved: cp?.head ?? 0, savedAt: Date.now() };
  }

  /**
   * Loads a topic unless it is cached; returns its cache entry. A topic without events is kept only
   * when `keepEmpty` (a write needs it): reads of made-up topics must not grow memory (issue #17).
   */
  async ensure(topic: string, keepEmpty = true): Promise<TopicCache> {
    const cached = this.topics.get(topic);
    if (cached) return cached;
    const loaded = await this.load(topic);
    if (loaded.head === 0 && !keepEmpty) return loaded;
    this.topics.set(topic, loaded);
    if (loaded.head > loaded.saved) {
      // Replayed a tail: the next load should not have to.
      this.dirty.add(topic);
      this.d.onDirty(this);
    }
    return loaded;
  }

  /** Loads every topic of the room (as of the cursor). */
  async loadAll(): Promise<void> {
    for (const topic of await this.d.storage.roomTopics(this.name)) await this.ensure(topic);
    this.full = true;
  }

  /**
   * Folds events other processes stored (ascending, starting at most at `cursor + 1`) into the
   * cache and returns them with their states, for publishing. Synchronous: it also runs inside a
   * write transaction.
   */
  learn(rows: readonly TailRow[]): Committed[] {
    const out: Committed[] = [];
    for (const row of rows) {
      if (row.cursor <= this.cursor) continue;
      if (row.cursor !== this.cursor + 1) throw new Error(`${this.name}: cursor ${row.cursor} after ${this.cursor}`);
      this.cursor = row.cursor;
      const { event } = row;
      let c = this.topics.get(event.topic);
      if (!c && (event.seq === 1 || !this.full)) {
        if (event.seq !== 1) continue; // nobody here follows the room: nothing to publish or keep
        c = { head: 0, state: undefined, saved: 0, savedAt: Date.now() };
        this.topics.set(event.topic, c);
      }
      if (!c || event.seq !== c.head + 1) {
        // Cannot happen while the cache is the state as of the cursor; if it does, read it all again.
        this.d.log.error('authority.cache_gap', { room: this.name, topic: event.topic, seq: event.seq, head: c?.head ?? null });
        this.topics.delete(event.topic);
        this.dirty.delete(event.topic);
        this.full = false;
        continue;
      }
      c.state = this.#fold(this.d.models.get(kindOf(event.topic)), c.state, event);
      c.head = event.seq;
      out.push({ cursor: row.cursor, event, state: c.state, fp: row.fp });
    }
    return out;
  }

  /** Checkpoints to write with a group: topics `events` events or `ms` past their last one. */
  dueCheckpoints(touched: ReadonlyMap<string, TopicHead>, now: number, events: number, ms: number): Map<string, TopicHead> {
    const due = new Map<string, TopicHead>();
    for (const [t, h] of touched) {
      const c = this.topics.get(t)!;
      if (h.head - c.saved >= events || now - c.savedAt >= ms) due.set(t, h);
    }
    return due;
  }

  /** After a group's commit: its states become the cache. */
  install(outcome: GroupOutcome, checkpoints: ReadonlyMap<string, TopicHead>, now: number): void {
    for (const [t, h] of outcome.touched) {
      const c = this.topics.get(t)!;
      c.head = h.head;
      c.state = h.state;
      if (checkpoints.has(t)) {
        c.saved = h.head;
        c.savedAt = now;
        this.dirty.delete(t);
      } else {
        this.dirty.add(t);
      }
    }
    if (outcome.committed.length > 0) this.cursor = outcome.committed[outcome.committed.length - 1]!.cursor;
  }

  /** The checkpoints due now (every dirty topic); `dirty` is cleared until `checkpointed()`. */
  takeCheckpoints(): Map<string, TopicHead> {
    const checkpoints = new Map<string, TopicHead>();
    for (const t of this.dirty) {
      const c = this.topics.get(t);
      if (c && c.head > c.saved) checkpoints.set(t, { head: c.head, state: c.state });
    }
    this.dirty.clear();
    return checkpoints;
  }

  /** After `takeCheckpoints()`: stored (true) or to be tried again later (false). */
  checkpointed(checkpoints: ReadonlyMap<string, TopicHead>, stored: boolean): void {
    const now = Date.now();
    for (const [t, h] of checkpoints) {
      const c = this.topics.get(t);
      if (!c) continue;
      if (stored && c.saved < h.head) {
        c.saved = h.head;
        c.savedAt = now;
      }
      if (c.head > c.saved) this.dirty.add(t); // failed, or moved on while it was written
    }
  }

  #fold(model: TopicModel<any> | undefined, state: unknown, event: StoredEvent): unknown {
    if (!model) return state;
    try {
      return model.evolve(state ?? model.initial(), event);
    } catch (err) {
      this.#foldFailed(err, event);
      return state;
    }
  }

  /** A topic's replay in one model fold; an event the model throws on is skipped and logged. */
  #replay(model: TopicModel<any> | undefined, state: unknown, events: StoredEvent[]): unknown {
    if (!model || events.length === 0) return state;
    return foldEach(model, state ?? model.initial(), events, (err, event) => this.#foldFailed(err, event));
  }

  #foldFailed(err: unknown, event: EventEnvelope): void {
    // Stored events were all folded once by the same model; a throw here means the model changed.
    this.d.log.error('authority.replay_failed', { room: this.name, topic: event.topic, seq: event.seq, err: err as Error });
  }
}
