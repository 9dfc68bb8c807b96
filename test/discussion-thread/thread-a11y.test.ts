// Issue #13 item 5 for <pk-discussion-thread>: where focus lands after each action, what is
// announced, toggles that keep their name, pressed states that survive forced colours and need no
// colour vision, and a long thread a keyboard can leave. Real Chromium, real keys (sendKeys).
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { targetsTooSmall } from '../a11y-support.js';
import { expectPageAccessible } from '../axe-page.js';
import { uniqueRoom } from '../support.js';
import {
  articles,
  btn,
  ignoreResizeObserverNotice,
  postWith,
  seed,
  submit,
  threadOnHub,
  typeInto,
  untilVisible,
} from './thread-support.js';

const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };
const active = (t: PkDiscussionThread) => t.shadowRoot!.activeElement as HTMLElement | null;
const live = (t: PkDiscussionThread) => t.shadowRoot!.querySelector('[role=status][aria-live=polite]')!.textContent ?? '';

async function myPost(text = 'My own post') {
  const hub = new MemoryHub();
  const room = uniqueRoom('a11y');
  const { thread } = await threadOnHub(
    hub,
    room,
    { id: 'ann', name: 'Ann' },
    html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
  );
  await thread.post(text);
  await waitUntil(() => articles(thread).length === 1, 'my post is shown');
  return { hub, room, thread, post: () => postWith(thread, text) };
}

describe('<pk-discussion-thread> accessibility (#13)', function () {
  this.timeout(60000);

  it('Edit (keyboard) puts focus in the edit box; Save and Escape give it back to the post', async () => {
    const { thread, post } = await myPost();
    const id = post().dataset.id!;
    const article = () => thread.shadowRoot!.querySelector(`article[data-id="${id}"]`);
    const press = async (name: RegExp, key = 'Enter') => {
      btn(article()!, name).focus();
      await sendKeys({ press: key });
    };
    await press(/^Edit$/);
    await waitUntil(() => active(thread)?.id === 'compose-edit', `focus in the edit box, not on ${active(thread)?.outerHTML.slice(0, 60)}`);
    await typeInto(thread, 'Changed text', '#compose-edit');
    await submit(thread, '#compose-edit');
    await waitUntil(
      () => active(thread) === article() && /Changed text/.test(article()!.textContent ?? ''),
      'focus back on the saved post',
    );
    await press(/^Edit$/);
    await waitUntil(() => active(thread)?.id === 'compose-edit', 'focus in the edit box again');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active(thread) === article(), 'Escape gives focus back to the post');
  });

  it('Delete (keyboard) puts focus on the confirmation, on its safe choice; Cancel gives it back to the post, confirming to the post that takes its place', async () => {
    const { thread, post } = await myPost('First post');
    await thread.post('Second post');
    await waitUntil(() => articles(thread).length === 2);
    btn(post(), /^Delete$/).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => !!active(thread)?.closest('.confirm'),
      `focus on the confirmation, not on ${active(thread)?.outerHTML.slice(0, 60)}`,
    );
    expect(active(thread)!.textContent).to.match(/Cancel/, 'the safe choice has focus');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(thread) === post(), 'Cancel gives focus back to the post');
    btn(post(), /^Delete$/).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !!active(thread)?.closest('.confirm'));
    btn(post(), /^Delete$/).click();
    await waitUntil(() => articles(thread).length === 1, 'the post is gone');
    await waitUntil(() => active(thread) === postWith(thread, 'Second post'), 'focus on the post that took its place');
  });

  it('Escape closes the reaction picker and gives focus back to its button', async () => {
    const { thread, post } = await myPost();
    const open = btn(post(), /Add a reaction|React/);
    open.focus();
    open.click();
    await waitUntil(() => !!thread.shadowRoot!.querySelector('.picker'), 'the picker opens');
    (thread.shadowRoot!.querySelector('.picker button') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !thread.shadowRoot!.querySelector('.picker'), 'Escape closes the picker');
    await waitUntil(() => active(thread)?.getAttribute('aria-expanded') === 'false', 'focus back on the picker button');
  });

  it('a post sent, going offline, and a post queued while offline are announced politely', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('a11y-say');
    const { thread, transport } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    await thread.post('Sent at once');
    await waitUntil(() => /Post sent/.test(live(thread)), `"Post sent" announced, got "${live(thread)}"`, { timeout: 8000 });
    transport.simulateDrop();
    await waitUntil(() => /Offline/.test(live(thread)), `"Offline" announced, got "${live(thread)}"`, { timeout: 8000 });
    void thread.post('Written on the train');
    await waitUntil(() => /waiting to be sent|Post saved/.test(live(thread)), `the queued post announced, got "${live(thread)}"`, {
      timeout: 8000,
    });
    transport.simulateRestore();
    await waitUntil(() => /Post sent/.test(live(thread)), `"Post sent" announced once back, got "${live(thread)}"`, { timeout: 8000 });
  });

  it('offline, a post the thread refuses here (locked) is not announced as saved for later: nothing was kept', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('a11y-refused');
    await seed(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, [{ type: 'lock', data: { locked: true } }]);
    const { thread, transport } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    transport.simulateDrop();
    await waitUntil(() => /Offline/.test(live(thread)), `"Offline" announced, got "${live(thread)}"`, { timeout: 8000 });
    const ack = await thread.post('Written on the train');
    expect(ack?.status, 'refused at once, not queued').to.equal('rejected');
    // An announcement is said on a zero-delay timer: one queued after it has run once this one does.
    await new Promise((r) => setTimeout(r, 0));
    await thread.updateComplete;
    expect(live(thread), 'no "saved on this device" for a post that was refused').to.not.match(/Post saved/);
    expect(thread.shadowRoot!.querySelector('[part~=failed]'), 'a refusal here is not offered for Retry').to.equal(null);
    transport.simulateRestore();
  });

  it('toggles keep one label with aria-pressed: Pin, Mark answered, Hide, Lock', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('a11y-mod');
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'A question' } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'fac', name: 'Fay', role: 'facilitator' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    for (const name of [/^Pin$/, /^Mark answered$/, /^Hide$/]) {
      const before = btn(postWith(thread, 'A question'), name);
      expect(before.getAttribute('aria-pressed')).to.equal('false');
      before.click();
      await waitUntil(
        () => btn(postWith(thread, 'A question'), name).getAttribute('aria-pressed') === 'true',
        `${name} pressed, same label`,
      );
    }
    const lock = btn(thread.shadowRoot!, /^Lock( discussion)?$/);
    lock.click();
    await waitUntil(
      () => btn(thread.shadowRoot!, /^Lock( discussion)?$/).getAttribute('aria-pressed') === 'true',
      'Lock pressed, same label',
    );
  });

  it('my upvote and my reaction are not shown by colour alone, and survive forced colours', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('a11y-mine');
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Vote on me' } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    await thread.upvote(postWith(thread, 'Vote on me').dataset.id!);
    await waitUntil(() => btn(postWith(thread, 'Vote on me'), /Upvote/).getAttribute('aria-pressed') === 'true');
    const on = btn(postWith(thread, 'Vote on me'), /Upvote/);
    const off = btn(postWith(thread, 'Vote on me'), /^Reply$/);
    const [a, b] = [getComputedStyle(on), getComputedStyle(off)];
    // A cue beyond colour: a thicker border or a mark drawn before the label.
    const mark = getComputedStyle(on, '::before').content;
    expect(a.borderTopWidth !== b.borderTopWidth || (mark !== 'none' && mark !== 'normal'), 'a non-colour cue').to.equal(true);
    await executeServerCommand('forced-colors', { value: 'active' });
    try {
      await waitUntil(() => matchMedia('(forced-colors: active)').matches, 'forced colours on');
      const fa = getComputedStyle(btn(postWith(thread, 'Vote on me'), /Upvote/));
      const fb = getComputedStyle(btn(postWith(thread, 'Vote on me'), /^Reply$/));
      expect(fa.backgroundColor, 'pressed differs from not pressed in forced colours').to.not.equal(fb.backgroundColor);
    } finally {
      await executeServerCommand('forced-colors', { value: 'none' });
    }
  });

  it('a 600-post thread can be left with Tab after its focused post, and with Shift+Tab before it', async function () {
    // The virtualizer lays out on animation frames, which only the page in front gets. Wait for our
    // turn rather than take the front: another file's scrolling test may be running there.
    try {
      await untilVisible(30000);
    } catch {
      this.skip(); // hidden behind another file's tab for good: nothing here can be asserted
    }
    ignoreResizeObserverNotice();
    const hub = new MemoryHub();
    const room = uniqueRoom('a11y-tab');
    await seed(
      hub,
      room,
      bob,
      Array.from({ length: 600 }, (_, i) => ({
        type: 'post',
        data: { body: `Post [link ${i}](https://example.com/${i}) number ${i + 1}` },
      })),
    );
    const { session, thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    const after = document.createElement('button');
    after.textContent = 'After the thread';
    session.after(after);
    try {
      await waitUntil(
        () => thread.shadowRoot!.querySelector('[part~=feed]')?.classList.contains('virtual') && articles(thread).length > 3,
        'virtualized',
        { timeout: 15000 },
      );
      articles(thread)[0]!.focus();
      await waitUntil(() => active(thread) === articles(thread)[0]);
      // A post's own controls come first; then Tab leaves the feed (a handful of presses, not hundreds).
      for (let i = 0; i < 15 && document.activeElement !== after; i++) await sendKeys({ press: 'Tab' });
      expect(document.activeElement, 'Tab reached the button after the thread').to.equal(after);
      articles(thread)[0]!.focus();
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      const back = active(thread);
      expect(back && !back.closest('[part~=feed]'), `Shift+Tab left the feed, now on ${back?.outerHTML.slice(0, 60)}`).to.equal(true);
    } finally {
      after.remove();
      window.scrollTo(0, 0);
    }
  });

  it('every target is at least 24 px at 200% text, and axe finds nothing on the page (participant and facilitator)', async () => {
    for (const role of ['participant', 'facilitator'] as const) {
      const hub = new MemoryHub();
      const room = uniqueRoom('a11y-axe');
      await seed(hub, room, bob, [
        { type: 'post', data: { body: 'Hello **there**, see [the docs](https://example.com)' } },
        { type: 'react', data: { postId: 'x', reaction: 'like', on: true } },
      ]);
      // 200% text, as a reader's browser setting makes it.
      document.documentElement.style.fontSize = '200%';
      try {
        const { thread } = await threadOnHub(
          hub,
          room,
          { id: `${role}-1`, name: 'Ann', role },
          html`<pk-discussion-thread thread-id="t" allow-anonymous></pk-discussion-thread>`,
        );
        await thread.post('Mine, with a reaction');
        await waitUntil(() => articles(thread).length === 2);
        await thread.react(postWith(thread, 'Mine').dataset.id!, 'like');
        btn(postWith(thread, 'Mine'), /Add a reaction|React/).click();
        await thread.updateComplete;
        expect(targetsTooSmall(thread), `${role}: targets under 24 px`).to.deep.equal([]);
        await expectPageAccessible();
      } finally {
        document.documentElement.style.fontSize = '';
      }
    }
  });
});
