/**
 * The embedded default: SQLite in `<dataDir>/pulsekit.db`, through `libsql` (a better-sqlite3
 * compatible driver whose binaries ship in npm packages, so nothing is compiled at install; chosen
 * by measurement, docs/decisions.md 22). Write-ahead log with `synchronous=NORMAL`: a commit is in
 * the log before `write()` resolves, so an acknowledged event survives the process being killed;
 * it may not survive a power loss or kernel crash (use PostgreSQL where that matters).
 *
 * The driver is synchronous: each call runs to completion on the event loop, so a transaction
 * never interleaves with another and `write()` needs no lock beyond SQLite's own. One process per
 * data directory (storage/lock.ts): the authority caches what it wrote, and the statement
 * forwarder needs no row locks, only to take its turns in this process (`forwardStatements`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import type { SeenOp } from '../../src/core/protocol/authority.js';
import { lockDataDir } from './lock.js';
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

/** The database file inside a data directory. */
export const SQLITE_FILE = 'pulsekit.db';

type Db = InstanceType<typeof Database>;

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  readonly shared = false;
  #closed = false;
  readonly #insertEvent;
  readonly #putCheckpoint;
  readonly #tail;
  readonly #findOps;
  readonly #checkpoint;
  readonly #roomCursor;
  readonly #readTopic;
  readonly #readRoom;
  readonly #readRoomTopics;
  readonly #roomTopics;
  readonly #writeTx;
  readonly #appendTx;
  readonly #queueStatement;
  readonly #dueStatements;
  readonly #outcomeTx;
  readonly #queueFigures;
  /** The forwarding call in progress: calls take turns, so no two hold the same statements. */
  #forwarding: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly release: () => void = () => {},
  ) {
    db.exec(META_TABLE);
    this.#migrate();
    this.#insertEvent = db.prepare(`INSERT INTO pk_events (${INSERT_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A checkpoint never replaces a newer one.
    this.#putCheckpoint = db.prepare(
      `INSERT INTO pk_topics (room, topic, head, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (room, topic) DO UPDATE SET head = excluded.head, state = excluded.state WHERE pk_topics.head <= excluded.head`,
    );
    this.#tail = db.prepare(`SELECT ${TAIL_COLUMNS} FROM pk_events WHERE room = ? AND cursor > ? ORDER BY cursor LIMIT ?`);
    this.#findOps = db.prepare(`SELECT op_id, topic, seq, fp FROM pk_events WHERE room = ? AND op_id IN (SELECT value FROM json_each(?))`);
    this.#checkpoint = db.prepare(
      `SELECT t.head, t.state, e.cursor FROM pk_topics t LEFT JOIN pk_events e ON e.room = t.room AND e.topic = t.topic AND e.seq = t.head
       WHERE t.room = ? AND t.topic = ?`,
    );
    this.#roomTopics = db.prepare(`SELECT DISTINCT topic FROM pk_events WHERE room = ?`);
    this.#roomCursor = db.prepare(`SELECT MAX(cursor) AS cursor FROM pk_events WHERE room = ?`);
    this.#readTopic = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = ? AND topic = ? AND seq > ? AND seq <= ? AND cursor <= ? ORDER BY seq LIMIT ?`,
    );
    this.#readRoom = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = ? AND cursor > ? AND cursor <= ? ORDER BY cursor LIMIT ?`,
    );
    this.#readRoomTopics = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM pk_events WHERE room = ? AND cursor > ? AND cursor <= ? AND topic IN (SELECT value FROM json_each(?)) ORDER BY cursor LIMIT ?`,
    );
    this.#queueStatement = db.prepare(`INSERT INTO pk_xapi_queue (${QUEUE_COLUMNS}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
    this.#dueStatements = db.prepare(`SELECT ${QUEUE_COLUMNS} FROM pk_xapi_queue ORDER BY at, room, cursor LIMIT ?`);
    const park = db.prepare(PARK_SQL(() => '?'));
    const unqueue = db.prepare(`DELETE FROM pk_xapi_queue WHERE id = ?`);
    this.#outcomeTx = db.transaction((outcome: ForwardOutcome) => {
      const now = Date.now();
      for (const p of outcome.parked) park.run(p.status, p.reason, now, p.id);
      for (const id of [...outcome.done, ...outcome.parked.map((p) => p.id)]) unqueue.run(id);
    }).immediate;
    this.#queueFigures = db.prepare(
      `SELECT (SELECT COUNT(*) FROM pk_xapi_queue) AS queued, (SELECT MIN(at) FROM pk_xapi_queue) AS oldest, (SELECT COUNT(*) FROM pk_xapi_parked) AS parked`,
    );
    // IMMEDIATE: the write lock is taken at BEGIN, so the tail read inside is the last word.
    this.#writeTx = db.transaction((room: string, since: number, decide: (tail: TailRow[]) => AppendBatch) => {
      const tail = (this.#tail.all(room, since, Number.MAX_SAFE_INTEGER) as EventRecord[]).map(toTailRow);
      this.#store(room, decide(tail));
    }).immediate;
    this.#appendTx = db.transaction((room: string, batch: AppendBatch) => this.#store(room, batch)).immediate;
  }

  #migrate(): void {
    const row = this.db.prepare(`SELECT value FROM pk_meta WHERE key = 'schema'`).get() as { value?: string } | undefined;
    const pending = pendingMigrations(row?.value ? Number(row.value) : 0);
    if (pending.length === 0) return;
    this.db
      .transaction(() => {
        for (const m of pending) {
          for (const stmt of m.statements) this.db.exec(stmt);
          this.db
            .prepare(`INSERT INTO pk_meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
            .run(String(m.version));
        }
      })
      .immediate();
  }

  #store(room: string, batch: AppendBatch): void {
    for (const { cursor, event, fp } of batch.events) {
      this.#insertEvent.run(
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
      );
    }
    for (const [topic, { head, state }] of batch.checkpoints ?? []) this.#putCheckpoint.run(room, topic, head, JSON.stringify(state));
    for (const st of batch.statements ?? []) this.#queueStatement.run(st.id, room, st.cursor, st.at, st.body);
  }

  async write(room: string, since: number, decide: (tail: TailRow[]) => AppendBatch): Promise<void> {
    this.#writeTx(room, since, decide);
  }

  async append(room: string, batch: AppendBatch): Promise<void> {
    if (batch.events.length === 0 && (batch.checkpoints?.size ?? 0) === 0 && (batch.statements?.length ?? 0) === 0) return;
    this.#appendTx(room, batch);
  }

  async findOps(room: string, opIds: string[]): Promise<Map<string, SeenOp>> {
    const out = new Map<string, SeenOp>();
    if (opIds.length === 0) return out;
    const rows = this.#findOps.all(room, JSON.stringify(opIds)) as { op_id: string; topic: string; seq: number; fp: string }[];
    for (const r of rows) out.set(r.op_id, { topic: r.topic, seq: Number(r.seq), fp: r.fp });
    return out;
  }

  async checkpoint(room: string, topic: string): Promise<Checkpoint | null> {
    const r = this.#checkpoint.get(room, topic) as { head: number; state: string; cursor: number | null } | undefined;
    return r ? { head: Number(r.head), state: JSON.parse(r.state), cursor: Number(r.cursor ?? 0) } : null;
  }

  async roomCursor(room: string): Promise<number> {
    const r = this.#roomCursor.get(room) as { cursor: number | null } | undefined;
    return r?.cursor == null ? 0 : Number(r.cursor);
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
    return (this.#readTopic.all(room, topic, since, upTo, maxCursor, limit) as EventRecord[]).map(toRow);
  }

  async roomTopics(room: string): Promise<string[]> {
    return (this.#roomTopics.all(room) as { topic: string }[]).map((r) => r.topic);
  }

  async readRoom(room: string, since: number, upTo: number, limit: number, topics?: readonly string[]): Promise<StoredRow[]> {
    if (upTo <= since || limit <= 0) return [];
    const rows = topics
      ? this.#readRoomTopics.all(room, since, upTo, JSON.stringify(topics), limit)
      : this.#readRoom.all(room, since, upTo, limit);
    return (rows as EventRecord[]).map(toRow);
  }

  async readTail(room: string, since: number, limit: number): Promise<TailRow[]> {
    return (this.#tail.all(room, since, limit) as EventRecord[]).map(toTailRow);
  }

  forwardStatements(limit: number, send: (batch: QueuedStatement[]) => Promise<ForwardOutcome>): Promise<number> {
    const turn = this.#forwarding.then(async () => {
      const rows = (this.#dueStatements.all(limit) as QueueRecord[]).map(toQueued);
      if (rows.length === 0) return 0;
      this.#outcomeTx(await send(rows));
      return rows.length;
    });
    this.#forwarding = turn.catch(() => {});
    return turn;
  }

  async queueFigures(): Promise<QueueFigures> {
    const r = this.#queueFigures.get() as { queued: number; oldest: number | null; parked: number };
    return { queued: Number(r.queued), parked: Number(r.parked), oldestAt: r.oldest == null ? null : Number(r.oldest) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.db.close();
    } finally {
      this.release();
    }
  }
}

/** Opens (creating when needed) `<dataDir>/pulsekit.db`, takes the directory's lock and migrates. */
export async function openSqliteStorage(dataDir: string): Promise<SqliteStorage> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  let db: Db | undefined;
  try {
    db = new Database(join(dataDir, SQLITE_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    return new SqliteStorage(db, release);
  } catch (err) {
    try {
      db?.close();
    } catch {
      // not open
    }
    release();
    throw err;
  }
}
