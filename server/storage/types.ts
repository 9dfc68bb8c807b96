/**
 * What the authority needs from a database. The embedded default is PGlite (storage/pglite.ts); a
 * PostgreSQL adapter implements the same interface with the same SQL (storage/sql.ts).
 *
 * Every stored event has a per-topic `seq` and a per-room `cursor`. Events are append-only: rows are
 * never updated or deleted. Idempotency is per `[room, opId]`: the store keeps the fingerprint of the
 * operation that produced each event, and refuses (throws) a second event with the same opId.
 *
 * A topic's state is not written with every event: the authority writes a **checkpoint** (head and
 * state after event `head`) now and then (docs/decisions.md, 15). The current state of a topic is
 * its last checkpoint (or the model's initial state) with every later event folded in.
 */
import type { SeenOp } from '../../src/core/authority.js';
import type { StoredEvent } from '../../src/core/model.js';

/** An event as stored, with its room cursor. */
export interface StoredRow {
  cursor: number;
  event: StoredEvent;
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

/** One atomic write: events of one room (ascending cursors), and checkpoints of some of its topics. */
export interface AppendBatch {
  events: AppendEvent[];
  /** Checkpoints to store (replacing older ones), each consistent with the events stored with it. */
  checkpoints?: ReadonlyMap<string, TopicHead>;
}

export interface Storage {
  /**
   * Stores the batch in one transaction and resolves only once it is durable. All or nothing:
   * throws (and stores nothing) on any conflict, such as an opId, seq or cursor already present.
   */
  append(room: string, batch: AppendBatch): Promise<void>;
  /** What the store knows about these opIds (only applied ones are stored). */
  findOps(room: string, opIds: string[]): Promise<Map<string, SeenOp>>;
  /** The last checkpoint of a topic, or null when none was written. It may lag the topic's events. */
  checkpoint(room: string, topic: string): Promise<TopicHead | null>;
  /** Highest room cursor (0 for an empty room). */
  roomCursor(room: string): Promise<number>;
  /** Events of a topic with `since < seq <= upTo`, ascending, at most `limit`. */
  readTopic(room: string, topic: string, since: number, upTo: number, limit: number): Promise<StoredRow[]>;
  /** Events of a room with `since < cursor <= upTo`, ascending, at most `limit`, optionally only these topics. */
  readRoom(room: string, since: number, upTo: number, limit: number, topics?: readonly string[]): Promise<StoredRow[]>;
  /** Flushes and releases the database. Safe to call twice. */
  close(): Promise<void>;
}
