// The thread model's batch fold (decisions §64): a history folded in one call, or in any number of
// calls, gives exactly the state `evolve` gives one event at a time, and never changes a state it
// started from (stored snapshots and the state a view shows). Then the same through the outside:
// a thread caught up from a long history shows what its authority holds.
import { expect, html, waitUntil } from '@open-wc/testing';
import { authorityStep, fingerprint, modelMap, type SeenOp } from '../../src/core/protocol/authority.js';
import { foldEach, projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import type { Actor, EventEnvelope } from '../../src/core/protocol/wire.js';
import {
  getPost,
  initialThreadState,
  rootIds,
  threadModel,
  type ThreadState,
} from '../../src/components/discussion-thread/thread-model.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { ignoreResizeObserverNotice, seed, threadOnHub, untilVisible } from './thread-support.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const TOPIC = 'thread:fold';
const ann: Actor = { id: 'ann', name: 'Ann', role: 'participant' };
const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };
const fay: Actor = { id: 'fay', name: 'Fay', role: 'facilitator' };

/**
 * A history through the shared authority step (what every authority runs): posts over more than
 * one chunk of top-level ids, nested replies, anonymous posts, edits, upvotes and reactions given
 * and taken back, pins, hides, answers, a lock and an unlock, deletions with and without replies
 * (a tombstone, then its last reply, which takes the tombstone with it), an id like `__proto__`.
 */
function history(): StoredEvent[] {
  const models = modelMap([threadModel]);
  const seen = new Map<string, SeenOp>();
  const events: StoredEvent[] = [];
  let state: ThreadState = initialThreadState();
  let n = 0;
  const send = (actor: Actor, type: string, data: unknown, opId = `fold-op-${String(++n).padStart(6, '0')}`): string => {
    const op = { opId, clientId: actor.id, topic: TOPIC, type, data, createdAt: T0 + n };
    const step = authorityStep(models, op, actor, seen.get(opId), state, events.length, T0 + n * 1000);
    expect(step.ack.status, `${type} ${JSON.stringify(data)}: ${step.ack.status === 'rejected' ? step.ack.error.message : ''}`).to.equal(
      'applied',
    );
    events.push(step.event!);
    state = step.state as ThreadState;
    seen.set(opId, { seq: step.event!.seq, topic: TOPIC, fp: fingerprint(op) });
    return opId;
  };
  const roots: string[] = [];
  const replies: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const who = i % 2 ? ann : bob;
    let id: string;
    if (i % 3 === 0 || roots.length === 0)
      roots.push((id = send(who, 'post', { body: `question ${i}`, parent: null, anonymous: i % 7 === 0 })));
    else {
      const parent = i % 5 === 0 && replies.length > 0 ? replies[replies.length - 1]! : roots[(i * 7) % roots.length]!;
      replies.push((id = send(who, 'post', { body: `reply ${i}`, parent })));
    }
    if (i % 11 === 0) send(who, 'edit', { postId: id, body: `edited ${i}` });
  }
  for (let i = 0; i < 40; i++) {
    const target = roots[(i * 13) % roots.length]!;
    const voter = getPost(state, target)!.author?.id === ann.id ? bob : ann;
    send(voter, 'upvote', { postId: target, on: true });
    send(fay, 'react', { postId: target, reaction: 'like', on: true });
    if (i % 4 === 0) send(voter, 'upvote', { postId: target, on: false });
    if (i % 5 === 0) send(fay, 'react', { postId: target, reaction: 'like', on: false });
  }
  send(fay, 'pin', { postId: roots[3]!, pinned: true });
  send(fay, 'hide', { postId: roots[4]!, hidden: true });
  send(fay, 'answer', { postId: roots[5]!, answered: true });
  send(fay, 'lock', { locked: true });
  send(fay, 'pin', { postId: roots[3]!, pinned: false });
  send(fay, 'lock', { locked: false });
  // A root with a reply: deleting it leaves a tombstone; deleting the reply then removes both.
  const tomb = send(ann, 'post', { body: 'to be deleted', parent: null });
  const last = send(bob, 'post', { body: 'the only reply', parent: tomb });
  send(ann, 'delete', { postId: tomb });
  send(bob, 'delete', { postId: last });
  // Every top-level post of the first chunk deleted where it has no replies (a chunk shrinks).
  for (const id of roots.slice(0, 60)) {
    const post = getPost(state, id)!;
    if (post.kids.length === 0 && post.author) send(post.author.id === ann.id ? ann : bob, 'delete', { postId: id });
  }
  for (const id of replies.slice(0, 30)) {
    const post = getPost(state, id);
    if (post && !post.deleted && post.author) send(post.author.id === ann.id ? ann : bob, 'delete', { postId: id });
  }
  send(ann, 'post', { body: 'evil', parent: roots[1]! }, '__proto__');
  send(ann, 'edit', { postId: '__proto__', body: 'still evil' });
  return events;
}

const oneByOne = (state: ThreadState, events: readonly EventEnvelope[]): ThreadState => events.reduce(threadModel.evolve, state);

/** Freezes a state all the way down: any write to it throws (module code is strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe('thread model: folding many events at once', () => {
  let events: StoredEvent[];
  before(() => {
    events = history();
  });

  it('one fold of the whole history gives exactly the state of evolve one event at a time', () => {
    const expected = oneByOne(initialThreadState(), events);
    const folded = threadModel.fold!(initialThreadState(), events);
    expect(folded).to.deep.equal(expected);
    // The same snapshot byte for byte: what an authority stores and sends.
    expect(JSON.stringify(folded) === JSON.stringify(expected), 'the same snapshot').to.equal(true);
    expect(folded.count).to.be.above(300);
    expect(rootIds(folded).length, 'top-level ids over more than one chunk').to.be.above(256);
    expect(getPost(folded, '__proto__')!.body).to.equal('still evil');
  });

  it('any split into several folds gives the same state, and none changes the state it started from', () => {
    const expected = JSON.stringify(oneByOne(initialThreadState(), events));
    for (const size of [1, 7, 64, 300, 1000]) {
      let state = deepFreeze(initialThreadState());
      for (let i = 0; i < events.length; i += size) {
        // The state each fold starts from is frozen: a write to it would throw here. Where the
        // states are few, its snapshot is compared too.
        const before = size >= 64 ? JSON.stringify(state) : '';
        const next = threadModel.fold!(state, events.slice(i, i + size));
        if (before) expect(JSON.stringify(state) === before, `the state before events ${i + 1}-${i + size} is unchanged`).to.equal(true);
        state = deepFreeze(next);
      }
      expect(JSON.stringify(state) === expected, `folds of ${size} give the same snapshot`).to.equal(true);
    }
  });

  it('a snapshot taken before a fold keeps what it said, and a fold from it matches evolve', () => {
    const half = Math.floor(events.length / 2);
    const snapshot = threadModel.fold!(initialThreadState(), events.slice(0, half));
    const stored = JSON.stringify(snapshot);
    const rest = events.slice(half);
    const folded = threadModel.fold!(snapshot, rest);
    const evolved = oneByOne(snapshot, rest);
    expect(JSON.stringify(snapshot) === stored, 'the snapshot is unchanged').to.equal(true);
    expect(folded).to.deep.equal(evolved);
    // A snapshot that went through JSON (an authority's, a stored checkpoint) folds the same.
    expect(threadModel.fold!(JSON.parse(stored) as ThreadState, rest)).to.deep.equal(evolved);
  });

  it('a viewer folding events without actors (anonymous posts, votes) gets the same state either way', () => {
    const expected = oneByOne(initialThreadState(), events);
    const viewer: Actor = { id: 'zoe', name: 'Zoe', role: 'participant' };
    const seen = events.map((e) => projectEvent(threadModel, expected, e, viewer));
    expect(seen.some((e) => !e.actor)).to.equal(true);
    expect(threadModel.fold!(initialThreadState(), seen)).to.deep.equal(oneByOne(initialThreadState(), seen));
  });

  it('malformed events and unreadable states are skipped the same way; a throwing fold falls back to one at a time', () => {
    const junk: EventEnvelope[] = [
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'post', data: null, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'edit', data: { postId: 'nope', body: 'b' }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'lock', data: { locked: 'yes' }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'unknown', data: {}, at: 1 },
    ];
    const mixed = events.flatMap((e, i) => (i % 50 === 0 ? [junk[(i / 50) % junk.length]!, e] : [e]));
    expect(threadModel.fold!(initialThreadState(), mixed)).to.deep.equal(oneByOne(initialThreadState(), events));
    const s0 = initialThreadState();
    expect(threadModel.fold!(s0, junk)).to.equal(s0);
    const broken = { locked: false } as unknown as ThreadState;
    expect(threadModel.fold!(broken, events)).to.equal(broken);
    // A model whose fold throws on one event: foldEach skips that one only, as evolve one at a time would.
    const bad = events[10]!;
    const model = {
      ...threadModel,
      evolve: (s: ThreadState, e: EventEnvelope) => {
        if (e === bad) throw new Error('cannot fold');
        return threadModel.evolve(s, e);
      },
      fold: (s: ThreadState, es: Iterable<EventEnvelope>) => {
        for (const e of es) if (e === bad) throw new Error('cannot fold');
        return threadModel.fold!(s, es);
      },
    };
    const skipped: EventEnvelope[] = [];
    const start = deepFreeze(initialThreadState());
    const state = foldEach(model, start, events, (_err, e) => skipped.push(e));
    expect(skipped).to.deep.equal([bad]);
    expect(state).to.deep.equal(
      oneByOne(
        initialThreadState(),
        events.filter((e) => e !== bad),
      ),
    );
  });
});

describe('<pk-discussion-thread> caught up from a long history', () => {
  it('shows the posts, replies, edits, deletions and moderation its authority holds', async () => {
    // 1,400 top-level posts: the list is virtualized (see ignoreResizeObserverNotice).
    ignoreResizeObserverNotice();
    await untilVisible();
    const hub = new MemoryHub();
    const room = 'fold-room';
    const ops: Array<{ type: string; data: unknown }> = [];
    for (let i = 0; i < 1500; i++) ops.push({ type: 'post', data: { body: `post ${i}`, parent: null } });
    const acks = await seed(hub, room, ann, ops);
    const ids = acks.map((a) => a.opId);
    const more: Array<{ type: string; data: unknown }> = [];
    for (let i = 0; i < 300; i++) more.push({ type: 'post', data: { body: `reply ${i}`, parent: ids[i * 5]! } });
    for (let i = 0; i < 100; i++) more.push({ type: 'edit', data: { postId: ids[i * 5 + 1]!, body: `edited ${i}` } });
    for (let i = 0; i < 100; i++) more.push({ type: 'delete', data: { postId: ids[i * 5 + 3]! } });
    // Deleting posts with replies leaves tombstones.
    for (let i = 0; i < 20; i++) more.push({ type: 'delete', data: { postId: ids[i * 5]! } });
    expect((await seed(hub, room, ann, more)).filter((a) => a.status !== 'applied')).to.deep.equal([]);
    await seed(hub, room, fay, [
      { type: 'pin', data: { postId: ids[1499]!, pinned: true } },
      { type: 'hide', data: { postId: ids[1498]!, hidden: true } },
    ]);
    const { thread } = await threadOnHub(hub, room, { id: 'bob' }, html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`);
    await waitUntil(() => thread.threadState.count === 1500 + 300 - 100 - 20, 'every post folded', { timeout: 20_000 });
    const state = thread.threadState;
    expect(getPost(state, ids[1]!)!.body).to.equal('edited 0');
    expect(getPost(state, ids[3]!)).to.equal(undefined);
    expect(getPost(state, ids[0]!)!.deleted).to.equal(true);
    expect(getPost(state, ids[0]!)!.kids).to.have.length(1);
    expect(getPost(state, ids[1499]!)!.pinned).to.equal(true);
    expect(getPost(state, ids[1498]!)!.hidden).to.equal(true);
    expect(rootIds(state)).to.have.length(1500 - 100);
    // What the participant sees is the pinned post first, on the page.
    await waitUntil(() => thread.shadowRoot!.querySelector(`article[data-id="${ids[1499]}"]`), 'the pinned post is shown', {
      timeout: 10_000,
    });
  });

  it('a catch-up whose model throws on one event skips that event only, and counts every other once', async () => {
    const hub = new MemoryHub();
    const room = 'fold-throws';
    const ops = Array.from({ length: 2000 }, (_, i) => ({ type: 'post', data: { body: `post ${i}`, parent: null } }));
    const ids = (await seed(hub, room, ann, ops)).map((a) => a.opId);
    // Near the end of one large page: past what a task folds at once, so it is folded in a slice.
    const bad = ids[1990]!;
    const refuses = (e: EventEnvelope) => {
      if ((e.data as { id?: string }).id === bad) throw new Error('this model cannot fold it');
    };
    const model = {
      ...threadModel,
      evolve: (s: ThreadState, e: EventEnvelope) => (refuses(e), threadModel.evolve(s, e)),
      fold: (s: ThreadState, es: Iterable<EventEnvelope>) =>
        threadModel.fold!(
          s,
          (function* () {
            for (const e of es) yield (refuses(e), e);
          })(),
        ),
    };
    const client = new SessionClient({
      room,
      transport: new MemoryTransport(hub, { limits: { maxPage: 5000 } }),
      identity: { id: 'probe' },
      outbox: new MemoryOutbox(),
    });
    try {
      const handle = client.topic('thread:t', model);
      await waitUntil(() => handle.loaded && handle.cursor === ids.length, 'caught up', { timeout: 20_000 });
      expect(handle.state.count).to.equal(ids.length - 1);
      expect(getPost(handle.state, bad)).to.equal(undefined);
      expect(rootIds(handle.state)).to.deep.equal(ids.filter((id) => id !== bad));
    } finally {
      await client.close();
    }
  });
});
