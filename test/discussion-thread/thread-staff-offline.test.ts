import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { shadowText, uniqueRoom, waitForText, whileRequestsFail } from '../support.js';
import { btn, postWith, seed, threadOnHub } from './thread-support.js';

// A file of its own: the facilitator tools' module must not be in this page yet when the fault is
// set (a page loads it once). Chromium really fails the request, as when hotel Wi-Fi drops it.
describe('<pk-discussion-thread> when the facilitator tools cannot load', () => {
  it('says so in their place, and the thread keeps working', async function () {
    this.timeout(30000);
    const hub = new MemoryHub();
    const room = uniqueRoom('thread-staff');
    const bob = { id: 'bob', name: 'Bob', role: 'participant' as const };
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'A question for the room' } }]);
    const tpl = html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`;
    const { value: fay, logged } = await whileRequestsFail('thread-staff', async () => {
      const { thread } = await threadOnHub(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, tpl);
      await waitUntil(() => thread.shadowRoot!.querySelector('[part~=error][role=alert]'), `a failure notice in: ${shadowText(thread)}`, {
        timeout: 5000,
      });
      return thread;
    });
    const notice = fay.shadowRoot!.querySelector('[part~=error][role=alert]')!;
    expect(notice.textContent).to.match(/facilitator tools could not load\. Check the connection, then reload the page\./);
    expect(fay.shadowRoot!.querySelector('[part~=moderation]')).to.not.exist;
    expect(() => btn(postWith(fay, 'A question'), /^Pin$/)).to.throw();
    expect(logged.join('\n')).to.match(/could not load the thread facilitator tools/);
    await expect(fay).to.be.accessible();

    // The export comes with the tools: it says why it cannot run instead of returning nothing.
    const failure = await fay.exportThread('json').then(
      () => null,
      (e: unknown) => String(e),
    );
    expect(failure).to.match(/thread export could not load: check the connection, then reload the page/);

    // The thread works without them: a participant sees no notice, posts, and the facilitator reads it.
    const { thread: ann } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl);
    expect(ann.shadowRoot!.querySelector('[part~=error]')).to.not.exist;
    await ann.post('Still taking part');
    await waitUntil(() => fay.newPosts === 1, 'the post waits behind "Show 1 new post"', { timeout: 5000 });
    await fay.showNewPosts();
    await waitForText(fay, /Still taking part/);
    // Moderation from script does not need the chunk: the action is the element's.
    await fay.moderate('pin', postWith(ann, 'Still taking part').dataset.id!, true);
    await waitForText(ann, /Pinned/);
  });
});
