// Ops waiting in the shared outbox for a widget the page opens late (the embedded authority knows a
// kind only once a widget of that kind opens a topic): real tabs, real IndexedDB and BroadcastChannel.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { threadModel } from '../../src/components/discussion-thread/thread-model.js';
import { IdbOutbox, MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import type { Operation } from '../../src/core/protocol/wire.js';
import { uniqueRoom } from '../support.js';

const open = (path: string) => executeServerCommand<number, { path: string }>('tab-open', { path });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 15000) => executeServerCommand('tab-wait', { id, expression, timeout });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

/** A post left in the outbox by an earlier page of `pid` (written into the shared outbox, as that page did). */
async function leftover(room: string, pid: string, body: string): Promise<Operation> {
  const op: Operation = {
    opId: `left-${crypto.randomUUID()}`,
    clientId: pid,
    topic: 'thread:late',
    type: 'post',
    data: { body, parent: null },
    createdAt: Date.now(),
  };
  const outbox = new IdbOutbox();
  await outbox.put(room, op);
  outbox.close();
  return op;
}

/** Posts of `thread:late` the local authority holds, read as a third tab would. */
async function posts(room: string): Promise<string[]> {
  const client = new SessionClient({
    room,
    transport: new LocalTransport({ models: [threadModel] }),
    identity: { id: 'auditor' },
    outbox: new MemoryOutbox(),
  });
  await client.start();
  const page = await client.transport.fetch('thread:late', 0, 500);
  await client.close();
  return page.events.filter((e) => e.type === 'post').map((e) => (e.data as { body: string }).body);
}

async function stillQueued(room: string, opId: string): Promise<boolean> {
  const outbox = new IdbOutbox();
  try {
    return (await outbox.list(room)).some((o) => o.opId === opId);
  } finally {
    outbox.close();
  }
}

describe('ops for a widget a page opens late (local transport, real tabs)', function () {
  this.timeout(60000);

  it('are delivered once the widget opens its topic in the same page', async () => {
    const room = uniqueRoom('late');
    const op = await leftover(room, 'lea', 'Written before the reload');
    // A page with a poll: its session starts and tries the leftover, which its authority cannot take yet.
    const t = await open(`/test/fixtures/poll-tab.html?room=${room}&pid=lea`);
    try {
      await waitIn(t, `window.pk.status() === 'open' && window.pk.queued() === 0`);
      expect(await posts(room)).to.deep.equal([]);
      expect(await stillQueued(room, op.opId), 'kept in the outbox').to.equal(true);
      // The thread arrives later (a lazy chunk, markup added by script): the post goes out.
      await evalIn(t, `window.pk.addThread('late')`);
      await waitIn(t, `/Written before the reload/.test(window.pk.threadText()) && window.pk.queued() === 0`);
      expect(await posts(room)).to.deep.equal(['Written before the reload']);
      expect(await stillQueued(room, op.opId), 'removed once delivered').to.equal(false);
    } finally {
      await closeTab(t);
    }
  });

  it('are delivered by another tab of the same person that has the widget open', async () => {
    const room = uniqueRoom('late2');
    // The thread's tab is open first: it read the outbox when it started, before the leftover existed.
    const withThread = await open(`/test/fixtures/poll-tab.html?room=${room}&pid=leo`);
    try {
      await evalIn(withThread, `window.pk.addThread('late')`);
      await waitIn(withThread, `window.pk.status() === 'open' && /No posts yet/.test(window.pk.threadText())`);
      const op = await leftover(room, 'leo', 'Left by a closed page');
      // A new page without the thread picks the leftover up, cannot send it, and says so to the other tabs.
      const withoutThread = await open(`/test/fixtures/poll-tab.html?room=${room}&pid=leo`);
      try {
        await waitIn(withThread, `/Left by a closed page/.test(window.pk.threadText())`);
        await waitIn(withThread, `window.pk.queued() === 0`);
        expect(await posts(room)).to.deep.equal(['Left by a closed page']);
        expect(await stillQueued(room, op.opId)).to.equal(false);
        expect(await evalIn<number>(withoutThread, `window.pk.queued()`)).to.equal(0);
      } finally {
        await closeTab(withoutThread);
      }
    } finally {
      await closeTab(withThread);
    }
  });
});
