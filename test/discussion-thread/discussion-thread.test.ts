import { expect, fixture, html, oneEvent, waitUntil as waitFor } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import type { PkMentionDetail, PkPostDetail, PkThreadExportDetail } from '../../src/components/discussion-thread/thread-events.js';
import { getPost } from '../../src/components/discussion-thread/thread-model.js';
import type { FetchResult } from '../../src/core/protocol/transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { accessibleName, ThreadHarness } from '../../src/testing/index.js';
import { shadowText, uniqueRoom, waitForText } from '../support.js';
import { ignoreResizeObserverNotice, seed, threadOnHub as threadOnly, untilVisible } from './thread-support.js';

/** A thread on the hub with its harness (`user`): the steps a person takes, on the real controls. */
async function threadOnHub(...args: Parameters<typeof threadOnly>) {
  const t = await threadOnly(...args);
  return { ...t, user: new ThreadHarness(t.thread) };
}

/** waitUntil with a 5 s default: the suite runs beside others on a busy machine. */
const waitUntil = (predicate: () => unknown, message?: string, options: { timeout?: number } = {}) =>
  waitFor(predicate, message, { timeout: 5000, ...options });

const ann: Actor = { id: 'ann', name: 'Ann', role: 'participant' };
const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };
const fay: Actor = { id: 'fay', name: 'Fay', role: 'facilitator' };
const tpl = (extra = '') =>
  extra === 'anon'
    ? html`<pk-discussion-thread thread-id="t" allow-anonymous></pk-discussion-thread>`
    : extra === 'readonly'
      ? html`<pk-discussion-thread thread-id="t" readonly></pk-discussion-thread>`
      : html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`;

/** A MemoryTransport whose fetches wait until released: the thread stays "loading". */
class GatedTransport extends MemoryTransport {
  release!: () => void;
  #gate = new Promise<void>((r) => (this.release = r));
  override async fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    await this.#gate;
    return super.fetch(topic, since, limit);
  }
}

describe('<pk-discussion-thread>', () => {
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('thread');
  });

  describe('authoring mistakes render a visible, specific error', () => {
    const cases: Array<[string, ReturnType<typeof html>, RegExp]> = [
      ['no thread-id', html`<pk-discussion-thread></pk-discussion-thread>`, /thread-id attribute/],
      ['unusable thread-id', html`<pk-discussion-thread thread-id="a b/c"></pk-discussion-thread>`, /not usable/],
      ['unknown sort', html`<pk-discussion-thread thread-id="t" sort="random"></pk-discussion-thread>`, /Unknown sort "random"/],
      ['bad max-depth', html`<pk-discussion-thread thread-id="t" max-depth="12"></pk-discussion-thread>`, /max-depth/],
      ['bad edit-window', html`<pk-discussion-thread thread-id="t" edit-window="-5"></pk-discussion-thread>`, /edit-window/],
    ];
    for (const [name, t, re] of cases) {
      it(name, async () => {
        const errors: string[] = [];
        const orig = console.error;
        console.error = (...a: unknown[]) => errors.push(a.join(' '));
        try {
          const el = await fixture<PkDiscussionThread>(t);
          const alert = el.shadowRoot!.querySelector('[role=alert]');
          expect(alert!.textContent).to.match(/cannot be shown/);
          expect(alert!.textContent).to.match(re);
          expect(errors.some((e) => re.test(e))).to.equal(true);
          await expect(el).to.be.accessible();
        } finally {
          console.error = orig;
        }
      });
    }
  });

  it('loading, then empty: a status while history loads, then an invitation to post (accessible)', async () => {
    const transport = new GatedTransport(hub);
    const { thread } = await threadOnHub(hub, room, { id: 'ann' }, tpl(), transport, false);
    await waitForText(thread, /Loading the discussion/);
    expect(thread.shadowRoot!.querySelector('[role=status]')!.textContent).to.match(/Loading/);
    await expect(thread).to.be.accessible();
    transport.release();
    await waitForText(thread, /No posts yet/);
    expect(thread.threadLoaded).to.equal(true);
    expect(thread.shadowRoot!.querySelector('textarea')!.getAttribute('placeholder')).to.match(/Ask a question/);
    await expect(thread).to.be.accessible();
  });

  it('posting: my post shows at once (pk-post fires); another participant gets a "new posts" button, not a jump', async () => {
    const a = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'An older post' } }]);
    const b = await threadOnHub(hub, room, { id: 'bob', name: 'Bob' }, tpl());
    await waitForText(b.thread, /An older post/);
    const posted = oneEvent(a.thread, 'pk-post');
    await a.user.write('Hello **everyone**');
    await a.user.send();
    const ev = (await posted) as CustomEvent<PkPostDetail>;
    expect(ev.detail).to.include({ threadId: 't', parentId: null, body: 'Hello **everyone**' });
    await waitUntil(() => a.user.bodies().includes('Hello everyone'), 'my post appears');
    expect(a.user.post('Hello').querySelector('strong')!.textContent).to.equal('everyone');
    expect(a.user.box().value, 'the box is cleared').to.equal('');
    // Bob keeps reading: new posts wait behind a button, nothing moves, focus stays.
    await waitForText(b.thread, /Show 1 new post/);
    const first = b.user.post('An older post');
    first.focus();
    // Ann posts from her own page (a harness would move this page's focus to her box).
    await a.thread.post('A second one');
    await waitForText(b.thread, /Show 2 new posts/);
    expect(b.user.posts()).to.have.length(1);
    expect(b.user.focused() === first, 'focus stays on the post being read').to.equal(true);
    await expect(b.thread).to.be.accessible();
    await b.user.showNewPosts();
    await waitUntil(() => b.user.posts().length === 3, 'new posts shown');
    await waitUntil(() => b.user.focused() === b.user.post('Hello'), 'focus moves to the first new post');
    expect(b.thread.shadowRoot!.querySelector('[part~=new-posts]')).to.not.exist;
  });

  it('replying and quoting: an inline composer labelled with whom you answer (accessible); the reply nests', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'What is a retro?' } }]);
    const { thread, user } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await waitForText(thread, /What is a retro/);
    const question = user.post('What is a retro');
    await user.reply(question);
    expect(accessibleName(user.box(question))).to.equal('Reply to Bob');
    expect(user.focused(), 'focus is in the reply box').to.equal(user.box(question));
    await expect(thread).to.be.accessible();
    await user.write('A look back at how we worked.', question);
    await user.send(question);
    await waitUntil(() => user.posts().length === 2, 'reply shown');
    const reply = user.post('A look back');
    expect(reply.classList.contains('d1')).to.equal(true);
    expect(user.find('[part~=composer]', user.post('What is a retro')), 'the reply box closed').to.not.exist;
    // Quote-reply prefills a block quote of the post.
    await user.reply(user.post('What is a retro'), true);
    expect(user.box(user.post('What is a retro')).value).to.match(/^> \*\*Bob:\*\* What is a retro\?/);
  });

  it('max-depth: a reply below the deepest level attaches there and says whom it answers', async () => {
    const acks = await seed(hub, room, bob, [{ type: 'post', data: { body: 'root' } }]);
    const [r1] = await seed(hub, room, ann, [{ type: 'post', data: { body: 'level one', parent: acks[0]!.opId } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'bob', name: 'Bob' },
      html`<pk-discussion-thread thread-id="t" max-depth="2"></pk-discussion-thread>`,
    );
    await waitForText(thread, /level one/);
    await thread.post('too deep', { parent: r1!.opId });
    await waitForText(thread, /too deep/);
    const deep = new ThreadHarness(thread).post('too deep');
    expect(deep.classList.contains('d1')).to.equal(true);
    expect(deep.textContent).to.match(/In reply to Ann/);
  });

  it('editing: my own post within the window, "edited" shown; others cannot edit (accessible)', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Bob says hi' } }]);
    const { thread, user } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await user.write('Frist post');
    await user.send();
    await waitForText(thread, /Frist post/);
    expect(() => user.action(user.post('Bob says hi'), 'Edit')).to.throw();
    const mine = user.post('Frist post');
    await user.edit(mine);
    expect(user.box(mine).value).to.equal('Frist post');
    await expect(thread).to.be.accessible();
    await user.write('First post', mine);
    await user.send(mine);
    await waitForText(thread, /First post/);
    await waitUntil(() => /edited/.test(user.post('First post').textContent ?? ''), 'edited mark');
    // Through the authority: Bob's client cannot edit Ann's post.
    const bobLink = new MemoryTransport(hub);
    await bobLink.connect({ room, identity: bob });
    const id = user.post('First post').dataset.id!;
    const [ack] = await bobLink.send([
      {
        opId: 'bob-edit-attempt',
        clientId: 'bob',
        topic: 'thread:t',
        type: 'edit',
        data: { postId: id, body: 'mine now' },
        createdAt: Date.now(),
      },
    ]);
    expect(ack!.status === 'rejected' && ack!.error.code).to.equal('not_author');
    await bobLink.close();
  });

  it('deleting: asks first; a post with replies leaves a tombstone; focus stays in the list', async () => {
    const { thread, user } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await thread.post('Delete me'); // resolves once the authority has it: Bob replies to it
    await waitForText(thread, /Delete me/);
    const id = user.post('Delete me').dataset.id!;
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'a reply', parent: id } }]);
    await waitForText(thread, /Show 1 new post/);
    await user.showNewPosts();
    const doomed = user.post('Delete me');
    await user.delete(doomed);
    expect(shadowText(thread)).to.match(/Delete this post\?/);
    // Focus on the confirmation's safe choice (#13): Enter pressed twice does not delete.
    expect(user.focused()!.textContent).to.match(/Cancel/);
    await user.confirmDelete(doomed);
    await waitForText(thread, /This post was deleted/);
    expect(shadowText(thread)).to.not.contain('Delete me');
    expect(shadowText(thread)).to.contain('a reply');
    await waitUntil(() => !!thread.shadowRoot!.activeElement?.closest('article'), 'focus is on a post');
    await expect(thread).to.be.accessible();
  });

  it('offline: my post shows as waiting, then is sent exactly once when the connection is back (accessible)', async () => {
    const { thread, transport } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    transport.simulateDrop();
    await waitForText(thread, /Offline/);
    void thread.post('Written on the train');
    await waitForText(thread, /Written on the train/);
    await waitUntil(
      () => /Waiting to be sent/.test(new ThreadHarness(thread).post('Written on the train').textContent ?? ''),
      'queued badge',
    );
    await waitForText(thread, /1 action waiting/);
    await expect(thread).to.be.accessible();
    transport.simulateRestore();
    await waitUntil(() => !/Waiting to be sent/.test(shadowText(thread)), 'sent', { timeout: 8000 });
    const watcher = new MemoryTransport(hub);
    await watcher.connect({ room, identity: bob });
    const page = await watcher.fetch('thread:t', 0);
    expect(page.events.filter((e) => e.type === 'post')).to.have.length(1);
    await watcher.close();
  });

  it('locked: the facilitator locks from the menu; participants see why and cannot post; the authority refuses them anyway', async () => {
    const f = await threadOnHub(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, tpl());
    const p = await threadOnHub(hub, room, { id: 'pat', name: 'Pat' }, tpl());
    expect(p.thread.shadowRoot!.querySelector('[part~=moderation]'), 'no facilitator menu for participants').to.not.exist;
    await expect(f.thread).to.be.accessible();
    await f.user.moderate('Lock discussion');
    await waitForText(p.thread, /This discussion is locked/);
    expect(p.thread.shadowRoot!.querySelector('textarea')).to.not.exist;
    await expect(p.thread).to.be.accessible();
    const [ack] = await p.transport.send([
      { opId: 'pat-post-locked', clientId: 'pat', topic: 'thread:t', type: 'post', data: { body: 'sneaky' }, createdAt: Date.now() },
    ]);
    expect(ack!.status === 'rejected' && ack!.error.code).to.equal('thread_locked');
    for (const [type, data] of [
      ['lock', { locked: false }],
      ['pin', { postId: 'x', pinned: true }],
      ['hide', { postId: 'x', hidden: true }],
    ] as const) {
      const [r] = await p.transport.send([
        { opId: `pat-${type}-try`, clientId: 'pat', topic: 'thread:t', type, data, createdAt: Date.now() },
      ]);
      expect(r!.status === 'rejected' && r!.error.code, type).to.equal('forbidden');
    }
    expect(p.thread.threadState.locked).to.equal(true);
  });

  it('hidden post: participants see a note instead of the text; the author and facilitators still read it (accessible)', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Something rude' } }]);
    const f = await threadOnHub(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, tpl());
    const p = await threadOnHub(hub, room, { id: 'pat', name: 'Pat' }, tpl());
    const author = await threadOnHub(hub, room, { id: 'bob', name: 'Bob' }, tpl());
    await f.user.act(f.user.post('Something rude'), 'Hide');
    await waitForText(p.thread, /A facilitator hid this post/);
    expect(shadowText(p.thread)).to.not.contain('Something rude');
    await expect(p.thread).to.be.accessible();
    await waitForText(author.thread, /only you and the facilitators can read it/);
    expect(shadowText(author.thread)).to.contain('Something rude');
    await waitUntil(() => /Hidden/.test(f.user.post('Something rude').textContent ?? ''), 'facilitator sees it marked hidden');
    // The toggle keeps its label and says its state (#13): "Hide, pressed" undoes it.
    const hide = f.user.action(f.user.post('Something rude'), 'Hide');
    expect(hide.getAttribute('aria-pressed')).to.equal('true');
    await f.user.click(hide);
    await waitForText(p.thread, /Something rude/);
  });

  it('errors: a refusal shows a readable alert with Dismiss; a post the authority refuses is kept to retry or discard', async () => {
    const { thread, transport, user } = await threadOnHub(hub, room, { id: 'pat', name: 'Pat' }, tpl());
    await thread.post('First');
    await waitForText(thread, /First/);
    const ack = await thread['ctl'].handle!.send('pin', { postId: user.post('First').dataset.id!, pinned: true });
    expect(ack.status).to.equal('rejected');
    await waitForText(thread, /Only a facilitator can do that/);
    expect(user.errors().join(' '), 'an alert says so').to.match(/Only a facilitator can do that/);
    await expect(thread).to.be.accessible();
    await user.press(/Dismiss/, user.part('error'));
    expect(thread.shadowRoot!.querySelector('[part~=error]')).to.not.exist;
    // Locked while I was offline: my view still allows posting, the authority does not.
    transport.simulateDrop();
    await seed(hub, room, fay, [{ type: 'lock', data: { locked: true } }]);
    void thread.post('Posted into a locked thread');
    await waitForText(thread, /Waiting to be sent/);
    transport.simulateRestore();
    await waitForText(thread, /Not posted: This discussion is locked/, 8000);
    const failed = user.part('failed');
    expect(failed.getAttribute('role')).to.equal('alert');
    expect(user.failed()).to.contain('Posted into a locked thread');
    await expect(thread).to.be.accessible();
    await user.press('Discard', failed);
    expect(user.failed(), 'no failed entry left').to.equal('');
  });

  it('a post still queued when its session closes is not shown as failed (Retry would post it twice); the next session sends it once', async () => {
    const { session, thread, transport } = await threadOnHub(hub, room, { id: 'pat', name: 'Pat' }, tpl());
    transport.simulateDrop();
    const sent = thread.post('Written on the train');
    await waitForText(thread, /Waiting to be sent/);
    await session.session!.close();
    expect((await sent)?.status).to.equal('rejected'); // settled as "not answered", retryable
    await thread.updateComplete;
    expect(thread.shadowRoot!.querySelector('[part~=failed]'), 'no failed entry, no Retry').to.not.exist;
  });

  it('long threads: past 200 posts only what is on screen is rendered; arrow keys and j/k still reach every post (accessible)', async function () {
    // The virtualizer lays out on animation frames, which a hidden page never gets: the test runner
    // shows one of the two files it runs at once, and tab tests bring their own tabs to the front.
    this.timeout(60000);
    try {
      await untilVisible(30000);
    } catch {
      this.skip(); // hidden for good: nothing is laid out, nothing to assert
    }
    ignoreResizeObserverNotice();
    await seed(
      hub,
      room,
      bob,
      Array.from({ length: 260 }, (_, i) => ({ type: 'post', data: { body: `Post number ${i + 1}` } })),
    );
    const { thread, user } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await waitUntil(() => thread.shadowRoot!.querySelector('[part~=feed]')?.classList.contains('virtual'), 'virtualizer loaded', {
      timeout: 8000,
    });
    // The first screen (20 rows) shows while the virtualizer loads; then only what fits the viewport.
    await waitUntil(() => user.posts().length > 0 && user.posts().length < 20, 'virtualized rows rendered', { timeout: 5000 });
    const rendered = user.posts().length;
    expect(rendered, `${rendered} rows in the DOM`).to.be.below(20);
    expect(user.posts()[0]!.getAttribute('aria-setsize')).to.equal('260');
    const at = () => user.focused()?.getAttribute('aria-posinset');
    user.posts()[0]!.focus();
    for (let i = 0; i < 3; i++) {
      await user.key(i === 1 ? 'j' : 'ArrowDown');
      await waitUntil(() => at() === String(i + 2), `focus on post ${i + 2}`);
    }
    await user.key('End');
    await waitUntil(() => at() === '260', 'End reaches the last post', { timeout: 5000 });
    expect(user.focused()!.textContent).to.contain('Post number 260');
    await user.key('k');
    await waitUntil(() => at() === '259', 'k goes back');
    await expect(thread).to.be.accessible();
  });

  it('keyboard: one post is tabbable (roving focus), arrows and Home move it; focus stays when posts arrive', async () => {
    await seed(
      hub,
      room,
      bob,
      [1, 2, 3].map((n) => ({ type: 'post', data: { body: `Item ${n}` } })),
    );
    const { thread, user } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    await waitForText(thread, /Item 3/);
    expect(user.posts().filter((a) => a.tabIndex === 0)).to.have.length(1);
    user.posts()[0]!.focus();
    await user.key('ArrowDown');
    await waitUntil(() => user.focused() === user.post('Item 2'), 'down');
    expect(user.post('Item 2').tabIndex).to.equal(0);
    expect(user.post('Item 1').tabIndex).to.equal(-1);
    const focused = user.focused();
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Live one' } }]);
    await thread.post('And mine');
    await waitForText(thread, /And mine/);
    await waitForText(thread, /Show 1 new post/);
    expect(user.focused() === focused, 'focus did not move').to.equal(true);
    await user.key('Home', user.post('Item 2'));
    await waitUntil(() => user.focused() === user.post('Item 1'), 'home');
  });

  it('upvotes and reactions: pressed state for me, counts for everyone', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Vote on me' } }]);
    const a = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    const b = await threadOnHub(hub, room, { id: 'bob', name: 'Bob' }, tpl());
    const annSees = () => a.user.post('Vote on me');
    const bobSees = () => b.user.post('Vote on me');
    expect(b.user.upvoteButton(bobSees()).disabled, 'no upvoting your own post').to.equal(true);
    const upvoted = oneEvent(a.thread, 'pk-post-upvote');
    await a.user.upvote(annSees());
    expect((await upvoted).detail).to.include({ on: true });
    await waitUntil(() => a.user.upvoteButton(annSees()).getAttribute('aria-pressed') === 'true', 'pressed');
    await waitUntil(() => /Upvote\s*1/.test(b.user.upvoteButton(bobSees()).textContent ?? ''), 'Bob sees 1');
    await a.user.click(a.user.action(annSees(), 'Add a reaction'));
    await expect(a.thread).to.be.accessible();
    await a.user.react(annSees(), 'Insightful');
    await waitUntil(() => !!b.user.reaction(bobSees(), 'Insightful: 1'), 'Bob sees the reaction');
    expect(a.user.reaction(annSees(), 'Insightful: 1')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('mentions: suggestions from the room, the mentioned person sees "Mentions you" and gets pk-mention', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Hi all' } }]);
    const a = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
    const b = await threadOnHub(hub, room, { id: 'bob', name: 'Bob' }, tpl());
    await a.user.write('Thanks @Bo');
    expect(a.user.hasButton('Mention Bob', a.user.composer()), 'Bob is suggested').to.equal(true);
    await expect(a.thread).to.be.accessible();
    await a.user.chooseMention('Bob');
    expect(a.user.box().value).to.equal('Thanks @Bob ');
    const mentioned = oneEvent(b.thread, 'pk-mention');
    await a.user.send();
    const ev = (await mentioned) as CustomEvent<PkMentionDetail>;
    expect(ev.detail.by).to.equal('Ann');
    await b.user.showNewPosts();
    const post = b.user.post('Thanks');
    expect(post.textContent).to.contain('Mentions you');
    expect(post.querySelector('[part~=mention]')!.textContent).to.equal('@Bob');
  });

  it('anonymous posting: others see "Anonymous", I see it as mine', async () => {
    const a = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl('anon'));
    const f = await threadOnHub(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, tpl('anon'));
    await a.user.setAnonymous(true);
    await a.user.write('A question I am shy about');
    await a.user.send();
    await waitForText(a.thread, /A question I am shy about/);
    expect(a.user.post('shy').querySelector('.name')!.textContent).to.equal('Ann');
    // Ann's tab shows her post at once, while it is still being saved: wait until it reaches Fay.
    await waitUntil(() => f.thread.newPosts === 1, 'the post reaches the facilitator');
    await f.user.showNewPosts();
    await waitForText(f.thread, /shy about/);
    expect(f.user.post('shy').querySelector('.name')!.textContent).to.equal('Anonymous');
    expect(JSON.stringify(f.thread.threadState)).to.not.contain('"ann"');
  });

  it('sort=top orders by upvotes; the sort menu switches order', async () => {
    const acks = await seed(
      hub,
      room,
      bob,
      [1, 2, 3].map((n) => ({ type: 'post', data: { body: `Question ${n}` } })),
    );
    await seed(hub, room, ann, [{ type: 'upvote', data: { postId: acks[2]!.opId, on: true } }]);
    const { thread, user } = await threadOnHub(
      hub,
      room,
      { id: 'cy', name: 'Cy' },
      html`<pk-discussion-thread thread-id="t" sort="top"></pk-discussion-thread>`,
    );
    await waitForText(thread, /Question 3/);
    expect(user.bodies()).to.deep.equal(['Question 3', 'Question 1', 'Question 2']);
    await user.sortBy('newest');
    expect(user.posts()[0]!.textContent).to.contain('Question 3');
    expect(user.posts()[2]!.textContent).to.contain('Question 1');
  });

  it('export: the facilitator menu gives JSON and Markdown (pk-thread-export, cancelable)', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Exported text' } }]);
    const { thread, user } = await threadOnHub(hub, room, { id: 'fay', name: 'Fay', role: 'facilitator' }, tpl());
    thread.addEventListener('pk-thread-export', (e) => e.preventDefault());
    const json = oneEvent(thread, 'pk-thread-export');
    await user.moderate('Export as JSON');
    const j = ((await json) as CustomEvent<PkThreadExportDetail>).detail;
    expect(j.filename).to.equal('thread-t.json');
    expect(JSON.parse(j.content).posts[0]).to.include({ body: 'Exported text', author: 'Bob' });
    const md = oneEvent(thread, 'pk-thread-export');
    await user.moderate('Export as Markdown');
    const m = ((await md) as CustomEvent<PkThreadExportDetail>).detail;
    expect(m.content).to.match(/- \*\*Bob\*\* · .*\n\n {2}Exported text/);
  });

  // Issue #12 item 8: the export is titled by the thread's label, not its id.
  it('exports are titled by the label; without one, as the widget titles itself', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Exported text' } }]);
    const labelled = await threadOnHub(
      hub,
      room,
      { id: 'fay', name: 'Fay', role: 'facilitator' },
      html`<pk-discussion-thread thread-id="t" label="Week 3: questions &amp; answers"></pk-discussion-thread>`,
    );
    labelled.thread.addEventListener('pk-thread-export', (e) => e.preventDefault());
    const md = await labelled.thread.exportThread('markdown');
    expect(md.split('\n')[0]).to.equal('# Week 3: questions & answers');
    expect(md).to.contain('Thread `t` · exported ');
    expect(JSON.parse(await labelled.thread.exportThread('json'))).to.include({ threadId: 't', title: 'Week 3: questions & answers' });
    const plain = await threadOnHub(
      hub,
      room,
      { id: 'fay', name: 'Fay', role: 'facilitator' },
      html`<pk-discussion-thread lang="nl" thread-id="t"></pk-discussion-thread>`,
    );
    await plain.thread.localeReady;
    plain.thread.addEventListener('pk-thread-export', (e) => e.preventDefault());
    expect((await plain.thread.exportThread('markdown')).split('\n')[0]).to.equal('# Discussie');
  });

  it('a Dutch facilitator gets the facilitator tools in Dutch, from their chunk: the menu, and “Vastzetten” pins a post', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Goede vraag' } }]);
    const { thread, user } = await threadOnHub(
      hub,
      room,
      fay,
      html`<pk-discussion-thread lang="nl-BE" thread-id="t"></pk-discussion-thread>`,
    );
    await thread.localeReady;
    await waitForText(thread, /Goede vraag/);
    const menu = () => thread.shadowRoot!.querySelector('[part~=moderation] summary')?.textContent;
    await waitUntil(() => menu() === 'Begeleidersmenu', `the Dutch menu, not: ${menu()}`);
    const post = user.post('Goede vraag');
    expect(user.action(post, 'Markeer als beantwoord'), 'the other toggles are Dutch too').to.exist;
    await user.act(post, 'Vastzetten');
    await waitUntil(() => getPost(thread.threadState, post.dataset.id!)?.pinned, 'the post is pinned');
    await user.moderate('Discussie sluiten');
    await waitUntil(() => thread.threadState.locked, 'the discussion is locked');
    expect(shadowText(thread), 'no English left in the tools').to.not.match(/Facilitator tools|Lock discussion|\bPin\b|Mark answered|Hide/);
  });

  it('read-only: posts and counts, no composer and no actions', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Archived' } }]);
    const { thread } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl('readonly'));
    await waitForText(thread, /Archived/);
    expect(shadowText(thread)).to.match(/read-only/);
    expect(thread.shadowRoot!.querySelector('textarea, [part~=post-actions]')).to.not.exist;
    await expect(thread).to.be.accessible();
  });

  it('RTL and Arabic: direction, strings and plural forms; accessible', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'مرحبا بالجميع' } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread lang="ar" thread-id="t"></pk-discussion-thread>`,
    );
    await thread.localeReady;
    await thread.updateComplete;
    const base = thread.shadowRoot!.querySelector('[part~=base]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(shadowText(thread)).to.contain('مشاركة واحدة');
    const user = new ThreadHarness(thread);
    expect(user.action(user.post('مرحبا'), 'رد')).to.exist;
    await expect(thread).to.be.accessible();
  });

  it('dark scheme: colours come from the dark tokens; still accessible', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      await seed(hub, room, bob, [{ type: 'post', data: { body: 'Night owl' } }]);
      const { thread } = await threadOnHub(hub, room, { id: 'ann', name: 'Ann' }, tpl());
      await waitForText(thread, /Night owl/);
      const bg = getComputedStyle(thread.shadowRoot!.querySelector('[part~=base]')!).backgroundColor;
      expect(bg).to.equal('rgb(27, 31, 39)');
      await expect(thread).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('relative times in the viewer language, with the absolute time in <time>', async () => {
    await seed(hub, room, bob, [{ type: 'post', data: { body: 'Timed' } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'ann', name: 'Ann' },
      html`<pk-discussion-thread lang="nl" thread-id="t"></pk-discussion-thread>`,
    );
    await thread.localeReady;
    await waitForText(thread, /Timed/);
    const time = new ThreadHarness(thread).post('Timed').querySelector('time')!;
    expect(time.textContent).to.equal('nu');
    expect(new Date(time.getAttribute('datetime')!).getTime()).to.be.closeTo(Date.now(), 60_000);
    const id = new ThreadHarness(thread).post('Timed').dataset.id!;
    expect(getPost(thread.threadState, id)!.author!.name).to.equal('Bob');
  });
});
