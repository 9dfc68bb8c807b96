// <pk-discussion-thread> across real tabs of one Chromium (local transport: IndexedDB authority,
// BroadcastChannel): posts show up live in the other tab; a participant's tab cannot pin, hide or
// lock, even when it sends the operations itself.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { uniqueRoom } from '../support.js';

type Ack = { status: string; error?: { code: string } };
const open = (room: string, pid: string, role = 'participant') =>
  executeServerCommand<number, { path: string }>('tab-open', {
    path: `/test/fixtures/thread-tab.html?room=${room}&pid=${pid}&name=${pid}&role=${role}`,
  });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 15000) => executeServerCommand('tab-wait', { id, expression, timeout });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

describe('<pk-discussion-thread> across real tabs (local transport)', function () {
  this.timeout(60000);

  it("two tabs see each other's posts live; a participant cannot pin, hide or lock", async () => {
    const room = uniqueRoom('thread-tabs');
    const ann = await open(room, 'ann');
    const fay = await open(room, 'fay', 'facilitator');
    try {
      await waitIn(ann, `window.pk.status() === 'open' && window.pk.loaded()`);
      await waitIn(fay, `window.pk.status() === 'open' && window.pk.loaded()`);
      await evalIn(ann, `window.pk.post('Hello from tab A')`);
      // Fay is reading: the post waits behind "Show 1 new post", live.
      await waitIn(fay, `window.pk.newPosts() === 1 && /Show 1 new post/.test(window.pk.text())`);
      await evalIn(fay, `window.pk.showNew()`);
      await waitIn(fay, `/Hello from tab A/.test(window.pk.text())`);
      await evalIn(fay, `window.pk.post('Reply from tab B')`);
      await waitIn(ann, `window.pk.newPosts() === 1`);
      await evalIn(ann, `window.pk.showNew()`);
      await waitIn(ann, `/Reply from tab B/.test(window.pk.text()) && window.pk.count() === 2`);

      // The participant's tab shows no moderation, and the authority refuses it anyway.
      expect(await evalIn<boolean>(ann, `window.pk.hasModeration()`)).to.equal(false);
      expect(await evalIn<boolean>(fay, `window.pk.hasModeration()`)).to.equal(true);
      const postId = await evalIn<string>(ann, `window.pk.firstPostId()`);
      for (const [type, data] of [
        ['pin', { postId, pinned: true }],
        ['hide', { postId, hidden: true }],
        ['lock', { locked: true }],
      ] as const) {
        const ack = await evalIn<Ack>(ann, `window.pk.raw(${JSON.stringify(type)}, ${JSON.stringify(data)})`);
        expect(ack.status, type).to.equal('rejected');
        expect(ack.error!.code, type).to.equal('forbidden');
      }
      // The facilitator's tab can, and the participant's tab sees the result live.
      const lock = await evalIn<Ack>(fay, `window.pk.raw('lock', { locked: true })`);
      expect(lock.status).to.equal('applied');
      await waitIn(ann, `/This discussion is locked/.test(window.pk.text())`);
    } finally {
      await closeTab(ann);
      await closeTab(fay);
    }
  });
});
