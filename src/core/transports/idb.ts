/**
 * IndexedDB as promises: the three things our stores need (open with an upgrade, a request's
 * result, a transaction's commit). Callers await requests inside a transaction freely: a promise
 * settled from a request's success event runs its continuation in that event's microtask
 * checkpoint, while the transaction is still active.
 */

/** What a database connection reports besides opening. */
export interface OpenCallbacks {
  /** Creates the stores of a new database (the only version so far is 1). */
  upgrade(db: IDBDatabase): void;
  /** Another connection needs a newer version or deletes the database (`nextVersion` null): close to let it. */
  blocking?(nextVersion: number | null): void;
  /** The browser closed the connection on its own (site data cleared, storage failure). */
  terminated?(): void;
}

/** Opens (and on first use creates) a database. */
export function openDatabase(name: string, version: number, callbacks: OpenCallbacks): Promise<IDBDatabase> {
  const open = indexedDB.open(name, version);
  open.onupgradeneeded = () => callbacks.upgrade(open.result);
  return request(open).then((db) => {
    db.onversionchange = (e) => callbacks.blocking?.(e.newVersion);
    db.onclose = () => callbacks.terminated?.();
    return db;
  });
}

/** Resolves with a request's result; rejects with its error. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves once a transaction committed; rejects when it failed or was aborted. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request aborts its transaction unless handled: `abort` covers both.
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}
