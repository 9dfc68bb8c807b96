/**
 * The authority: decides operations with the shared `authorityStep` and the widgets' own models,
 * and stores them with **group commit** (docs/decisions.md, 15). Per room, one group at a time:
 * every batch submitted while the previous group was being stored (or within the same turn of the
 * event loop) joins the next group, which is decided in arrival order and stored in ONE transaction.
 * Only after that commit are the group's events fanned out and its acks returned, so an ack still
 * means "durably stored".
 *
 * Several server processes may share one database (docs/decisions.md, 23). Each group is decided
 * inside the store's `write()`, under the room's write lock, after folding in every event other
 * processes stored since this one last looked (the "tail"): whichever process receives an
 * operation, it is decided once, in one order per topic. Events other processes stored also arrive
 * through the cluster (`applyRemote`, Redis) or are read back (`catchUp`); they are folded into the
 * cached topics and published to this process's streams, in room-cursor order, exactly once.
 *
 * Everything that changes a room's cache (groups, remote events, topic loads, checkpoints) runs in
 * that room's serial loop, so the cache is always the state as of `cursor`: each cached topic's
 * head and state include every event up to the room cursor, and nothing after it.
 *
 * Events are append-only. A topic's state is written as a checkpoint only every `checkpointEvents`
 * events or `checkpointMs` (piggybacked on a group's transaction, or by a timer once the topic is
 * quiet) and at `close()`. Loading a topic = its last checkpoint + the later events folded with the
 * same pure model (`evolve`), which is also how a restart after SIGKILL recovers.
 */
import { kindOf, type StoredEvent, type TopicModel } from '../src/core/protocol/model.js';
import { operationProblem, reject, type Ack, type Actor, type Operation } from '../src/core/protocol/wire.js';
import { decideGroup, tokensWanted, TopicNotLoaded, type GroupOutcome, type StatementsOf } from './decide.js';
import { serverBusy } from './errors.js';
import { isolateFailure, rejectedAck, type Pending } from './isolate.js';
import type { Logger } from './log.js';
import type { RateGate, RateGrants } from './rate-limit.js';
import type { SeenOp } from '../src/core/protocol/authority.js';
import { Room } from './room.js';
import type { Storage, TailRow, TopicHead } from './storage/types.js';

/** An applied event with its room cursor and the topic state right after it. */
export interface Committed {
  cursor: number;
  event: StoredEvent;
  state: unknown;
  /** `fingerprint()` of the operation (so other processes can tell a resend of it). */
  fp?: string;
}

export interface SubmitResult {
  acks: Ack[];
  /** Seconds until the sender may send again, when some op was refused `rate_limited`. */
  retryAfterS?: number;
}

/** `local`: decided by this process; `remote`: stored by another process sharing the database. */
export type CommitOrigin = 'local' | 'remote';

export interface AuthorityOptions {
  storage: Storage;
  models: ReadonlyMap<string, TopicModel<any>>;
  maxOpBytes: number;
  rate: RateGate;
  log: Logger;
  /**
   * Called with every event of a room this process knows, once each, in room-cursor order: its own
   * groups (`local`, after the commit, before the acks) and what other processes stored (`remote`).
   */
  onCommit(room: string, committed: Committed[], origin: CommitOrigin): void;
  /** A room came into memory (a cluster starts watching it) / left it. */
  onRoomOpen?(room: string): void;
  onRoomClose?(room: string): void;
  /** True while a room has open streams here: it stays in memory, with every topic loaded. */
  inUse?(room: string): boolean;
  /** Participants present in a room, in every process (staff not counted): what a poll's quorum is decided on. */
  present?(room: string): number | null;
  /** Checkpoint a topic once this many events were stored since its last checkpoint. Default 500. */
  checkpointEvents?: number;
  /** ... or once its last checkpoint is this old (ms); a quiet topic is checkpointed this long after its last event. Default 2000. */
  checkpointMs?: number;
  /** Most operations decided and stored in one transaction. Default 2000. */
  maxGroupOps?: number;
  /** With an LRS: the xAPI statements of each applied event, queued in the transaction that stores it. */
  statementsOf?: StatementsOf;
}

export const DEFAULT_CHECKPOINT_EVENTS = 500;
export const DEFAULT_CHECKPOINT_MS = 2000;
const DEFAULT_MAX_GROUP_OPS = 2000;
const ROOM_IDLE_MS = 10 * 60_000;
const CATCH_UP_PAGE = 1000;
/** Times a group is decided again when a topic it needs was dropped meanwhile (a defensive path). */
const GROUP_RETRIES = 2;

/** Lets the event loop read whatever arrived on the sockets before the next group is cut. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Authority {
  #rooms = new Map<string, Room>();
  /** Operations that spent a rate-limit token (a failed group stored again must not charge twice). */
  #charged = new WeakSet<object>();
  #sweepAt = 0;
  #closed = false;
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

  /**
   * Head and state of a topic (head 0, state undefined when it has no events). Read-only. With a
   * shared database it first reads what other processes stored, so a read never misses an event
   * whose acknowledgement another process already sent (read-your-writes across instances).
   */
  async head(room: string, topic: string): Promise<TopicHead> {
    const r = this.#room(room);
    const cached = this.#current(r) ? r.topics.get(topic) : undefined;
    if (cached) return { head: cached.head, state: cached.state };
    return this.#task(r, async () => {
      if (this.o.storage.shared) await this.#catchUp(r);
      const c = await r.ensure(topic, false);
      return { head: c.head, state: c.state };
    });
  }

  /** Highest room cursor whose events this process has published (caught up first, as `head`). Read-only. */
  async roomCursor(room: string): Promise<number> {
    const r = this.#room(room);
    if (this.#current(r)) return r.cursor;
    return this.#task(r, async () => {
      if (this.o.storage.shared) await this.#catchUp(r);
      return r.cursor;
    });
  }

  /** True when the room's cache can answer a read at once: read, complete, and no other process writes. */
  #current(r: Room): boolean {
    return r.cursor >= 0 && !this.#needsFull(r) && !this.o.storage.shared;
  }

  /** A stream opened in `room`: keep it in memory and current (the cluster watches it). */
  touch(room: string): void {
    this.#kick(this.#room(room));
  }

  /** Events another process stored in `room` (ascending cursors), as the cluster announced them. */
  applyRemote(room: string, rows: readonly TailRow[]): void {
    const r = this.#rooms.get(room);
    if (!r || rows.length === 0) return; // not in memory here: nothing to keep current
    r.inbox.push(...rows);
    this.#kick(r);
  }

  /** Reads what other processes stored in `room` (every room when omitted) that this one has not seen. */
  catchUp(room?: string): void {
    for (const r of room === undefined ? this.#rooms.values() : [this.#rooms.get(room)]) {
      if (!r) continue;
      r.catchUpDue = true;
      this.#kick(r);
    }
  }

  /** Resolves once no loop is running or waiting. */
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
    this.#closed = true;
    for (const r of this.#rooms.values()) if (r.checkpointTimer) clearTimeout(r.checkpointTimer);
  }

  // ---------------------------------------------------------------------------------------------

  #room(name: string): Room {
    const now = Date.now();
    if (now > this.#sweepAt) {
      this.#sweepAt = now + 60_000;
      for (const [n, r] of this.#rooms) {
        const quiet = !r.running && r.pending.length === 0 && r.tasks.length === 0 && r.dirty.size === 0 && !r.checkpointTimer;
        if (now - r.usedAt > ROOM_IDLE_MS && quiet && !this.o.inUse?.(n)) {
          this.#rooms.delete(n);
          this.o.onRoomClose?.(n);
        }
      }
    }
    let r = this.#rooms.get(name);
    if (!r) {
      r = new Room(name, { storage: this.o.storage, models: this.o.models, log: this.o.log, onDirty: (room) => this.#armCheckpoint(room) });
      this.#rooms.set(name, r);
      this.o.onRoomOpen?.(name);
    }
    r.usedAt = now;
    return r;
  }

  #kick(r: Room): void {
    if (this.#closed) return;
    r.running ??= this.#run(r);
  }

  /** Runs `fn` in the room's loop (after what is already queued there). */
  #task<T>(r: Room, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      r.tasks.push({ run: () => fn().then(resolve, reject), fail: reject });
      this.#kick(r);
    });
  }

  /** With a shared database, a room with open streams here must have every topic cached (remote events need their state). */
  #needsFull(r: Room): boolean {
    return this.o.storage.shared && !r.full && !!this.o.inUse?.(r.name);
  }

  /** The room's loop: the only place its cache changes. Runs while there is work. */
  async #run(r: Room): Promise<void> {
    try {
      await nextTurn(); // everything read in this turn joins the first group
      for (;;) {
        if (r.cursor < 0 || this.#needsFull(r)) {
          if (!(await this.#prepare(r))) break;
        } else if (r.inbox.length > 0) {
          this.#drainInbox(r);
        } else if (r.tasks.length > 0) {
          await r.tasks.shift()!.run();
        } else if (r.catchUpDue) {
          r.catchUpDue = false;
          await this.#catchUp(r);
        } else if (r.pending.length > 0) {
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
    // Work that arrived while the loop was finishing.
    if (r.pending.length > 0 || r.tasks.length > 0 || r.inbox.length > 0 || r.catchUpDue) this.#kick(r);
  }

  /** Reads the room cursor, and with a shared database every topic; false (and everything waiting fails) when storage is down. */
  async #prepare(r: Room): Promise<boolean> {
    try {
      if (r.cursor < 0) {
        r.cursor = await this.o.storage.roomCursor(r.name);
        r.inbox = r.inbox.filter((row) => row.cursor > r.cursor);
      }
      if (this.#needsFull(r)) await r.loadAll();
      return true;
    } catch (err) {
      this.o.log.error('storage.read_failed', { room: r.name, err: err as Error });
      const busy = serverBusy('Storage is unavailable; try again shortly.');
      for (const p of r.pending.splice(0)) p.reject(busy);
      for (const t of r.tasks.splice(0)) t.fail(busy);
      // Announcements wait for the next catch-up (the cluster's periodic check), not a tight retry.
      r.inbox = [];
      r.catchUpDue = false;
      return false;
    }
  }

  #cutGroup(r: Room): Pending[] {
    let ops = 0;
    let n = 0;
    while (n < r.pending.length && (n === 0 || ops + r.pending[n]!.ops.length <= this.#maxGroupOps)) ops += r.pending[n++]!.ops.length;
    return r.pending.splice(0, n);
  }

  #publish(r: Room, committed: Committed[], origin: CommitOrigin): void {
    if (committed.length === 0) return;
    try {
      this.o.onCommit(r.name, committed, origin);
    } catch (err) {
      this.o.log.error('fanout.failed', { room: r.name, err: err as Error });
    }
  }

  /** Folds and publishes the contiguous announced events; a gap is filled from the store. */
  #drainInbox(r: Room): void {
    const rows = r.inbox.splice(0).sort((a, b) => a.cursor - b.cursor);
    const next: TailRow[] = [];
    for (const row of rows) {
      const last = next.length > 0 ? next[next.length - 1]!.cursor : r.cursor;
      if (row.cursor <= last) continue;
      if (row.cursor !== last + 1) {
        r.catchUpDue = true; // missed some (Redis dropped them, or they were stored before we listened)
        break;
      }
      next.push(row);
    }
    this.#publish(r, r.learn(next), 'remote');
  }

  async #catchUp(r: Room): Promise<void> {
    try {
      for (;;) {
        const rows = await this.o.storage.readTail(r.name, r.cursor, CATCH_UP_PAGE);
        this.#publish(r, r.learn(rows), 'remote');
        if (rows.length < CATCH_UP_PAGE) return;
      }
    } catch (err) {
      // The next announcement or the cluster's periodic check tries again.
      this.o.log.error('storage.read_failed', { room: r.name, err: err as Error });
    }
  }

  /** Decides and stores a group, then answers every batch of it. Never throws. */
  async #commitGroup(r: Room, group: Pending[]): Promise<void> {
    const results = await this.#commitTogether(r, group);
    if (results) group.forEach((p, i) => p.resolve(results[i]!));
    else
      await isolateFailure(
        group,
        (part) => this.#commitTogether(r, part),
        () => this.#storageAnswers(r),
      );
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
   * Decides the group under the room's write lock and stores it in one transaction, then fans it
   * out. Returns each batch's result, or null when storage failed (then nothing of the group was
   * stored, fanned out or cached, and no batch was answered).
   */
  async #commitTogether(r: Room, group: Pending[]): Promise<SubmitResult[] | null> {
    const { storage, models, rate, log } = this.o;
    // Before the lock: what the store knows of these opIds, rate tokens, the topics' states.
    let stored: Map<string, SeenOp>;
    let grants: RateGrants;
    const fresh = new Set<string>();
    try {
      // Only well-formed opIds reach the database (a NUL in one fails the whole query).
      const opIds = new Set<string>();
      for (const p of group) p.ops.forEach((op, i) => !p.early[i] && opIds.add((op as Operation).opId));
      stored = await storage.findOps(r.name, [...opIds]);
      grants = await rate.reserve(tokensWanted(r.name, group, stored, this.#charged));
      await this.#preload(r, group, fresh);
    } catch (err) {
      log.error('storage.read_failed', { room: r.name, err: err as Error });
      this.#forget(r, fresh);
      return null;
    }

    // Operations other processes stored after `findOps` (read under the lock, in every attempt).
    const tailSeen = new Map<string, SeenOp>();
    for (let attempt = 0; ; attempt++) {
      let learned: Committed[] = [];
      let outcome: GroupOutcome | null = null;
      let checkpoints = new Map<string, TopicHead>();
      const now = Date.now();
      try {
        await storage.write(r.name, r.cursor, (tail) => {
          learned = r.learn(tail);
          for (const row of tail) tailSeen.set(row.event.opId, { seq: row.event.seq, topic: row.event.topic, fp: row.fp });
          outcome = decideGroup({
            room: r.name,
            batches: group,
            models,
            seen: (opId) => tailSeen.get(opId) ?? stored.get(opId),
            topic: (t) => r.topics.get(t),
            cursor: r.cursor,
            grants,
            charged: this.#charged,
            maxOpBytes: this.o.maxOpBytes,
            now,
            facts: { present: this.o.present?.(r.name) ?? null },
            statementsOf: this.o.statementsOf,
          });
          checkpoints = r.dueCheckpoints(outcome.touched, now, this.#checkpointEvents, this.#checkpointMs);
          return { events: outcome.events, checkpoints, statements: outcome.statements };
        });
      } catch (err) {
        // Nothing of the group is stored and its decisions never reached the cache; what other
        // processes stored (read under the lock) is real, so it goes out all the same.
        this.#publish(r, learned, 'remote');
        let failure = err;
        if (err instanceof TopicNotLoaded && attempt < GROUP_RETRIES) {
          try {
            await this.#preload(r, group, fresh);
            continue;
          } catch (loadErr) {
            failure = loadErr;
          }
        }
        log.error('storage.write_failed', {
          room: r.name,
          events: (outcome as GroupOutcome | null)?.events.length ?? 0,
          err: failure as Error,
        });
        this.#forget(r, fresh);
        return null;
      }
      this.#publish(r, learned, 'remote');
      const done = outcome as unknown as GroupOutcome;
      r.install(done, checkpoints, now);
      this.#forget(r, fresh);
      this.#armCheckpoint(r);
      this.#publish(r, done.committed, 'local');
      return done.results;
    }
  }

  /** Topics loaded for a group that still have no events leave the cache: made-up topics must not grow memory (issue #17). */
  #forget(r: Room, fresh: ReadonlySet<string>): void {
    for (const t of fresh) if (r.topics.get(t)?.head === 0) r.topics.delete(t);
  }

  /** Loads every topic the group's operations name that is not in memory yet; `fresh` gets those without events. */
  async #preload(r: Room, group: readonly Pending[], fresh: Set<string>): Promise<void> {
    for (const p of group) {
      for (const [i, raw] of p.ops.entries()) {
        const topic = (raw as Operation).topic;
        if (p.early[i] || !this.o.models.has(kindOf(topic)) || r.topics.has(topic)) continue;
        if ((await r.ensure(topic)).head === 0) fresh.add(topic);
      }
    }
  }

  /** A quiet topic still gets its checkpoint, `checkpointMs` after the commit that left it behind. */
  #armCheckpoint(r: Room): void {
    if (r.dirty.size === 0 || r.checkpointTimer || this.#closed) return;
    r.checkpointTimer = setTimeout(() => {
      r.checkpointTimer = null;
      r.checkpointDue = true;
      this.#kick(r);
    }, this.#checkpointMs);
    r.checkpointTimer.unref?.();
  }

  async #writeCheckpoints(r: Room): Promise<void> {
    const checkpoints = r.takeCheckpoints();
    if (checkpoints.size === 0) return;
    let stored = true;
    try {
      await this.o.storage.append(r.name, { events: [], checkpoints });
    } catch (err) {
      // Harmless (the events are stored; loading replays them); try again later.
      this.o.log.error('storage.checkpoint_failed', { room: r.name, topics: checkpoints.size, err: err as Error });
      stored = false;
    }
    r.checkpointed(checkpoints, stored);
    this.#armCheckpoint(r);
  }
}
