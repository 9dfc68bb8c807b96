import { openDatabase, request, transactionDone } from '../transports/idb.js';
import type { Operation } from '../protocol/wire.js';

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
  /**
   * Optional, for an outbox shared by the tabs of a browser: tells the other tabs that operations
   * of these topics wait in `room` for a page that can send them (this one has no widget for them).
   */
  announce?(room: string, topics: string[]): void;
  /** Optional: listens for other tabs' `announce` of `room`. Returns the unsubscribe function. */
  watch?(room: string, listener: (topics: string[]) => void): () => void;
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
  readonly #name: string;
  #db: Promise<IDBDatabase> | null = null;
  #counter = 0;
  #closed = false;

  constructor(dbName = 'pulsekit-outbox-v1') {
    this.#name = dbName;
    void this.#open().catch(() => {}); // early, so the first put does not wait; errors reach the calls
  }

  /**
   * The open database, opened again on the next call after the browser closed it (site data
   * cleared, a storage failure) or after this tab let another one upgrade or delete it.
   */
  #open(): Promise<IDBDatabase> {
    if (this.#closed) return Promise.reject(new Error('The outbox is closed.'));
    const forget = () => void (this.#db === db && (this.#db = null));
    const db = (this.#db ??= openDatabase(this.#name, 1, {
      upgrade(d) {
        const store = d.createObjectStore('ops', { keyPath: 'opId' });
        store.createIndex('room', ['room', 'order']);
      },
      // Another tab needs a newer version, or deletes it: step aside rather than block it.
      blocking: () => {
        forget();
        void db.then((d) => d.close());
      },
      terminated: forget,
    }));
    db.catch(forget);
    return db;
  }

  /** Runs `fn` on the database, once more on a fresh connection if this one was closing. */
  async #with<T>(fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    const db = await this.#open();
    try {
      return await fn(db);
    } catch (err) {
      // The browser closed the connection before telling us (its close event comes later).
      if (!(err instanceof DOMException && err.name === 'InvalidStateError')) throw err;
      if (this.#db && (await this.#db.catch(() => null)) === db) this.#db = null;
      return fn(await this.#open());
    }
  }

  async put(room: string, op: Operation): Promise<void> {
    // Date-based order keeps several tabs' entries roughly chronological; the counter breaks ties.
    const row: Row = { opId: op.opId, room, order: Date.now() * 1000 + (this.#counter++ % 1000), op };
    await this.#with((db) => committed(db.transaction('ops', 'readwrite'), (store) => [store.put(row)]));
  }

  async remove(opIds: string[]): Promise<void> {
    if (opIds.length === 0) return;
    await this.#with((db) => committed(db.transaction('ops', 'readwrite'), (store) => opIds.map((id) => store.delete(id))));
  }

  async list(room: string): Promise<Operation[]> {
    const range = IDBKeyRange.bound([room, -Infinity], [room, Infinity]);
    const [rows] = await this.#with((db) => committed(db.transaction('ops', 'readonly'), (store) => [store.index('room').getAll(range)]));
    return (rows as Row[]).map((r) => r.op);
  }

  announce(room: string, topics: string[]): void {
    if (typeof BroadcastChannel !== 'function' || topics.length === 0) return;
    const channel = new BroadcastChannel(this.#channelName(room));
    channel.postMessage({ topics });
    channel.close();
  }

  watch(room: string, listener: (topics: string[]) => void): () => void {
    if (typeof BroadcastChannel !== 'function') return () => {};
    const channel = new BroadcastChannel(this.#channelName(room));
    channel.onmessage = (e: MessageEvent) => {
      const topics = (e.data as { topics?: unknown } | null)?.topics;
      if (Array.isArray(topics) && topics.every((t) => typeof t === 'string')) listener(topics);
    };
    return () => channel.close();
  }

  #channelName(room: string): string {
    return `${this.#name}:${room}`;
  }

  close(): void {
    this.#closed = true;
    void this.#db?.then((db) => db.close()).catch(() => {});
    this.#db = null;
  }
}

/**
 * Issues a transaction's requests, then commits it at once instead of letting it auto-commit.
 * Auto-commit waits until this page's main thread has handled the last request's success event,
 * so a busy page (rendering, folding a long history, another tab's click) held the store meanwhile:
 * every other tab's outbox write waited behind it, and was lost when that tab reloaded first.
 * With `commit()` the browser finishes the transaction without waiting for the page (decisions
 * §22). Durability stays the browser's default, as for the local authority.
 */
async function committed(tx: IDBTransaction, issue: (store: IDBObjectStore) => IDBRequest[]): Promise<unknown[]> {
  const done = transactionDone(tx);
  const requests = issue(tx.objectStore('ops')).map(request);
  // Older browsers without commit() fall back to auto-commit.
  tx.commit?.();
  const [results] = await Promise.all([Promise.all(requests), done]);
  return results;
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
