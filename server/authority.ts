/**
 * The authority: decides operations with the shared `authorityStep` and the widgets' own models,
 * and stores them with **group commit** (docs/decisions.md, 15). Per room, one group at a time:
 * every batch submitted while the previous group was being stored (or within the same turn of the
 * event loop) joins the next group, which is decided in arrival order and stored in ONE transaction.
 * Only after that commit are the group's events fanned out and its acks returned, so an ack still
 * means "durably stored". The opId check, `head + 1` and the room cursor cannot race: only the
 * room's single running group decides and writes.
 *
 * Events are append-only. A topic's state is written as a checkpoint only every `checkpointEvents`
 * events or `checkpointMs` (piggybacked on a group's transaction, or by a timer once the topic is
 * quiet) and at `close()`. Loading a topic = its last checkpoint + the later events folded with the
 * same pure model (`evolve`), which is also how a restart after SIGKILL recovers.
 *
 * It keeps each touched topic's head and state (and each room's cursor) in memory after the first
 * read; the cache is written only by the room's running group, after its commit (a reader may fill
 * in a topic nobody has cached yet), so it never goes stale.
 */
import { authorityStep, fingerprint, type SeenOp, type StepResult } from '../src/core/authority.js';
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/model.js';
import { operationProblem, reject, type Ack, type Actor, type Operation } from '../src/core/wire.js';
import { isolateFailure, rejectedAck, type Pending } from './isolate.js';
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

export interface AuthorityOptions {
  storage: Storage;
  models: ReadonlyMap<string, TopicModel<any>>;
  maxOpBytes: number;
  rate: RateLimiter;
  log: Logger;
  /** Called after each durable group, in cursor order, before the acks are returned. */
  onCommit(room: string, committed: Committed[]): void;
  /** Checkpoint a topic once this many events were stored since its last checkpoint. Default 500. */
  checkpointEvents?: number;
  /** ... or once its last checkpoint is this old (ms); a quiet topic is checkpointed this long after its last event. Default 2000. */
  checkpointMs?: number;
  /** Most operations decided and stored in one transaction. Default 2000. */
  maxGroupOps?: number;
}

export const DEFAULT_CHECKPOINT_EVENTS = 500;
export const DEFAULT_CHECKPOINT_MS = 2000;
const DEFAULT_MAX_GROUP_OPS = 2000;
const ROOM_IDLE_MS = 10 * 60_000;
const REPLAY_PAGE = 1000;

interface TopicCache {
  head: number;
  state: unknown;
  /** Head of the stored checkpoint, and when this process last knew it current. */
  saved: number;
  savedAt: number;
}


interface Room {
  name: string;
  /** Highest stored room cursor; -1 until read. */
  cursor: number;
  topics: Map<string, TopicCache>;
  /** Topics whose head is past their checkpoint. */
  dirty: Set<string>;
  usedAt: number;
  pending: Pending[];
  /** The running group loop, if any. */
  running: Promise<void> | null;
  checkpointTimer: ReturnType<typeof setTimeout> | null;
  checkpointDue: boolean;
}

/** Lets the event loop read whatever arrived on the sockets before the next group is cut. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Authority {
  #rooms = new Map<string, Room>();
  #loading = new Map<string, Promise<TopicCache>>();
  /** Operations that spent a rate-limit token (a failed group stored again must not charge twice). */
  #charged = new WeakSet<object>();
  #sweepAt = 0;
  readonly #checkpointEvents: number;
  readonly #checkpointMs: number;
  readonly #maxGroupOps: number;

  constructor(private readonly o: AuthorityOptions) {
    this.#checkpointEvents = Math.max(1, o.checkpointEvents ?? DEFAULT_CHECKPOINT_EVENTS);
    this.#checkpointMs = Math.max(1, o.checkpointMs ?? DEFAULT_CHECKPOINT_MS);
    this.#maxGroupOps = Math.max(1, o.maxGroupOps ?? DEFAULT_MAX_GROUP_OPS);
  }

  /** Decides and stores a batch (already checked to be an array within maxBatch); one ack per op, in order. */
  submit(room: string, actor: Actor, ops: unknown[]): Promise<SubmitResult> {
    // Malformed operations are refused here, before they join a group that other people's batches
    // share: what the database would choke on (a NUL in an opId) never reaches it (issue #17).
    const early = ops.map((op) => {
      const problem = operationProblem(op);
      return problem === null ? null : rejectedAck(op, reject('bad_operation', problem));
    });
    if (early.every((a) => a !== null)) return Promise.resolve({ acks: early as Ack[] });
    const r = this.#room(room);
    return new Promise<SubmitResult>((resolve, reject) => {
      r.pending.push({ actor, ops, early, resolve, reject });
      this.#kick(r);
    });
  }

  /** Head and state of a topic (head 0, state undefined when it has no events). Read-only. */
  async head(room: string, topic: string): Promise<TopicHead> {
    const cached = this.#rooms.get(room)?.topics.get(topic);
    if (cached) return { head: cached.head, state: cached.state };
    const key = `${room}\u0000${topic}`;
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#load(room, topic).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    const loaded = await loading;
    // Fill the cache only if the room's group has not cached (and maybe advanced) the topic meanwhile,
    // and only with a real topic: reads of made-up topics must not grow memory (issue #17).
    const r = this.#rooms.get(room);
    const now = r?.topics.get(topic);
    if (now) return { head: now.head, state: now.state };
    if (loaded.head > 0) this.#cacheLoaded(this.#room(room), topic, { ...loaded });
    return { head: loaded.head, state: loaded.state };
  }

  /** Highest room cursor. Read-only. */
  async roomCursor(room: string): Promise<number> {
    const r = this.#rooms.get(room);
    return r && r.cursor >= 0 ? r.cursor : this.o.storage.roomCursor(room);
  }

  /** Resolves once no group is running or waiting. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#rooms.values()].map((r) => r.running).filter((p): p is Promise<void> => p !== null);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /** Waits for the running groups, then writes every topic's pending checkpoint. For shutdown. */
  async close(): Promise<void> {
    await this.idle();
    for (const r of this.#rooms.values()) {
      if (r.checkpointTimer) clearTimeout(r.checkpointTimer);
      r.checkpointTimer = null;
      if (r.dirty.size > 0) {
        r.checkpointDue = true;
        this.#kick(r);
      }
    }
    await this.idle();
    for (const r of this.#rooms.values()) if (r.checkpointTimer) clearTimeout(r.checkpointTimer);
  }

  // ---------------------------------------------------------------------------------------------

  #room(name: string): Room {
    const now = Date.now();
    if (now > this.#sweepAt) {
      this.#sweepAt = now + 60_000;
      for (const [n, r] of this.#rooms) {
        if (now - r.usedAt > ROOM_IDLE_MS && !r.running && r.pending.length === 0 && r.dirty.size === 0 && !r.checkpointTimer) this.#rooms.delete(n);
      }
    }
    let r = this.#rooms.get(name);
    if (!r) {
      r = { name, cursor: -1, topics: new Map(), dirty: new Set(), usedAt: now, pending: [], running: null, checkpointTimer: null, checkpointDue: false };
      this.#rooms.set(name, r);
    }
    r.usedAt = now;
    return r;
  }

  #kick(r: Room): void {
    r.running ??= this.#run(r);
  }

  /** The room's group loop: runs while batches are waiting (or checkpoints are due). */
  async #run(r: Room): Promise<void> {
    try {
      await nextTurn(); // everything read in this turn joins the first group
      for (;;) {
        if (r.pending.length > 0) {
          await this.#commitGroup(r, this.#cutGroup(r));
          await nextTurn(); // batches that arrived during the commit form the next group
        } else if (r.checkpointDue) {
          r.checkpointDue = false;
          await this.#writeCheckpoints(r);
        } else {
          break;
        }
      }
    } finally {
      r.running = null;
    }
  }

  #cutGroup(r: Room): Pending[] {
    let ops = 0;
    let n = 0;
    while (n < r.pending.length && (n === 0 || ops + r.pending[n]!.ops.length <= this.#maxGroupOps)) ops += r.pending[n++]!.ops.length;
    return r.pending.splice(0, n);
  }

  /** Reads a topic: its last checkpoint, then every later event folded in with the topic's model. */
  async #load(room: string, topic: string): Promise<TopicCache> {
    const { storage, models, log } = this.o;
    const t0 = Date.now();
    const cp = await storage.checkpoint(room, topic);
    const model = models.get(kindOf(topic));
    let head = cp?.head ?? 0;
    let state = cp?.state;
    let replayed = 0;
    for (;;) {
      const rows = await storage.readTopic(room, topic, head, Number.MAX_SAFE_INTEGER, REPLAY_PAGE);
      for (const { event } of rows) {
        if (event.seq !== head + 1) throw new Error(`${topic} has a gap in its events: seq ${event.seq} after ${head}`);
        if (model) {
          try {
            state = model.evolve(state ?? model.initial(), event);
          } catch (err) {
            // Stored events were all folded once by the same model; a throw here means the model changed.
            log.error('authority.replay_failed', { room, topic, seq: event.seq, err: err as Error });
          }
        }
        head = event.seq;
        replayed += 1;
      }
      if (rows.length < REPLAY_PAGE) break;
    }
    if (replayed > 0) log.info('authority.topic_loaded', { room, topic, checkpoint: cp?.head ?? 0, replayed, ms: Date.now() - t0 });
    return { head, state, saved: cp?.head ?? 0, savedAt: Date.now() };
  }

  /** Decides and stores a group, then answers every batch of it. Never throws. */
  async #commitGroup(r: Room, group: Pending[]): Promise<void> {
    const results = await this.#commitTogether(r, group);
    if (results) group.forEach((p, i) => p.resolve(results[i]!));
    else await isolateFailure(group, (part) => this.#commitTogether(r, part), () => this.#storageAnswers(r));
  }

  async #storageAnswers(r: Room): Promise<boolean> {
    try {
      await this.o.storage.roomCursor(r.name);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Decides every batch of the group in order, stores the applied events in one transaction, then
   * fans out. Returns each batch's result, or null when storage failed (then nothing was stored,
   * fanned out or cached, and no batch was answered).
   */
  async #commitTogether(r: Room, group: Pending[]): Promise<SubmitResult[] | null> {
    const { storage, models, rate, log } = this.o;
    let stored: Map<string, SeenOp>;
    try {
      if (r.cursor < 0) r.cursor = await storage.roomCursor(r.name);
      // Only well-formed opIds reach the database (a NUL in one fails the whole query).
      const opIds = new Set<string>();
      for (const p of group) p.ops.forEach((op, i) => !p.early[i] && opIds.add((op as Operation).opId));
      stored = await storage.findOps(r.name, [...opIds]);
    } catch (err) {
      log.error('storage.read_failed', { room: r.name, err: err as Error });
      return null;
    }

    const seenInGroup = new Map<string, SeenOp>();
    const touched = new Map<string, TopicHead>();
    /** Topics this group read from storage that have no events yet (never cached: issue #17). */
    const fresh = new Map<string, TopicCache>();
    const events: AppendEvent[] = [];
    const committed: Committed[] = [];
    const results: SubmitResult[] = [];
    let cursor = r.cursor;
    try {
      for (const p of group) {
        const acks: Ack[] = [];
        const rateKey = `${r.name}\u0000${p.actor.id}`;
        let limited = false;
        for (const [i, raw] of p.ops.entries()) {
          const early = p.early[i];
          if (early) {
            acks.push(early);
            continue;
          }
          const op = raw as Operation;
          const opId = op.opId;
          const seen = seenInGroup.get(opId) ?? stored.get(opId);
          // Retries of applied ops are free; everything else spends a token (once, also when a
          // failed group is stored again batch by batch).
          if (!seen && !this.#charged.has(op)) {
            if (!rate.take(rateKey)) {
              limited = true;
              acks.push(rejectedAck(op, reject('rate_limited', 'Too many operations per second; retry shortly.', true)));
              continue;
            }
            this.#charged.add(op);
          }
          let topic: TopicHead | undefined;
          if (!seen && models.has(kindOf(op.topic))) {
            topic = touched.get(op.topic) ?? r.topics.get(op.topic) ?? fresh.get(op.topic);
            if (!topic) {
              const loaded = await this.#load(r.name, op.topic);
              // Committed state: valid whatever happens to this group.
              if (loaded.head > 0) this.#cacheLoaded(r, op.topic, loaded);
              else fresh.set(op.topic, loaded);
              topic = loaded;
            }
          }
          let step: StepResult<unknown>;
          try {
            step = authorityStep(models, op, p.actor, seen, topic?.state, topic?.head ?? 0, Date.now(), this.o.maxOpBytes);
          } catch (err) {
            // A model whose evolve() throws rejects only its own op.
            acks.push(rejectedAck(op, reject('model_error', `The topic model failed: ${(err as Error).message}`)));
            continue;
          }
          if (step.event) {
            cursor += 1;
            const fp = fingerprint(op);
            events.push({ cursor, event: step.event, fp });
            committed.push({ cursor, event: step.event, state: step.state });
            touched.set(step.event.topic, { head: step.event.seq, state: step.state });
            seenInGroup.set(opId, { seq: step.event.seq, topic: step.event.topic, fp });
          }
          acks.push(step.ack);
        }
        results.push(limited ? { acks, retryAfterS: rate.retryAfterS(rateKey) } : { acks });
      }
    } catch (err) {
      log.error('storage.read_failed', { room: r.name, err: err as Error });
      return null;
    }

    if (events.length > 0) {
      const now = Date.now();
      const checkpoints = new Map<string, TopicHead>();
      for (const [t, h] of touched) {
        const c = r.topics.get(t) ?? fresh.get(t)!;
        if (h.head - c.saved >= this.#checkpointEvents || now - c.savedAt >= this.#checkpointMs) checkpoints.set(t, h);
      }
      try {
        await storage.append(r.name, { events, checkpoints });
      } catch (err) {
        // Nothing of the group is stored and the cache was not touched.
        log.error('storage.write_failed', { room: r.name, events: events.length, err: err as Error });
        return null;
      }
      for (const [t, h] of touched) {
        let c = r.topics.get(t);
        if (!c) r.topics.set(t, (c = fresh.get(t)!)); // its first events: a real topic now
        c.head = h.head;
        c.state = h.state;
        if (checkpoints.has(t)) {
          c.saved = h.head;
          c.savedAt = now;
          r.dirty.delete(t);
        } else {
          r.dirty.add(t);
        }
      }
      r.cursor = cursor;
      this.#armCheckpoint(r);
      try {
        this.o.onCommit(r.name, committed);
      } catch (err) {
        log.error('fanout.failed', { room: r.name, err: err as Error });
      }
    }
    return results;
  }

  #cacheLoaded(r: Room, topic: string, loaded: TopicCache): void {
    r.topics.set(topic, loaded);
    if (loaded.head > loaded.saved) {
      // Replayed a tail: the next load should not have to.
      r.dirty.add(topic);
      this.#armCheckpoint(r);
    }
  }

  /** A quiet topic still gets its checkpoint, `checkpointMs` after the commit that left it behind. */
  #armCheckpoint(r: Room): void {
    if (r.dirty.size === 0 || r.checkpointTimer) return;
    r.checkpointTimer = setTimeout(() => {
      r.checkpointTimer = null;
      r.checkpointDue = true;
      this.#kick(r);
    }, this.#checkpointMs);
    r.checkpointTimer.unref?.();
  }

  async #writeCheckpoints(r: Room): Promise<void> {
    const checkpoints = new Map<string, TopicHead>();
    for (const t of r.dirty) {
      const c = r.topics.get(t);
      if (c && c.head > c.saved) checkpoints.set(t, { head: c.head, state: c.state });
    }
    r.dirty.clear();
    if (checkpoints.size === 0) return;
    try {
      await this.o.storage.append(r.name, { events: [], checkpoints });
    } catch (err) {
      // Harmless (the events are stored; loading replays them); try again later.
      this.o.log.error('storage.checkpoint_failed', { room: r.name, topics: checkpoints.size, err: err as Error });
      for (const t of checkpoints.keys()) r.dirty.add(t);
      this.#armCheckpoint(r);
      return;
    }
    const now = Date.now();
    for (const [t, h] of checkpoints) {
      const c = r.topics.get(t)!;
      if (c.saved < h.head) {
        c.saved = h.head;
        c.savedAt = now;
      }
      if (c.head > c.saved) r.dirty.add(t); // moved on while the checkpoint was written
    }
    this.#armCheckpoint(r);
  }
}
