/**
 * `Storage` over any PostgreSQL-speaking driver. The SQL is plain PostgreSQL (runs unchanged on
 * PGlite and on a real server): `$n` parameters, `ON CONFLICT`, `= ANY($n)` on text arrays. JSON is
 * kept in TEXT columns, byte for byte as the authority produced it (jsonb would reorder keys).
 */
import type { SeenOp } from '../../src/core/authority.js';
import type { StoredEvent } from '../../src/core/model.js';
import type { AppendBatch, Storage, StoredRow, TopicHead } from './types.js';

/** The few calls `SqlStorage` needs from a driver (PGlite, node-postgres pool…). */
export interface SqlDriver {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). */
  transaction<T>(fn: (q: SqlDriver['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * 1: every batch also rewrote each touched topic's state (`pk_topics`) and the room cursor
 *    (`pk_rooms`).
 * 2: events are append-only and the only thing written per batch; `pk_topics` holds checkpoints
 *    that may lag the events (state = checkpoint + later events); the room cursor is the highest
 *    event cursor. Upgrading from 1 drops `pk_rooms` (derived data). A server that knows only 1
 *    refuses a database at 2 (it would take a lagging checkpoint for the head).
 */
export const SCHEMA_VERSION = 2;

/** Idempotent schema creation. */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS pk_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pk_topics (
  room  TEXT NOT NULL,
  topic TEXT NOT NULL,
  head  BIGINT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (room, topic)
);
CREATE TABLE IF NOT EXISTS pk_events (
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
);
`;

const EVENT_COLUMNS = 'cursor, topic, seq, op_id, type, data, at, actor';
const EVENT_PARAMS = 10; // per inserted row

interface EventRecord {
  cursor: string | number | bigint;
  topic: string;
  seq: string | number | bigint;
  op_id: string;
  type: string;
  data: string;
  at: string | number | bigint;
  actor: string;
}

function toRow(r: EventRecord): StoredRow {
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

export class SqlStorage implements Storage {
  #closed = false;
  constructor(private readonly db: SqlDriver) {}

  /** Creates the tables (safe to run on every start) and checks the schema version. */
  async migrate(): Promise<void> {
    await this.db.transaction(async (q) => {
      for (const stmt of SCHEMA_SQL.split(';').map((s) => s.trim()).filter(Boolean)) await q(stmt);
      const { rows } = await q<{ value: string }>(`SELECT value FROM pk_meta WHERE key = 'schema'`);
      if (rows.length === 0) {
        await q(`INSERT INTO pk_meta (key, value) VALUES ('schema', $1)`, [String(SCHEMA_VERSION)]);
        return;
      }
      const version = Number(rows[0]!.value);
      if (version > SCHEMA_VERSION) {
        throw new Error(`The database has schema ${rows[0]!.value}; this server knows up to ${SCHEMA_VERSION}. Upgrade the server.`);
      }
      if (version < 2) {
        // 1 → 2: its pk_topics rows are checkpoints at the head; the room cursor is now derived.
        await q(`DROP TABLE IF EXISTS pk_rooms`);
      }
      if (version < SCHEMA_VERSION) await q(`UPDATE pk_meta SET value = $1 WHERE key = 'schema'`, [String(SCHEMA_VERSION)]);
    });
  }

  async append(room: string, batch: AppendBatch): Promise<void> {
    const checkpoints = batch.checkpoints ?? new Map<string, TopicHead>();
    if (batch.events.length === 0 && checkpoints.size === 0) return;
    await this.db.transaction(async (q) => {
      // Events in chunks (parameter count stays well under PostgreSQL's 65535).
      for (let i = 0; i < batch.events.length; i += 500) {
        const chunk = batch.events.slice(i, i + 500);
        const params: unknown[] = [];
        const values = chunk.map(({ cursor, event, fp }) => {
          const b = params.length;
          params.push(room, cursor, event.topic, event.seq, event.opId, fp, event.type, JSON.stringify(event.data), event.at, JSON.stringify(event.actor));
          return `(${Array.from({ length: EVENT_PARAMS }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await q(`INSERT INTO pk_events (room, cursor, topic, seq, op_id, fp, type, data, at, actor) VALUES ${values.join(', ')}`, params);
      }
      // A checkpoint never replaces a newer one.
      for (const [topic, { head, state }] of checkpoints) {
        await q(
          `INSERT INTO pk_topics (room, topic, head, state) VALUES ($1, $2, $3, $4)
           ON CONFLICT (room, topic) DO UPDATE SET head = EXCLUDED.head, state = EXCLUDED.state
           WHERE pk_topics.head <= EXCLUDED.head`,
          [room, topic, head, JSON.stringify(state)],
        );
      }
    });
  }

  async findOps(room: string, opIds: string[]): Promise<Map<string, SeenOp>> {
    const out = new Map<string, SeenOp>();
    if (opIds.length === 0) return out;
    const { rows } = await this.db.query<{ op_id: string; topic: string; seq: unknown; fp: string }>(
      `SELECT op_id, topic, seq, fp FROM pk_events WHERE room = $1 AND op_id = ANY($2)`,
      [room, opIds],
    );
    for (const r of rows) out.set(r.op_id, { topic: r.topic, seq: Number(r.seq), fp: r.fp });
    return out;
  }

  async checkpoint(room: string, topic: string): Promise<TopicHead | null> {
    const { rows } = await this.db.query<{ head: unknown; state: string }>(
      `SELECT head, state FROM pk_topics WHERE room = $1 AND topic = $2`,
      [room, topic],
    );
    const r = rows[0];
    return r ? { head: Number(r.head), state: JSON.parse(r.state) } : null;
  }

  async roomCursor(room: string): Promise<number> {
    const { rows } = await this.db.query<{ cursor: unknown }>(`SELECT MAX(cursor) AS cursor FROM pk_events WHERE room = $1`, [room]);
    return rows[0]?.cursor == null ? 0 : Number(rows[0].cursor);
  }

  async readTopic(room: string, topic: string, since: number, upTo: number, limit: number): Promise<StoredRow[]> {
    if (upTo <= since || limit <= 0) return [];
    const { rows } = await this.db.query<EventRecord>(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = $1 AND topic = $2 AND seq > $3 AND seq <= $4 ORDER BY seq LIMIT $5`,
      [room, topic, since, upTo, limit],
    );
    return rows.map(toRow);
  }

  async readRoom(room: string, since: number, upTo: number, limit: number, topics?: readonly string[]): Promise<StoredRow[]> {
    if (upTo <= since || limit <= 0) return [];
    const filter = topics ? ' AND topic = ANY($5)' : '';
    const params: unknown[] = [room, since, upTo, limit];
    if (topics) params.push([...topics]);
    const { rows } = await this.db.query<EventRecord>(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = $1 AND cursor > $2 AND cursor <= $3${filter} ORDER BY cursor LIMIT $4`,
      params,
    );
    return rows.map(toRow);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.close();
  }
}
