// <pk-session-survey> across real page reloads (a real second tab of the test's Chromium, the
// default local transport: IndexedDB authority, IndexedDB outbox, IndexedDB drafts).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { uniqueRoom } from '../support.js';

const open = (room: string, pid: string, extra = '') =>
  executeServerCommand<number, { path: string }>('tab-open', { path: `/test/fixtures/survey-tab.html?room=${room}&pid=${pid}${extra}` });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 10000) => executeServerCommand('tab-wait', { id, expression, timeout });
const reload = (id: number) => executeServerCommand('tab-reload', { id });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

/** Submit events stored by the local authority (IndexedDB), read as a third context would. */
async function submitsIn(room: string): Promise<Array<{ data: { answers: Record<string, unknown>; edit: boolean } }>> {
  const client = new SessionClient({ room, transport: new LocalTransport(), identity: { id: 'auditor' }, outbox: new MemoryOutbox() });
  await client.start();
  const page = await client.transport.fetch('survey:tabs', 0, 500);
  await client.close();
  return page.events.filter((e) => e.type === 'submit') as never;
}

const ready = `window.pk.status() === 'open' && window.pk.loaded()`;

describe('survey across real page reloads (local transport)', function () {
  this.timeout(60000);

  it('autosave: answers typed on two pages survive a reload, page included', async () => {
    const room = uniqueRoom('sv-draft');
    const t = await open(room, 'dora');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.pick('overall', 3)`);
      await evalIn(t, `window.pk.type('word', 'Inspiring')`);
      await evalIn(t, `window.pk.next()`);
      await waitIn(t, `/Second/.test(window.pk.text())`);
      await evalIn(t, `window.pk.type('more', 'Half a thought, not sent yet')`);
      await waitIn(t, `/Draft saved on this device/.test(window.pk.text())`);
      await reload(t);
      await waitIn(t, `${ready} && window.pk.value('more') === 'Half a thought, not sent yet'`);
      expect(await evalIn<string>(t, `window.pk.text()`)).to.match(/Page 2 of 2/);
      await evalIn(t, `window.pk.back()`);
      await waitIn(t, `window.pk.value('word') === 'Inspiring' && window.pk.checked('overall') === 3`);
      expect(await submitsIn(room), 'nothing was sent').to.have.length(0);
    } finally {
      await closeTab(t);
    }
  });

  it('offline submit: queued across a reload, delivered exactly once, draft cleared', async () => {
    const room = uniqueRoom('sv-offline');
    const t = await open(room, 'otto');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.drop()`);
      await evalIn(t, `window.pk.pick('overall', 4)`);
      await evalIn(t, `window.pk.next()`);
      await waitIn(t, `/Second/.test(window.pk.text())`);
      await evalIn(t, `window.pk.type('more', 'Sent from a train')`);
      await evalIn(t, `window.pk.submit()`);
      await waitIn(
        t,
        `/saved on this device and will be sent when the connection is back/.test(window.pk.text()) && window.pk.queued() === 1`,
      );
      expect(await submitsIn(room)).to.have.length(0);
      await reload(t);
      // The new page finds the response in the outbox, delivers it, and shows the thank-you.
      await waitIn(t, `${ready} && window.pk.queued() === 0 && /Thank you! Your answers were sent\\./.test(window.pk.text())`);
      const sent = await submitsIn(room);
      expect(sent).to.have.length(1);
      expect(sent[0].data.answers).to.deep.equal({ overall: 5, more: 'Sent from a train' });
      // Reload again: nothing is sent twice, the thank-you stays, and the draft is gone.
      await reload(t);
      await waitIn(t, `${ready} && window.pk.count() === 1 && /Thank you!/.test(window.pk.text())`);
      expect(await evalIn<string>(t, `window.pk.text()`)).to.not.match(/Draft saved/);
      expect(await submitsIn(room)).to.have.length(1);
    } finally {
      await closeTab(t);
    }
  });

  it('a lost ack: resent after reload and still counted once', async () => {
    const room = uniqueRoom('sv-lostack');
    const t = await open(room, 'lara');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.pick('overall', 2)`);
      await evalIn(t, `window.pk.loseNextAck(); window.pk.drop()`);
      await evalIn(t, `window.pk.submit()`);
      await waitIn(t, `window.pk.queued() === 1`);
      await reload(t);
      await waitIn(t, `${ready} && window.pk.queued() === 0 && window.pk.count() === 1`);
      expect(await submitsIn(room)).to.have.length(1);
    } finally {
      await closeTab(t);
    }
  });

  it('a second submit: refused without allowEdit (two tabs of one person), an update with it (after a reload)', async () => {
    const room = uniqueRoom('sv-second');
    // Two tabs of the same participant; the second one answers while offline.
    const a = await open(room, 'sam');
    const b = await open(room, 'sam');
    try {
      await waitIn(a, ready);
      await waitIn(b, ready);
      await evalIn(b, `window.pk.drop()`);
      await evalIn(b, `window.pk.pick('overall', 3)`);
      await evalIn(b, `window.pk.submit()`);
      await waitIn(b, `window.pk.queued() === 1`);
      await evalIn(a, `window.pk.pick('overall', 1)`);
      await evalIn(a, `window.pk.submit()`);
      await waitIn(a, `window.pk.queued() === 0 && /Thank you!/.test(window.pk.text())`);
      expect(await evalIn<string>(a, `window.pk.text()`), 'no edit offered').to.not.match(/Change my answers/);
      // The offline tab comes back (a reload): its queued response reaches the authority and is refused.
      await reload(b);
      await waitIn(
        b,
        `window.pk.error() === 'already_submitted' && /You have already sent this survey; answers cannot be changed\\./.test(window.pk.text())`,
      );
      const sent = await submitsIn(room);
      expect(sent).to.have.length(1);
      expect(sent[0].data.answers).to.deep.equal({ overall: 2 });
      expect(await evalIn<number>(b, `window.pk.queued()`)).to.equal(0);
    } finally {
      await closeTab(a);
      await closeTab(b);
    }

    const room2 = uniqueRoom('sv-edit');
    const e = await open(room2, 'sam', '&edit=1');
    try {
      await waitIn(e, ready);
      await evalIn(e, `window.pk.pick('overall', 1)`);
      await evalIn(e, `window.pk.submit()`);
      await waitIn(e, `/Change my answers/.test(window.pk.text())`);
      await reload(e);
      await waitIn(e, `${ready} && /Change my answers/.test(window.pk.text())`);
      await evalIn(e, `window.pk.edit()`);
      await waitIn(e, `window.pk.checked('overall') === 1`);
      await evalIn(e, `window.pk.pick('overall', 4)`);
      await evalIn(e, `window.pk.submit()`);
      await waitIn(e, `window.pk.queued() === 0 && /Change my answers/.test(window.pk.text())`);
      const sent = await submitsIn(room2);
      expect(sent.map((s) => [s.data.edit, s.data.answers.overall])).to.deep.equal([
        [false, 2],
        [true, 5],
      ]);
      expect(await evalIn<number>(e, `window.pk.count()`), 'still one response').to.equal(1);
    } finally {
      await closeTab(e);
    }
  });
});
