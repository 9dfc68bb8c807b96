// Opening a long thread: the history is folded in slices, so the first posts are on screen before
// the whole history is in; `loaded` (TopicHandle) means "caught up to the authority's head at
// subscribe time", never "the first event arrived"; own posts and focus survive the catch-up.
import { expect, html, waitUntil as waitFor } from '@open-wc/testing';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { getPost, threadModel, type ThreadState } from '../../src/components/discussion-thread/thread-model.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import type { TopicHandle } from '../../src/core/client/topic-handle.js';
import { TransportError, type ConnectOptions, type FetchResult } from '../../src/core/protocol/transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { quietFor } from '../quiet.mjs';
import { uniqueRoom } from '../support.js';
import { articles, ignoreResizeObserverNotice, seed, threadOnHub, untilVisible } from './thread-support.js';

const waitUntil = (predicate: () => unknown, message?: string, options: { timeout?: number } = {}) =>
  waitFor(predicate, message, { timeout: 8000, ...options });

const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };
const posts = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ type: 'post', data: { body: `Post ${i + from}` } }));

/** A MemoryTransport that connects only when released, so a test can watch from the very start. */
class HeldTransport extends MemoryTransport {
  release!: () => void;
  #gate = new Promise<void>((r) => (this.release = r));
  override async connect(options: ConnectOptions): Promise<void> {
    await this.#gate;
    return super.connect(options);
  }
}

/**
 * A MemoryTransport that answers the first page of history and then holds every later page (the
 * head question still answers): the thread stays in its "catching up" state for the test to look at.
 */
class FirstPageOnly extends MemoryTransport {
  #pages = 0;
  override fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (since < Number.MAX_SAFE_INTEGER && this.#pages++ > 0) return new Promise(() => {});
    return super.fetch(topic, since, limit);
  }
}

/** Like FirstPageOnly, but the later pages come when released: the test decides when catching up ends. */
class LaterPagesHeld extends MemoryTransport {
  release!: () => void;
  #gate = new Promise<void>((r) => (this.release = r));
  #pages = 0;
  override async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (since < Number.MAX_SAFE_INTEGER && this.#pages++ > 0) await this.#gate;
    return super.fetch(topic, since, limit);
  }
}

/** A MemoryTransport whose fetch() answers only when released (the subscription still delivers). */
/** A MemoryTransport that cannot fetch at all (only its subscription works). */
class NoFetchTransport extends MemoryTransport {
  override async fetch(): Promise<FetchResult> {
    throw new TransportError('not_supported', 'no fetch here', false);
  }
}

/** Watches the thread's shadow root; `first` is what was true when the first post appeared. */
function watchFirstPost(thread: PkDiscussionThread) {
  const seen: { first: null | { folded: number; loaded: boolean; busy: string | null; status: string; text: string } } = { first: null };
  const mo = new MutationObserver(() => {
    if (seen.first) return;
    const article = thread.shadowRoot!.querySelector('article[data-id]');
    if (!article) return;
    const handle = thread.ctl.handle!;
    seen.first = {
      folded: handle.folded,
      loaded: thread.threadLoaded,
      busy: thread.shadowRoot!.querySelector('[part~=feed]')!.getAttribute('aria-busy'),
      status: [...thread.shadowRoot!.querySelectorAll('[part~=status]')].map((s) => s.textContent).join(' '),
      text: article.textContent ?? '',
    };
    mo.disconnect();
  });
  mo.observe(thread.shadowRoot!, { childList: true, subtree: true });
  return seen;
}

describe('TopicHandle.loaded: caught up to the head at subscribe time', () => {
  let hub: MemoryHub;
  let room: string;
  const clients: SessionClient[] = [];
  beforeEach(() => {
    hub = new MemoryHub({ models: [threadModel] });
    room = uniqueRoom('thread-load');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  const client = (transport: MemoryTransport, id = 'viewer') => {
    const c = new SessionClient({ room, transport, identity: { id, name: id, role: 'participant' }, outbox: new MemoryOutbox() });
    clients.push(c);
    return c;
  };

  it('stays false while the history is replayed, and turns true with every post of it folded', async () => {
    await seed(hub, room, bob, posts(1500));
    const h = client(new MemoryTransport(hub)).topic('thread:t', threadModel);
    let eventsBeforeLoaded = false;
    let atLoaded: { folded: number; count: number } | null = null;
    h.subscribe(() => {
      if (!h.loaded && h.cursor > 0) eventsBeforeLoaded = true;
      if (h.loaded && !atLoaded) atLoaded = { folded: h.folded, count: h.state.count };
    });
    await waitUntil(() => h.loaded, 'loads');
    expect(eventsBeforeLoaded, 'events arrived before it was loaded').to.equal(true);
    expect(atLoaded, 'the first time it reads loaded').to.deep.equal({ folded: 1500, count: 1500 });
    expect(h.backlog).to.equal(0);
  });

  it('the first events are not "loaded": it waits for the history up to the head the authority reported', async () => {
    await seed(hub, room, bob, posts(30));
    const t = new LaterPagesHeld(hub, { limits: { maxPage: 10 } });
    const h = client(t).topic('thread:t', threadModel);
    await waitUntil(() => h.folded === 10, 'the first page arrived and is folded');
    // Events are in and nothing else is coming yet, but the head said 30.
    await quietFor(50, '"loaded" before the head', () => h.loaded || h.state.count !== 10);
    t.release();
    await waitUntil(() => h.loaded && h.state.count === 30, 'loads once the rest of the history is folded');
  });

  it('an empty topic is loaded at once; a transport without fetch falls back to the session catching up', async () => {
    const empty = client(new MemoryTransport(hub), 'e').topic('thread:empty', threadModel);
    await waitUntil(() => empty.loaded, 'empty topic loads');
    expect(empty.cursor).to.equal(0);

    await seed(hub, room, bob, posts(20));
    const warn = console.warn;
    console.warn = () => {};
    try {
      const h = client(new NoFetchTransport(hub), 'n').topic('thread:t', threadModel);
      await waitUntil(() => h.loaded && h.state.count === 20, 'loads from the subscription alone');
    } finally {
      console.warn = warn;
    }
  });

  it('my own post sent during the catch-up never disappears (its ack can come before its event is folded)', async () => {
    await seed(hub, room, bob, posts(3000));
    const me: Actor = { id: 'me', name: 'Me', role: 'participant' };
    const c = client(new MemoryTransport(hub), me.id);
    const h: TopicHandle<ThreadState> = c.topic('thread:t', threadModel);
    // Send as soon as the first part of the history is in, while the rest is still on its way.
    await new Promise<void>((resolve) => {
      const off = h.subscribe(() => {
        if (h.folded > 0 && !h.loaded) {
          off();
          resolve();
        }
      });
    });
    let opId: string | null = null;
    let gone = 0;
    let checks = 0;
    h.subscribe(() => {
      opId ??= h.pending.find((p) => p.op.type === 'post')?.op.opId ?? null;
      if (!opId) return;
      checks++;
      if (!getPost(h.state, opId)) gone++;
    });
    const ack = await h.send('post', { body: 'Mine, during the catch-up' });
    expect(ack.status).to.equal('applied');
    expect(ack.opId).to.equal(opId);
    expect(getPost(h.confirmed, opId!), 'acknowledged before its event was folded').to.equal(undefined);
    await waitUntil(() => h.loaded && h.pending.length === 0 && h.backlog === 0, 'folded');
    expect(checks).to.be.above(0);
    expect(gone, 'renders where my post was missing').to.equal(0);
    expect(getPost(h.confirmed, opId!)?.body).to.equal('Mine, during the catch-up');
  });
});

describe('<pk-discussion-thread>: opening a long thread', function () {
  this.timeout(30000);
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    ignoreResizeObserverNotice();
    hub = new MemoryHub();
    room = uniqueRoom('thread-long');
  });

  it('shows the first posts before the whole history is folded, busy until it is; history is not "new"', async () => {
    await seed(hub, room, bob, posts(3000));
    const transport = new HeldTransport(hub);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      transport,
      false,
    );
    const seen = watchFirstPost(thread);
    transport.release();
    await waitUntil(() => seen.first, 'the first post appears');
    expect(seen.first!.loaded, 'not loaded yet').to.equal(false);
    expect(seen.first!.folded, 'folded when the first post appeared').to.be.below(3000);
    expect(seen.first!.busy).to.equal('true');
    expect(seen.first!.status).to.match(/Loading more posts/);
    expect(seen.first!.text).to.contain('Post 1');

    await waitUntil(() => thread.threadLoaded, 'history loaded');
    await thread.updateComplete;
    expect(thread.threadState.count).to.equal(3000);
    expect(thread.newPosts, 'the history is not held behind "new posts"').to.equal(0);
    expect(thread.shadowRoot!.querySelector('[part~=feed]')!.getAttribute('aria-busy')).to.equal('false');
    // The virtualizer renders its rows after the host's update (it first hands the new list to its
    // layout), so the rows catch up a moment after updateComplete: wait for what a listener hears.
    await waitUntil(() => articles(thread)[0]?.getAttribute('aria-setsize') === '3000', 'rows announce the whole thread', {
      timeout: 5000,
    });
    expect(thread.shadowRoot!.textContent).to.not.match(/Loading more posts/);
  });

  it('sort="newest" waits for the end of the history: its first screen is the newest post', async () => {
    // Three pages of history (50 posts each) and no virtualization (under 200 posts): what the
    // first screen shows does not depend on animation frames, which a hidden page never gets.
    await seed(hub, room, bob, posts(150));
    const transport = new HeldTransport(hub, { limits: { maxPage: 50 } });
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann' },
      html`<pk-discussion-thread thread-id="t" sort="newest"></pk-discussion-thread>`,
      transport,
      false,
    );
    const seen = watchFirstPost(thread);
    transport.release();
    await waitUntil(() => seen.first, 'the first post appears');
    expect(seen.first!.loaded, 'only once loaded').to.equal(true);
    expect(seen.first!.text).to.contain('Post 150');
  });

  it('focus stays on the post being read while the rest of the history arrives', async function () {
    // Focus goes back to rows the virtualizer lays out on animation frames: a hidden page (see
    // untilVisible) gets none, and there is nothing on screen to focus.
    this.timeout(60000);
    try {
      await untilVisible(30000);
    } catch {
      this.skip(); // hidden behind another file's tab for good: nothing here can be asserted
    }
    await seed(hub, room, bob, posts(3000));
    const transport = new LaterPagesHeld(hub);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      transport,
      false,
    );
    await waitUntil(() => articles(thread).length > 1, 'first posts');
    const target = articles(thread)[1]!;
    const id = target.dataset.id;
    target.focus();
    expect(thread.threadLoaded, 'still catching up when focused').to.equal(false);
    transport.release();
    await waitUntil(() => thread.threadLoaded, 'history loaded');
    await waitUntil(() => thread.shadowRoot!.querySelector('[part~=feed]')?.classList.contains('virtual'), 'virtualizer in place');
    await untilVisible(20000);
    await waitUntil(() => (thread.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id === id, 'focus is on the same post');
  });

  it('while catching up: the first page is on screen, the thread says more is coming and is busy (accessible)', async () => {
    // Pages of 50 and 120 posts: a history in three pages, short enough to stay out of the
    // virtualizer (which lays out on animation frames, which a page hidden by another file's tabs never gets).
    await seed(hub, room, bob, posts(120));
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      new FirstPageOnly(hub, { limits: { maxPage: 50 } }),
      false,
    );
    await waitUntil(() => articles(thread).length > 0, 'first posts painted');
    await waitUntil(() => /Loading more posts/.test(thread.shadowRoot!.textContent ?? ''), 'says more is coming');
    expect(thread.threadLoaded).to.equal(false);
    expect(thread.shadowRoot!.querySelector('[aria-busy]')!.getAttribute('aria-busy')).to.equal('true');
    expect(articles(thread)[0]!.textContent).to.contain('Post 1');
    await expect(thread).to.be.accessible();
  });
});
