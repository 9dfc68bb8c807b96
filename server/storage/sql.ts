/**
 * `Storage` in PostgreSQL's dialect over a small driver interface (storage/postgres.ts gives it a
 * `pg` pool): `$n` parameters, `ON CONFLICT`, `= ANY($n)` on text arrays. Several server processes
 * may share the database: `write()` serializes each room's decisions with a transaction-scoped
 * advisory lock, so whichever process holds it decides on every event stored before it, and a
 * process that dies mid-transaction releases it with its connection (docs/decisions.md, 26).
 * Forwarders of xAPI statements lock the rows of their batch (`FOR UPDATE SKIP LOCKED`) in a
 * transaction that stays open while the LRS is asked: other processes skip those rows, and a process
 * killed meanwhile releases them with its connection (docs/decisions.md, 28).
 */
import type { SeenOp } from '../../src/core/protocol/authority.js';
import {
  EVENT_COLUMNS,
  INSERT_EVENT_COLUMNS,
  META_TABLE,
  PARK_SQL,
  pendingMigrations,
  QUEUE_COLUMNS,
  TAIL_COLUMNS,
  toQueued,
  toRow,
  toTailRow,
  type EventRecord,
  type QueueRecord,
} from './schema.js';
import type { AppendBatch, Checkpoint, ForwardOutcome, QueuedStatement, QueueFigures, Storage, StoredRow, TailRow } from './types.js';

type Query = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<{ rows: R[] }>;

/** The few calls `SqlStorage` needs from a PostgreSQL driver. */
export interface SqlDriver {
  query: Query;
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws) on one connection. */
  transaction<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INSERT_PARAMS = 10; // per event row
const INSERT_CHUNK = 500; // rows per INSERT: 5,000 parameters, well under PostgreSQL's 65,535
const STATEMENT_PARAMS = 5; // per queued statement

/** `($1, $2, …), ($n+1, …)`: the VALUES of `rows` rows of `width` parameters. */
const valuesList = (rows: number, width: number) =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, k) => `$${r * width + k + 1}`).join(', ')})`).join(', ');
/** Advisory lock keys: one for migrations, one per room (a hash; two rooms sharing one only take turns). */
const MIGRATION_LOCK = 7_355_608;

export class SqlStorage implements Storage {
  readonly kind = 'postgres';
  readonly shared = true;
  #closed = false;

  constructor(private readonly db: SqlDriver) {}

  /** Applies the migrations this database lacks, one server at a time. */
  async migrate(): Promise<number[]> {
    return this.db.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK]);
      await q(META_TABLE);
      const { rows } = await q<{ value: string }>(`SELECT value FROM pk_meta WHERE key = 'schema'`);
      const applied: number[] = [];
      for (const m of pendingMigrations(rows.length ? Number(rows[0]!.value) : 0)) {
        for (const stmt of m.statements) await q(stmt);
        await q(`INSERT INTO pk_meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
          String(m.version),
        ]);
        applied.push(m.version);
      }
      return applied;
    });
  }

  async write(room: string, since: number, decide: (tail: TailRow[]) => AppendBatch): Promise<void> {
    await this.db.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [room]);
      const { rows } = await q<EventRecord>(`SELECT ${TAIL_COLUMNS} FROM pk_events WHERE room = $1 AND cursor > $2 ORDER BY cursor`, [
        room,
        since,
      ]);
      await this.#store(q, room, decide(rows.map(toTailRow)));
    });
  }

  async append(room: string, batch: AppendBatch): Promise<void> {
    if (batch.events.length === 0 && (batch.checkpoints?.size ?? 0) === 0 && (batch.statements?.length ?? 0) === 0) return;
    await this.db.transaction((q) => this.#store(q, room, batch));
  }

  async #store(q: Query, room: string, batch: AppendBatch): Promise<void> {
    for (let i = 0; i < batch.events.length; i += INSERT_CHUNK) {
      const chunk = batch.events.slice(i, i + INSERT_CHUNK);
      const params = chunk.flatMap(({ cursor, event, fp }) => [
        room,
        cursor,
        event.topic,
        event.seq,
        event.opId,
        fp,
        event.type,
        JSON.stringify(event.data),
        event.at,
        JSON.stringify(event.actor),
      ]);
      await q(`INSERT INTO pk_events (${INSERT_EVENT_COLUMNS}) VALUES ${valuesList(chunk.length, INSERT_PARAMS)}`, params);
    }
    const statements = batch.statements ?? [];
    for (let i = 0; i < statements.length; i += INSERT_CHUNK) {
      const chunk = statements.slice(i, i + INSERT_CHUNK);
      const params = chunk.flatMap((st) => [st.id, room, st.cursor, st.at, st.body]);
      await q(
        `INSERT INTO pk_xapi_queue (${QUEUE_COLUMNS}) VALUES ${valuesList(chunk.length, STATEMENT_PARAMS)} ON CONFLICT (id) DO NOTHING`,
        params,
      );
    }
    // A checkpoint never replaces a newer one.
    for (const [topic, { head, state }] of batch.checkpoints ?? []) {
      await q(
        `INSERT INTO pk_topics (room, topic, head, state) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room, topic) DO UPDATE SET head = EXCLUDED.head, state = EXCLUDED.state
         WHERE pk_topics.head <= EXCLUDED.head`,
        [room, topic, head, JSON.stringify(state)],
      );
    }
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

  async checkpoint(room: string, topic: string): Promise<Checkpoint | null> {
    const { rows } = await this.db.query<{ head: unknown; state: string; cursor: unknown }>(
      `SELECT t.head, t.state, e.cursor FROM pk_topics t LEFT JOIN pk_events e ON e.room = t.room AND e.topic = t.topic AND e.seq = t.head
       WHERE t.room = $1 AND t.topic = $2`,
      [room, topic],
    );
    const r = rows[0];
    return r ? { head: Number(r.head), state: JSON.parse(r.state), cursor: Number(r.cursor ?? 0) } : null;
  }

  async roomCursor(room: string): Promise<number> {
    const { rows } = await this.db.query<{ cursor: unknown }>(`SELECT MAX(cursor) AS cursor FROM pk_events WHERE room = $1`, [room]);
    return rows[0]?.cursor == null ? 0 : Number(rows[0].cursor);
  }

  async readTopic(
    room: string,
    topic: string,
    since: number,
    upTo: number,
    limit: number,
    maxCursor = Number.MAX_SAFE_INTEGER,
  ): Promise<StoredRow[]> {
    if (upTo <= since || limit <= 0) return [];
    const { rows } = await this.db.query<EventRecord>(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = $1 AND topic = $2 AND seq > $3 AND seq <= $4 AND cursor <= $6 ORDER BY seq LIMIT $5`,
      [room, topic, since, upTo, limit, maxCursor],
    );
    return rows.map(toRow);
  }

  async roomTopics(room: string): Promise<string[]> {
    const { rows } = await this.db.query<{ topic: string }>(`SELECT DISTINCT topic FROM pk_events WHERE room = $1`, [room]);
    return rows.map((r) => r.topic);
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

  async readTail(room: string, since: number, limit: number): Promise<TailRow[]> {
    const { rows } = await this.db.query<EventRecord>(
      `SELECT ${TAIL_COLUMNS} FROM pk_events WHERE room = $1 AND cursor > $2 ORDER BY cursor LIMIT $3`,
      [room, since, limit],
    );
    return rows.map(toTailRow);
  }

  async forwardStatements(limit: number, send: (batch: QueuedStatement[]) => Promise<ForwardOutcome>): Promise<number> {
    return this.db.transaction(async (q) => {
      const { rows } = await q<QueueRecord>(
        `SELECT ${QUEUE_COLUMNS} FROM pk_xapi_queue ORDER BY at, room, cursor LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const outcome = await send(rows.map(toQueued));
      const now = Date.now();
      for (const p of outcome.parked)
        await q(
          PARK_SQL((n) => `$${n}`),
          [p.status, p.reason, now, p.id],
        );
      const gone = [...outcome.done, ...outcome.parked.map((p) => p.id)];
      if (gone.length > 0) await q(`DELETE FROM pk_xapi_queue WHERE id = ANY($1)`, [gone]);
      return rows.length;
    });
  }

  async queueFigures(): Promise<QueueFigures> {
    const { rows } = await this.db.query<{ queued: unknown; oldest: unknown; parked: unknown }>(
      `SELECT (SELECT COUNT(*) FROM pk_xapi_queue) AS queued, (SELECT MIN(at) FROM pk_xapi_queue) AS oldest, (SELECT COUNT(*) FROM pk_xapi_parked) AS parked`,
    );
    const r = rows[0]!;
    return { queued: Number(r.queued), parked: Number(r.parked), oldestAt: r.oldest == null ? null : Number(r.oldest) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.close();
  }
}
