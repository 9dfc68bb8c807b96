// Issue #12 item 5: the thread shows one coherent state. The header counts every post of the thread,
// the "Show N new posts" button says how many of them wait, and "No posts yet" only shows when there
// are no posts at all.
import { expect, html } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { shadowText, uniqueRoom, waitForText } from '../support.js';
import { articles, seed, threadOnHub } from './thread-support.js';

const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };

describe('<pk-discussion-thread>: one coherent state', () => {
  it('someone else posts into the empty thread I have open: "1 post" and "Show 1 new post", never "No posts yet" (accessible)', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('thread-states');
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    await waitForText(thread, /No posts yet/);
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'First!' } }]);
    await waitForText(thread, /Show 1 new post/);
    const text = shadowText(thread);
    expect(text).to.match(/\b1 post\b/);
    expect(text, 'the empty-state invitation is gone').to.not.match(/No posts yet/);
    expect(articles(thread)).to.have.length(0);
    await expect(thread).to.be.accessible();
    thread.shadowRoot!.querySelector<HTMLButtonElement>('[part~=new-posts]')!.click();
    await waitForText(thread, /First!/);
    expect(shadowText(thread)).to.not.match(/No posts yet/);
    expect(thread.shadowRoot!.querySelector('[part~=new-posts]')).to.not.exist;
  });
});
