/**
 * The tables, their migrations and the row mapping shared by both stores (SQLite and PostgreSQL).
 * The DDL is plain SQL that both engines take unchanged. JSON is kept in TEXT columns, byte for
 * byte as the authority produced it (PostgreSQL's jsonb would reorder keys).
 *
 * `pk_meta.schema` holds the version of the last migration applied. A store migrates itself when
 * it opens (PostgreSQL under an advisory lock, so instances starting together take turns) and
 * refuses a database whose version is newer than this code knows.
 */
import type { StoredEvent } from '../../src/core/model.js';
import type { StoredRow, TailRow } from './types.js';

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
 * checkpoint + later events); the room cursor is the highest event cursor.
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

export function toTailRow(r: EventRecord): TailRow {
  return { ...toRow(r), fp: r.fp ?? '' };
}
