// Real tabs of one Chromium (opened through the test runner's browser), real IndexedDB and
// BroadcastChannel, real page reloads.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { uniqueRoom } from '../support.js';

const open = (room: string, pid: string) =>
  executeServerCommand<number, { path: string }>('tab-open', { path: `/test/fixtures/poll-tab.html?room=${room}&pid=${pid}` });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 10000) => executeServerCommand('tab-wait', { id, expression, timeout });
const reload = (id: number) => executeServerCommand('tab-reload', { id });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

/** Reads a topic straight from the local authority (IndexedDB), as a third tab would. */
async function votesIn(room: string): Promise<number> {
  const client = new SessionClient({ room, transport: new LocalTransport(), identity: { id: 'auditor' }, outbox: new MemoryOutbox() });
  await client.start();
  const page = await client.transport.fetch('poll:tabs', 0, 500);
  await client.close();
  return page.events.filter((e) => e.type === 'vote').length;
}

describe('across real tabs (local transport)', function () {
  this.timeout(60000);

  it("two tabs of one browser see each other's votes live", async () => {
    const room = uniqueRoom('tabs');
    const a = await open(room, 'ann');
    const b = await open(room, 'ben');
    try {
      await waitIn(a, `window.pk.status() === 'open'`);
      await waitIn(b, `window.pk.status() === 'open'`);
      await evalIn(a, `window.pk.vote('a')`);
      await waitIn(b, `/Alpha\\s*1 vote/.test(window.pk.text())`);
      await evalIn(b, `window.pk.vote('b')`);
      await waitIn(a, `/Bravo\\s*1 vote/.test(window.pk.text()) && /Alpha\\s*1 vote/.test(window.pk.text())`);
      // This test page is a third context on the same authority: it sees both.
      const client = new SessionClient({ room, transport: new LocalTransport(), identity: { id: 'me' }, outbox: new MemoryOutbox() });
      const h = client.topic('poll:tabs', pollModel);
      await waitUntil(() => h.state.responded === 2, 'third context sees two responses');
      await client.close();
    } finally {
      await closeTab(a);
      await closeTab(b);
    }
  });

  it('a vote made offline survives a page reload and arrives exactly once', async () => {
    const room = uniqueRoom('reload');
    const t = await open(room, 'olga');
    try {
      await waitIn(t, `window.pk.status() === 'open'`);
      await evalIn(t, `window.pk.drop()`);
      await evalIn(t, `window.pk.vote('b')`);
      await waitIn(t, `/Saved on this device/.test(window.pk.text()) && window.pk.queued() === 1`);
      expect(await votesIn(room)).to.equal(0);
      await reload(t);
      // The new page finds the vote in the outbox and delivers it.
      await waitIn(t, `window.pk.status() === 'open' && window.pk.queued() === 0 && /Your vote: Bravo/.test(window.pk.text())`);
      expect(await votesIn(room)).to.equal(1);
      // Reload once more: nothing is sent again.
      await reload(t);
      await waitIn(t, `window.pk.status() === 'open' && /Bravo\\s*1 vote/.test(window.pk.text())`);
      expect(await votesIn(room)).to.equal(1);
    } finally {
      await closeTab(t);
    }
  });

  it('a reload right after a click loses nothing, even while another tab of the room is busy', async () => {
    const room = uniqueRoom('busy');
    const a = await open(room, 'ada');
    const b = await open(room, 'bob');
    try {
      await waitIn(a, `window.pk.status() === 'open'`);
      await waitIn(b, `window.pk.status() === 'open'`);
      // Bob votes, and his page is then busy for two seconds (a long render, a big history): his
      // outbox write must not hold the shared outbox until his page is free again.
      await evalIn(
        b,
        `window.pk.vote('a'); setTimeout(() => { const end = performance.now() + 2000; while (performance.now() < end); }, 0)`,
      );
      // Ada votes and reloads at once.
      await evalIn(a, `window.pk.vote('b')`);
      await reload(a);
      await waitIn(a, `window.pk.status() === 'open' && window.pk.queued() === 0 && /Your vote: Bravo/.test(window.pk.text())`, 15000);
      await waitIn(b, `window.pk.queued() === 0 && /Your vote: Alpha/.test(window.pk.text())`, 15000);
      expect(await votesIn(room)).to.equal(2);
    } finally {
      await closeTab(a);
      await closeTab(b);
    }
  });

  it('a vote whose ack was lost is resent after reload and still counted once', async () => {
    const room = uniqueRoom('lostack');
    const t = await open(room, 'luke');
    try {
      await waitIn(t, `window.pk.status() === 'open'`);
      await evalIn(t, `window.pk.loseNextAck(); window.pk.drop()`);
      await evalIn(t, `window.pk.vote('a')`);
      await waitIn(t, `window.pk.queued() === 1`);
      await reload(t);
      await waitIn(t, `window.pk.status() === 'open' && window.pk.queued() === 0 && /Alpha\\s*1 vote/.test(window.pk.text())`);
      expect(await votesIn(room)).to.equal(1);
    } finally {
      await closeTab(t);
    }
  });
});
