import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { uniqueRoom, whileRequestsFail } from '../support.js';
import { articles, seed, threadOnHub } from './thread-support.js';

// A file of its own: the virtualizer's module must not be in this page yet when the fault is set (a
// page loads it once). Chromium really fails the request, as when hotel Wi-Fi drops it.
describe('<pk-discussion-thread> when the virtualizer cannot load', () => {
  it('renders every post of a long thread instead of only the first screen', async function () {
    this.timeout(60000);
    const hub = new MemoryHub();
    const room = uniqueRoom('thread-virt');
    const bob = { id: 'bob', name: 'Bob', role: 'participant' as const };
    await seed(
      hub,
      room,
      bob,
      Array.from({ length: 230 }, (_, i) => ({ type: 'post', data: { body: `Post number ${i + 1}` } })),
    );
    const { value: thread, logged } = await whileRequestsFail('virtualizer', async (logged) => {
      const { thread } = await threadOnHub(
        hub,
        room,
        { id: 'ann', name: 'Ann' },
        html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      );
      await waitUntil(() => logged.length > 0, 'the failed load is reported', { timeout: 5000 });
      return thread;
    });
    expect(logged.join('\n')).to.match(/could not load the virtualizer; rendering every post instead/);
    await waitUntil(() => articles(thread).length === 230, `all 230 posts rendered (now ${articles(thread).length})`, { timeout: 10000 });
    const feed = thread.shadowRoot!.querySelector('[part~=feed]')!;
    expect(feed.classList.contains('virtual')).to.equal(false);
    expect(articles(thread).at(-1)!.textContent).to.match(/Post number 230/);
    expect(articles(thread)[0]!.getAttribute('aria-setsize')).to.equal('230');
    await expect(thread).to.be.accessible();
  });
});
