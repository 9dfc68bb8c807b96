// The page `bench/outbox.mjs` loads in several tabs of one Chromium: writes operations to a shared
// IndexedDB outbox the way a page does when a participant clicks, either as the shipped IdbOutbox
// does or as it did before (`baseline`: each write a transaction left to auto-commit), and times
// each write from the call until it is stored. Background tabs write too and are then busy for a
// while (a long render after their own click), as pages on a course site are.
import { openDB, type IDBPDatabase } from 'idb';
import { IdbOutbox } from '../src/core/client/outbox.js';
import type { Operation } from '../src/core/protocol/wire.js';

/** How a write is made. */
type Mode = 'baseline' | 'shipped' | 'strict';

const DB = 'pk-bench-outbox';
const ROOM = 'bench';
let n = 0;
const op = (who: string): Operation => ({
  opId: `${who}-${++n}-${Math.random().toString(36).slice(2)}`,
  clientId: who,
  topic: 'poll:bench',
  type: 'vote',
  data: { round: 1, choices: ['a'] },
  createdAt: Date.now(),
});

const shipped = new IdbOutbox(DB);
let raw: IDBPDatabase | null = null;

/** One write as `mode` makes it; resolves once it is stored. */
async function write(mode: Mode, who: string, o = op(who)): Promise<void> {
  if (mode === 'shipped') return shipped.put(ROOM, o);
  // The schema is the shipped outbox's: let it create the database first.
  raw ??= (await shipped.list(ROOM), await openDB(DB));
  const row = { opId: o.opId, room: ROOM, order: Date.now() * 1000 + (n % 1000), op: o };
  if (mode === 'baseline') {
    // The outbox before: idb's shortcut, one transaction that commits when the page gets to it.
    await raw.put('ops', row);
    return;
  }
  // For the record: the shipped way with strict durability (a flush to disk per write).
  const tx = raw.transaction('ops', 'readwrite', { durability: 'strict' });
  const put = tx.store.put(row);
  tx.commit();
  await Promise.all([put, tx.done]);
}

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bench = {
  /** Opens the outbox the way `mode` writes to it, so a later write starts at once. */
  async ready(mode: Mode): Promise<void> {
    if (mode !== 'shipped') raw ??= (await shipped.list(ROOM), await openDB(DB));
    await shipped.list(ROOM);
  },
  /** A click: starts a write and returns its opId without waiting (the test reloads right away). */
  click(mode: Mode): string {
    const o = op('clicker');
    void write(mode, 'clicker', o).catch(() => {});
    return o.opId;
  },
  /** Whether the outbox holds `opId` (after a reload: whether the click survived it). */
  async stored(opId: string): Promise<boolean> {
    return (await shipped.list(ROOM)).some((o) => o.opId === opId);
  },
  /** A background tab: writes, then a long task right after (its render), for `ms`. */
  async busy(mode: Mode, ms: number, longTaskMs: number, gapMs: number): Promise<number> {
    const end = performance.now() + ms;
    let writes = 0;
    while (performance.now() < end) {
      const done = write(mode, 'busy');
      queueMicrotask(() => spin(longTaskMs));
      await done;
      writes++;
      await sleep(gapMs);
    }
    return writes;
  },
  /**
   * The measured tab: a write every `gapMs` for `ms`, each started on time whether or not the last
   * one is done (clicks do not wait for each other); the time of each, in ms.
   */
  async measure(mode: Mode, ms: number, gapMs: number): Promise<number[]> {
    const end = performance.now() + ms;
    const writes: Array<Promise<number>> = [];
    while (performance.now() < end) {
      const t0 = performance.now();
      writes.push(write(mode, 'me').then(() => performance.now() - t0));
      await sleep(gapMs);
    }
    return Promise.all(writes);
  },
};
(window as unknown as Record<string, unknown>).bench = bench;
(window as unknown as Record<string, unknown>).benchReady = true;
