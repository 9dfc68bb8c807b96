/**
 * What the authority needs from a database. The embedded default is SQLite in a directory
 * (storage/sqlite.ts); `DATABASE_URL` selects PostgreSQL (storage/postgres.ts, over storage/sql.ts).
 * Both pass the same conformance tests (test/server/storage-conformance.ts).
 *
 * Every stored event has a per-topic `seq` and a per-room `cursor`. Events are append-only: rows are
 * never updated or deleted. Idempotency is per `[room, opId]`: the store keeps the fingerprint of the
 * operation that produced each event, and refuses (throws) a second event with the same opId.
 *
 * A topic's state is not written with every event: the authority writes a **checkpoint** (head and
 * state after event `head`) now and then (docs/decisions.md, 15). The current state of a topic is
 * its last checkpoint (or the model's initial state) with every later event folded in.
 *
 * With an LRS configured, the xAPI statements of a group's events are queued in the same
 * transaction as the events (`AppendBatch.statements`), and `forwardStatements` hands them to the
 * forwarder (server/lrs/forwarder.ts) one batch at a time, never the same statement to two
 * forwarders at once (docs/decisions.md, 28).
 */
import type { SeenOp } from '../../src/core/protocol/authority.js';
import type { StoredEvent } from '../../src/core/protocol/model.js';

/** An event as stored, with its room cursor. */
export interface StoredRow {
  cursor: number;
  event: StoredEvent;
}

/** An event another writer stored, with the fingerprint of its operation (for `op_id_reused`). */
export interface TailRow extends StoredRow {
  fp: string;
}

/** One event to append. */
export interface AppendEvent {
  cursor: number;
  event: StoredEvent;
  /** `fingerprint(op)` of the operation that produced it. */
  fp: string;
}

/** Head and state of a topic: the state right after event `head` (head 0: no events). */
export interface TopicHead {
  head: number;
  state: unknown;
}

/** A stored checkpoint, with the room cursor of its head event (0 when head is 0). */
export interface Checkpoint extends TopicHead {
  cursor: number;
}

/** An xAPI statement to queue for the LRS, with the event it was built from. */
export interface OutgoingStatement {
  /** The statement's id (stable: derived from room, topic and opId). */
  id: string;
  /** Room cursor and acceptance time of its event: the queue's order. */
  cursor: number;
  at: number;
  /** The statement as JSON text. */
  body: string;
}

/** A queued statement, as the forwarder gets it. */
export interface QueuedStatement extends OutgoingStatement {
  room: string;
}

/** What became of a batch handed to the forwarder; statements named in neither list stay queued. */
export interface ForwardOutcome {
  /** Stored by the LRS (or already there): removed from the queue. */
  done: string[];
  /** Refused for good: moved to the parked statements, with the LRS's status and reason. */
  parked: { id: string; status: number; reason: string }[];
}

/** The queue at a glance (`/v1/health`). */
export interface QueueFigures {
  queued: number;
  parked: number;
  /** Acceptance time of the oldest queued statement (null when none is queued). */
  oldestAt: number | null;
}

/** One atomic write: events of one room (ascending cursors), and checkpoints of some of its topics. */
export interface AppendBatch {
  events: AppendEvent[];
  /** Checkpoints to store (replacing older ones), each consistent with the events stored with it. */
  checkpoints?: ReadonlyMap<string, TopicHead>;
  /** xAPI statements of these events, queued for the LRS in the same transaction (an id already queued is kept once). */
  statements?: OutgoingStatement[];
}

export interface Storage {
  /** What it is, for logs and `/v1/health`: `sqlite` or `postgres`. */
  readonly kind: string;
  /** True when other server processes may write the same rooms (a database server). */
  readonly shared: boolean;
  /**
   * One decision of the room's authority, under the room's write lock, in one transaction: reads
   * every event stored after room cursor `since` (by other server processes sharing the database),
   * hands them to `decide`, which must be synchronous and returns what to store, and stores it.
   * Resolves once that is durable; all or nothing: throws (and stores nothing) when `decide` throws
   * or on any conflict, such as an opId, seq or cursor already present. Two calls for one room,
   * from any processes, never overlap.
   */
  write(room: string, since: number, decide: (tail: TailRow[]) => AppendBatch): Promise<void>;
  /**
   * Stores the batch in one transaction, without the write lock (checkpoints, which never replace a
   * newer one). Durable and all or nothing like `write`.
   */
  append(room: string, batch: AppendBatch): Promise<void>;
  /** What the store knows about these opIds (only applied ones are stored). */
  findOps(room: string, opIds: string[]): Promise<Map<string, SeenOp>>;
  /** The last checkpoint of a topic, or null when none was written. It may lag the topic's events. */
  checkpoint(room: string, topic: string): Promise<Checkpoint | null>;
  /** Highest room cursor (0 for an empty room). */
  roomCursor(room: string): Promise<number>;
  /** Events of a topic with `since < seq <= upTo` (and room cursor at most `maxCursor`), ascending, at most `limit`. */
  readTopic(room: string, topic: string, since: number, upTo: number, limit: number, maxCursor?: number): Promise<StoredRow[]>;
  /** Every topic of a room that has events. */
  roomTopics(room: string): Promise<string[]>;
  /** Events of a room with `since < cursor <= upTo`, ascending, at most `limit`, optionally only these topics. */
  readRoom(room: string, since: number, upTo: number, limit: number, topics?: readonly string[]): Promise<StoredRow[]>;
  /** Every event of a room after `since`, ascending, at most `limit`, with fingerprints (catching up with other writers). */
  readTail(room: string, since: number, limit: number): Promise<TailRow[]>;
  /**
   * Hands up to `limit` queued statements, oldest first, to `send`, while no other caller (in this
   * process or another one sharing the database) can get them, then removes the `done` ones and
   * parks the `parked` ones, atomically. When `send` throws, nothing changes. Resolves with the
   * number handed (0: nothing queued that nobody else holds; `send` is then not called).
   */
  forwardStatements(limit: number, send: (batch: QueuedStatement[]) => Promise<ForwardOutcome>): Promise<number>;
  /** How many statements are queued and parked, and the oldest queued one's time. */
  queueFigures(): Promise<QueueFigures>;
  /** Flushes and releases the database. Safe to call twice. */
  close(): Promise<void>;
}
