/**
 * The little of IndexedDB's promise wrapping the core needs (the outbox and LocalTransport's
 * store), written out instead of importing the `idb` library: every widget's bundle carries the
 * core, and these three helpers cost a fraction of it. They rest on the same rule `idb` does: a
 * request's promise resolves inside its success event, so code continuing after `await req(...)`
 * runs while the transaction is still active and may issue the next request in it; awaiting
 * anything else (a timer, a fetch) would let the transaction commit.
 */

/** Resolves with a request's result, or rejects with its error. */
export const req = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Resolves once `tx` committed; rejects when it failed or was aborted (with its error, else an
 * AbortError), as `idb`'s `tx.done`. Call it right after opening the transaction, so the listeners
 * are in place before any event, and handle the rejection on every path.
 */
export const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
  });

/** What happens to an open database. */
export interface OpenCallbacks {
  /** Creates the stores, when the database is new (or older than `version`). */
  upgrade(db: IDBDatabase): void;
  /** Another connection wants to upgrade or delete the database (`versionchange`): close this one. */
  blocking?(): void;
  /** The browser closed the database abnormally (storage cleared, disk error). */
  terminated?(): void;
}

/** Opens (and on first use creates) a database. */
export function openDb(name: string, version: number, callbacks: OpenCallbacks): Promise<IDBDatabase> {
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = () => callbacks.upgrade(request.result);
  return req(request).then((db) => {
    if (callbacks.blocking) db.onversionchange = () => callbacks.blocking!();
    if (callbacks.terminated) db.onclose = () => callbacks.terminated!();
    return db;
  });
}
