// Issue #12 item 1: focus management must never fight the reader's scrolling. Real Chromium, real
// mouse clicks and real wheel input (CDP mouseWheel through the `mouse-wheel` server command).
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { uniqueRoom } from '../support.js';
import { articles, ignoreResizeObserverNotice, seed, threadOnHub, untilVisible } from './thread-support.js';

const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };

const wheel = (deltaY: number) =>
  executeServerCommand('mouse-wheel', { x: Math.round(innerWidth / 2), y: Math.round(innerHeight / 2), deltaY });

/** Resolves after `n` animation frames: the virtualizer and any focus restoration get their turn. */
const frames = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
};

/** Waits until window.scrollY has not changed for a few frames, and returns it. */
async function settledScroll(): Promise<number> {
  let last = -1;
  let still = 0;
  await waitUntil(
    async () => {
      await frames(1);
      still = scrollY === last ? still + 1 : 0;
      last = scrollY;
      return still >= 8;
    },
    'the page stops scrolling',
    { timeout: 15000 },
  );
  return scrollY;
}

/** Clicks (real mouse) the meta line of the first post fully on screen, and returns that post. */
async function clickAPost(thread: PkDiscussionThread): Promise<HTMLElement> {
  const post = articles(thread).find((a) => {
    const r = a.getBoundingClientRect();
    return r.top > 40 && r.bottom < innerHeight - 40;
  });
  if (!post) throw new Error('no post fully on screen');
  const meta = post.querySelector('[part~=post-meta] time')!.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(meta.left + 2), Math.round(meta.top + meta.height / 2)] });
  await waitUntil(() => thread.shadowRoot!.activeElement === post, 'the click gives the post focus');
  return post;
}

/**
 * Scrolls the window to `top` the way a host page does, and returns where the page settles. The
 * virtualizer itself may move the page once after a long jump while it is still measuring rows
 * (it keeps the row it anchored on in place): asking again then lands. A page that is pulled back
 * every time (focus management fighting the scroll) never gets there.
 */
async function scrollPageTo(top: number): Promise<number> {
  let at = -1;
  for (let i = 0; i < 3 && Math.abs(at - top) >= 2; i++) {
    window.scrollTo(0, top);
    at = await settledScroll();
  }
  return at;
}

for (const size of [320, 2600]) {
  describe(`<pk-discussion-thread>: scrolling a long thread (${size} posts) with a post focused`, function () {
    this.timeout(120000);
    let thread: PkDiscussionThread;

    beforeEach(async function () {
      try {
        // Wheel input and the virtualizer need frames, which only the page on screen gets.
        await executeServerCommand('bring-to-front');
        await untilVisible(30000);
      } catch {
        this.skip(); // a hidden page gets no frames: nothing is laid out, nothing to assert
      }
      ignoreResizeObserverNotice();
      const hub = new MemoryHub();
      const room = uniqueRoom('scroll');
      await seed(
        hub,
        room,
        bob,
        Array.from({ length: size }, (_, i) => ({ type: 'post', data: { body: `Post number ${i + 1}` } })),
      );
      ({ thread } = await threadOnHub(
        hub,
        room,
        { id: 'ann', name: 'Ann' },
        html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      ));
      await waitUntil(() => thread.shadowRoot!.querySelector('[part~=feed]')?.classList.contains('virtual'), 'virtualizer loaded', {
        timeout: 15000,
      });
      await waitUntil(() => articles(thread).length > 0 && document.documentElement.scrollHeight > 20 * innerHeight, 'laid out', {
        timeout: 15000,
      });
    });

    afterEach(() => window.scrollTo(0, 0));

    it('the wheel scrolls the page away from a clicked post, up and down', async () => {
      const start = await scrollPageTo(18000);
      await clickAPost(thread);
      for (let i = 0; i < 8; i++) await wheel(-1500);
      const up = await settledScroll();
      expect(start - up, `scrolled up from ${start} to ${up}`).to.be.above(6000);
      await frames(30);
      expect(Math.abs(scrollY - up), 'the page stays where the reader scrolled to').to.be.below(2);
      await clickAPost(thread);
      for (let i = 0; i < 8; i++) await wheel(1500);
      const down = await settledScroll();
      expect(down - up, `scrolled down from ${up} to ${down}`).to.be.above(6000);
    });

    it('window.scrollTo is honoured while a post has focus, and the page does not bounce back', async () => {
      await scrollPageTo(18000);
      await clickAPost(thread);
      for (const target of [2000, 30000, 9000]) {
        const at = await scrollPageTo(target);
        expect(Math.abs(at - target), `asked for ${target}, at ${at}`).to.be.below(2);
        await frames(30);
        expect(Math.abs(scrollY - target), `still at ${target} (now ${scrollY})`).to.be.below(2);
      }
    });
  });
}
