// An action is "sending" only once it is stored on this device: while its outbox write is in flight
// the widget says it is being saved, nothing is sent, and leaving the page asks first. The write is
// held up for real, by another IndexedDB connection keeping the outbox store busy (as a busy tab
// did), not by a fake outbox.
import { expect, html, waitUntil } from '@open-wc/testing';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { IdbOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { pollOnHub, shadowText, uniqueRoom, withWarnings } from '../support.js';

/** Whether the page would ask before being left: a `beforeunload` the session cancels. */
function leavingAsks(): boolean {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}

/**
 * Keeps a readwrite transaction over the outbox store open (each request issues the next), so every
 * other write to that store waits, until `release()`. Resolves once the transaction is running.
 */
async function holdStore(dbName: string): Promise<{ release(): Promise<void> }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  let holding = true;
  const tx = db.transaction('ops', 'readwrite');
  const done = new Promise<void>((resolve) => (tx.oncomplete = tx.onabort = () => resolve()));
  const store = tx.objectStore('ops');
  await new Promise<void>((running) => {
    const spin = () => {
      running();
      if (holding) store.count().onsuccess = spin;
    };
    store.count().onsuccess = spin;
  });
  return {
    async release() {
      holding = false;
      await done;
      db.close();
    },
  };
}

const poll = html`<pk-pulse-poll poll-id="q" question="Pick"><option value="a">Alpha</option><option value="b">Bravo</option></pk-pulse-poll>`;

describe('an action is sending only once it is saved on this device', function () {
  this.timeout(20000);

  it('shows "Saving…" while the outbox write is in flight, sends nothing yet, and leaving asks first', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('saving');
    const { session, poll: el } = await pollOnHub(hub, room, { id: 'sam' }, poll);
    const client = session.session!;
    // The poll's session has the default outbox, IndexedDB `pulsekit-outbox-v1`: open it first.
    await new IdbOutbox().list(room);
    expect(leavingAsks(), 'nothing unsaved: leaving is free').to.equal(false);

    const hold = await holdStore('pulsekit-outbox-v1');
    let released = false;
    try {
      void el.vote(['b']);
      await waitUntil(() => /Saving…/.test(shadowText(el)), `"Saving…" in: ${shadowText(el)}`);
      expect(shadowText(el)).to.match(/Your vote: Bravo/);
      expect(shadowText(el), 'not claimed as saved or sending').to.not.match(/Saved on this device|Sending…/);
      expect(client.unsaved).to.equal(1);
      expect(client.queued, 'not in the delivery queue before it is durable').to.equal(0);
      expect(leavingAsks(), 'leaving now would lose it: the browser asks').to.equal(true);
      const peek = new MemoryTransport(hub);
      await peek.connect({ room, identity: { id: 'peek', name: 'Peek', role: 'participant' } });
      expect((await peek.fetch('poll:q', 0)).events, 'nothing sent').to.deep.equal([]);
      await peek.close();

      await hold.release();
      released = true;
      await waitUntil(
        () => client.unsaved === 0 && el.pollState.responded === 1 && !/Saving…/.test(shadowText(el)),
        `saved and sent: ${shadowText(el)}`,
      );
      expect(leavingAsks(), 'stored: leaving is free again').to.equal(false);
    } finally {
      if (!released) await hold.release();
    }
  });

  it('an action the outbox could not store lives in this page only: it says so and leaving asks', async () => {
    // A real failure of IndexedDB: the outbox's database exists in a newer version, so it cannot be opened.
    const dbName = `pk-newer-${uniqueRoom()}`;
    await new Promise<void>((resolve, reject) => {
      const r = indexedDB.open(dbName, 5);
      r.onsuccess = () => (r.result.close(), resolve());
      r.onerror = () => reject(r.error);
    });
    const hub = new MemoryHub();
    const room = uniqueRoom('unsaved');
    const transport = new MemoryTransport(hub);
    const client = new SessionClient({ room, transport, identity: { id: 'una' }, outbox: new IdbOutbox(dbName) });
    try {
      await withWarnings(async (warned) => {
        const h = client.topic('poll:q', pollModel);
        await waitUntil(() => transport.status === 'open');
        transport.simulateDrop();
        void h.send('vote', { round: 1, choices: ['a'] });
        await waitUntil(() => warned.some((w) => /kept in memory only/.test(w)), 'the outbox write fails');
        expect(h.pending.map((p) => [p.status, p.durable])).to.deep.equal([['queued', false]]);
        expect(client.unsaved).to.equal(1);
        expect(leavingAsks()).to.equal(true);
        transport.simulateRestore();
        await waitUntil(() => client.queued === 0 && client.unsaved === 0, 'delivered from memory');
        expect(leavingAsks()).to.equal(false);
      });
    } finally {
      await client.close();
      indexedDB.deleteDatabase(dbName);
    }
  });
});
