import { openDB, type IDBPDatabase } from 'idb';
import type { Operation } from './wire.js';

/**
 * Where operations wait until the authority acknowledges them. The IndexedDB outbox survives
 * reloads, crashes and offline periods; the memory outbox is for hosts that must not persist.
 */
export interface Outbox {
  /** Stores an operation; resolves once it is durable. */
  put(room: string, op: Operation): Promise<void>;
  /** Removes acknowledged or rejected operations. */
  remove(opIds: string[]): Promise<void>;
  /** Every waiting operation of a room, oldest first. */
  list(room: string): Promise<Operation[]>;
  /** Releases resources. */
  close(): void;
}

interface Row {
  opId: string;
  room: string;
  order: number;
  op: Operation;
}

/** Outbox in IndexedDB (database `pulsekit-outbox-v1` unless named). */
export class IdbOutbox implements Outbox {
  #db: Promise<IDBPDatabase>;
  #counter = 0;

  constructor(dbName = 'pulsekit-outbox-v1') {
    this.#db = openDB(dbName, 1, {
      upgrade(db) {
        const store = db.createObjectStore('ops', { keyPath: 'opId' });
        store.createIndex('room', ['room', 'order']);
      },
    });
  }

  async put(room: string, op: Operation): Promise<void> {
    const db = await this.#db;
    // Date-based order keeps several tabs' entries roughly chronological; the counter breaks ties.
    const row: Row = { opId: op.opId, room, order: Date.now() * 1000 + (this.#counter++ % 1000), op };
    await db.put('ops', row);
  }

  async remove(opIds: string[]): Promise<void> {
    if (opIds.length === 0) return;
    const db = await this.#db;
    const tx = db.transaction('ops', 'readwrite');
    await Promise.all([...opIds.map((id) => tx.store.delete(id)), tx.done]);
  }

  async list(room: string): Promise<Operation[]> {
    const db = await this.#db;
    const range = IDBKeyRange.bound([room, -Infinity], [room, Infinity]);
    const rows = (await db.getAllFromIndex('ops', 'room', range)) as Row[];
    return rows.map((r) => r.op);
  }

  close(): void {
    void this.#db.then((db) => db.close()).catch(() => {});
  }
}

/** Outbox kept in memory: nothing survives a reload. */
export class MemoryOutbox implements Outbox {
  #rows = new Map<string, { room: string; op: Operation }>();
  async put(room: string, op: Operation): Promise<void> {
    this.#rows.set(op.opId, { room, op });
  }
  async remove(opIds: string[]): Promise<void> {
    for (const id of opIds) this.#rows.delete(id);
  }
  async list(room: string): Promise<Operation[]> {
    return [...this.#rows.values()].filter((r) => r.room === room).map((r) => r.op);
  }
  /** Keeps the rows: a closing session leaves its queued ops for the next one that shares this outbox. */
  close(): void {}
}
