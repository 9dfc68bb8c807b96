/**
 * What the authority needs from a database. The embedded default is PGlite (storage/pglite.ts); a
 * PostgreSQL adapter implements the same interface with the same SQL (storage/sql.ts).
 *
 * Every stored event has a per-topic `seq` and a per-room `cursor`. Rows are never updated or
 * deleted. Idempotency is per `[room, opId]`: the store keeps the fingerprint of the operation that
 * produced each event, and refuses (throws) a second event with the same opId.
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

/** Head and state of a topic after a batch. */
export interface TopicHead {
  head: number;
  state: unknown;
}

/** One atomic write: events, the new state of every topic they touched, the room's new cursor. */
export interface AppendBatch {
  events: AppendEvent[];
  topics: Map<string, TopicHead>;
  cursor: number;
}

export interface Storage {
  /**
   * Stores the batch in one transaction and resolves only once it is durable. All or nothing:
   * throws (and stores nothing) on any conflict, such as an opId, seq or cursor already present.
   */
  append(room: string, batch: AppendBatch): Promise<void>;
  /** What the store knows about these opIds (only applied ones are stored). */
  findOps(room: string, opIds: string[]): Promise<Map<string, SeenOp>>;
  /** Head and state of a topic, or null when it has no events. */
  topicHead(room: string, topic: string): Promise<TopicHead | null>;
  /** Highest room cursor (0 for an empty room). */
  roomCursor(room: string): Promise<number>;
  /** Events of a topic with `since < seq <= upTo`, ascending, at most `limit`. */
  readTopic(room: string, topic: string, since: number, upTo: number, limit: number): Promise<StoredRow[]>;
  /** Events of a room with `since < cursor <= upTo`, ascending, at most `limit`, optionally only these topics. */
  readRoom(room: string, since: number, upTo: number, limit: number, topics?: readonly string[]): Promise<StoredRow[]>;
  /** Flushes and releases the database. Safe to call twice. */
  close(): Promise<void>;
}
