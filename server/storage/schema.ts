/**
 * The tables, their migrations and the row mapping shared by both stores (SQLite and PostgreSQL).
 * The DDL is plain SQL that both engines take unchanged. JSON is kept in TEXT columns, byte for
 * byte as the authority produced it (PostgreSQL's jsonb would reorder keys).
 *
 * `pk_meta.schema` holds the version of the last migration applied. A store migrates itself when
 * it opens (PostgreSQL under an advisory lock, so instances starting together take turns) and
 * refuses a database whose version is newer than this code knows.
 */
import type { StoredEvent } from '../../src/core/protocol/model.js';
import type { QueuedStatement, StoredRow, TailRow } from './types.js';

export interface Migration {
  version: number;
  /** What it does, for the log. */
  name: string;
  /** Statements, run in order in one transaction. */
  statements: string[];
}

/**
 * Version 1 was the first PGlite layout (every batch rewrote each topic's state); it never existed
 * on SQLite or PostgreSQL. 2: append-only events, and checkpoints that may lag them (state =
 * checkpoint + later events); the room cursor is the highest event cursor. 3: xAPI statements on
 * their way to the LRS (queued in the transaction of their event), and the ones it refused for good.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 2,
    name: 'append-only events and topic checkpoints',
    statements: [
      `CREATE TABLE IF NOT EXISTS pk_topics (
        room  TEXT NOT NULL,
        topic TEXT NOT NULL,
        head  BIGINT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (room, topic)
      )`,
      `CREATE TABLE IF NOT EXISTS pk_events (
        room   TEXT NOT NULL,
        cursor BIGINT NOT NULL,
        topic  TEXT NOT NULL,
        seq    BIGINT NOT NULL,
        op_id  TEXT NOT NULL,
        fp     TEXT NOT NULL,
        type   TEXT NOT NULL,
        data   TEXT NOT NULL,
        at     BIGINT NOT NULL,
        actor  TEXT NOT NULL,
        PRIMARY KEY (room, cursor),
        UNIQUE (room, topic, seq),
        UNIQUE (room, op_id)
      )`,
    ],
  },
  {
    version: 3,
    name: 'xAPI statement queue and parked statements',
    statements: [
      // `at` is the event's acceptance time: statements leave roughly in the order things happened.
      `CREATE TABLE IF NOT EXISTS pk_xapi_queue (
        id     TEXT PRIMARY KEY,
        room   TEXT NOT NULL,
        cursor BIGINT NOT NULL,
        at     BIGINT NOT NULL,
        body   TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS pk_xapi_queue_order ON pk_xapi_queue (at, room, cursor)`,
      `CREATE TABLE IF NOT EXISTS pk_xapi_parked (
        id        TEXT PRIMARY KEY,
        room      TEXT NOT NULL,
        cursor    BIGINT NOT NULL,
        at        BIGINT NOT NULL,
        body      TEXT NOT NULL,
        status    INTEGER NOT NULL,
        reason    TEXT NOT NULL,
        parked_at BIGINT NOT NULL
      )`,
    ],
  },
];

/** The version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export const META_TABLE = `CREATE TABLE IF NOT EXISTS pk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`;

/** The migrations a database at `current` (0: new) still needs; throws when it is newer than this code. */
export function pendingMigrations(current: number): Migration[] {
  if (current > SCHEMA_VERSION) {
    throw new Error(`The database has schema ${current}; this server knows up to ${SCHEMA_VERSION}. Upgrade the server.`);
  }
  return MIGRATIONS.filter((m) => m.version > current);
}

/** Columns of `pk_events` read back into events, in this order. */
export const EVENT_COLUMNS = 'cursor, topic, seq, op_id, type, data, at, actor';
export const TAIL_COLUMNS = `${EVENT_COLUMNS}, fp`;
export const INSERT_EVENT_COLUMNS = 'room, cursor, topic, seq, op_id, fp, type, data, at, actor';

/** A `pk_events` row as a driver returns it (PostgreSQL gives BIGINT as a string). */
export interface EventRecord {
  cursor: string | number | bigint;
  topic: string;
  seq: string | number | bigint;
  op_id: string;
  type: string;
  data: string;
  at: string | number | bigint;
  actor: string;
  fp?: string;
}

export function toRow(r: EventRecord): StoredRow {
  const event: StoredEvent = {
    v: 1,
    topic: r.topic,
    seq: Number(r.seq),
    opId: r.op_id,
    type: r.type,
    data: JSON.parse(r.data),
    at: Number(r.at),
    actor: JSON.parse(r.actor),
  };
  return { cursor: Number(r.cursor), event };
}

/** Columns of `pk_xapi_queue` read back into queued statements, in this order. */
export const QUEUE_COLUMNS = 'id, room, cursor, at, body';

/** A `pk_xapi_queue` row as a driver returns it. */
export interface QueueRecord {
  id: string;
  room: string;
  cursor: string | number | bigint;
  at: string | number | bigint;
  body: string;
}

export const toQueued = (r: QueueRecord): QueuedStatement => ({
  id: r.id,
  room: r.room,
  cursor: Number(r.cursor),
  at: Number(r.at),
  body: r.body,
});

/**
 * Moves one statement of a forwarded batch to `pk_xapi_parked` (the caller then deletes it from the
 * queue). Parameters, in this order: status, reason, parked_at, id; `param(n)` writes the n-th.
 */
export const PARK_SQL = (param: (n: number) => string) =>
  `INSERT INTO pk_xapi_parked (id, room, cursor, at, body, status, reason, parked_at)
   SELECT id, room, cursor, at, body, CAST(${param(1)} AS INTEGER), CAST(${param(2)} AS TEXT), CAST(${param(3)} AS BIGINT)
   FROM pk_xapi_queue WHERE id = ${param(4)}
   ON CONFLICT (id) DO NOTHING`;

export function toTailRow(r: EventRecord): TailRow {
  return { ...toRow(r), fp: r.fp ?? '' };
}
