// The thread model through the shared authority step (the code every authority runs): the whole
// lifecycle, edit/delete races, moderation and roles, privacy projection, hostile data, ordering
// and the export builders.
import { expect } from '@open-wc/testing';
import { authorityStep, fingerprint, modelMap, type SeenOp } from '../../src/core/protocol/authority.js';
import { projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import { threadToJson, threadToMarkdown, threadExport } from '../../src/components/discussion-thread/thread-export.js';
import {
  cleanBody,
  getPost,
  initialThreadState,
  THREAD_LIMITS,
  threadModel,
  threadRows,
  type ThreadState,
} from '../../src/components/discussion-thread/thread-model.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const ann: Actor = { id: 'ann', name: 'Ann', role: 'participant' };
const bob: Actor = { id: 'bob', name: 'Bob', role: 'participant' };
const fay: Actor = { id: 'fay', name: 'Fay', role: 'facilitator' };
const pia: Actor = { id: 'pia', name: 'Pia', role: 'producer' };
const TOPIC = 'thread:t1';

/** A tiny in-memory authority around authorityStep, with a settable clock. */
class Authority {
  state: ThreadState = initialThreadState();
  head = 0;
  now = T0;
  events: StoredEvent[] = [];
  #seen = new Map<string, SeenOp>();
  #n = 0;
  readonly models = modelMap([threadModel]);

  send(actor: Actor, type: string, data: unknown, opId = `op-${actor.id}-${++this.#n}-xxxx`): Ack {
    const op: Operation = { opId, clientId: actor.id, topic: TOPIC, type, data, createdAt: this.now };
    const step = authorityStep(this.models, op, actor, this.#seen.get(opId), this.state, this.head, this.now);
    if (step.event) {
      this.events.push(step.event);
      this.state = step.state as ThreadState;
      this.head = step.event.seq;
      this.#seen.set(opId, { seq: step.event.seq, topic: TOPIC, fp: fingerprint(op) });
    }
    return step.ack;
  }

  /** Posts and returns the new post's id (its opId). */
  post(actor: Actor, body: string, extra: Record<string, unknown> = {}): string {
    const ack = this.send(actor, 'post', { body, ...extra });
    expect(ack.status, ack.status === 'rejected' ? ack.error.message : '').to.equal('applied');
    return ack.opId;
  }

  /** What `viewer` folds from the events as delivered to them. */
  viewOf(viewer: Actor): ThreadState {
    let s = initialThreadState();
    for (const e of this.events) s = threadModel.evolve(s, projectEvent(threadModel, this.state, e, viewer));
    return s;
  }
}

const code = (ack: Ack): string => (ack.status === 'rejected' ? ack.error.code : ack.status);

describe('thread model: lifecycle', () => {
  let a: Authority;
  beforeEach(() => {
    a = new Authority();
  });

  it('posts and replies build a tree; the post id is the opId', () => {
    const q = a.post(ann, 'How do we run a retro?');
    const r1 = a.post(bob, 'Start with the facts.', { parent: q });
    const r2 = a.post(fay, 'And keep it short.', { parent: q });
    const r11 = a.post(ann, 'Thanks!', { parent: r1 });
    expect(a.state.count).to.equal(4);
    expect(getPost(a.state, q)!.kids).to.deep.equal([r1, r2]);
    expect(getPost(a.state, r11)!.depth).to.equal(2);
    expect(getPost(a.state, r11)!.author).to.deep.equal({ id: 'ann', name: 'Ann', role: 'participant' });
    expect(getPost(a.state, q)!.at).to.equal(T0);
    const { rows } = threadRows(a.state, { sort: 'oldest' });
    expect(rows.map((r) => [r.id, r.depth])).to.deep.equal([
      [q, 0],
      [r1, 1],
      [r11, 2],
      [r2, 1],
    ]);
  });

  it('replies deeper than max-depth attach to the deepest allowed level and name whom they answer', () => {
    const p0 = a.post(ann, 'root');
    const p1 = a.post(bob, 'level 1', { parent: p0 });
    const p2 = a.post(ann, 'level 2', { parent: p1 });
    const p3 = a.post(bob, 'would be level 3', { parent: p2, maxDepth: 3 });
    const post3 = getPost(a.state, p3)!;
    expect(post3.depth).to.equal(2);
    expect(post3.parent).to.equal(p1);
    expect(post3.replyTo).to.equal(p2);
    // max-depth 1: every reply is top-level, and still says whom it answers.
    const flat = a.post(bob, 'flat reply', { parent: p0, maxDepth: 1 });
    expect(getPost(a.state, flat)!.parent).to.equal(null);
    expect(getPost(a.state, flat)!.replyTo).to.equal(p0);
    // Out-of-range max-depth falls back to the default (3) instead of failing.
    const p4 = a.post(ann, 'odd depth', { parent: p2, maxDepth: 99 });
    expect(getPost(a.state, p4)!.depth).to.equal(2);
  });

  it('length limits and empty posts have clear codes', () => {
    expect(code(a.send(ann, 'post', { body: '' }))).to.equal('post_empty');
    expect(code(a.send(ann, 'post', { body: ' \n\t \u202E ' }))).to.equal('post_empty');
    expect(code(a.send(ann, 'post', { body: 'x'.repeat(THREAD_LIMITS.maxBody + 1) }))).to.equal('post_too_long');
    expect(code(a.send(ann, 'post', { body: 'x'.repeat(THREAD_LIMITS.maxBody) }))).to.equal('applied');
    expect(code(a.send(ann, 'post', { body: 42 }))).to.equal('bad_operation');
    expect(code(a.send(ann, 'post', { body: 'hi', parent: 'nope-not-a-post' }))).to.equal('post_not_found');
    expect(code(a.send(ann, 'post', { body: 'hi', mentions: 'everyone' }))).to.equal('bad_operation');
  });

  it('bodies are cleaned: direction overrides, controls and lone surrogates go, line endings become \\n', () => {
    expect(cleanBody('\n\n  code\r\nline\u202E two\u0007\uD800 ')).to.equal('  code\nline two\uFFFD');
    const id = a.post(ann, 'a\u202Eb\u2066c');
    expect(getPost(a.state, id)!.body).to.equal('abc');
  });

  it('edit: own posts only, within the window (authority clock), with "edited" time and revision', () => {
    const id = a.post(ann, 'first');
    expect(code(a.send(bob, 'edit', { postId: id, body: 'hijack' }))).to.equal('not_author');
    expect(code(a.send(fay, 'edit', { postId: id, body: 'moderated' }))).to.equal('not_author');
    a.now = T0 + 60_000;
    expect(code(a.send(ann, 'edit', { postId: id, body: 'second', rev: 0 }))).to.equal('applied');
    const p = getPost(a.state, id)!;
    expect(p.body).to.equal('second');
    expect(p.editedAt).to.equal(T0 + 60_000);
    expect(p.rev).to.equal(1);
    a.now = T0 + 15 * 60_000 + 1;
    expect(code(a.send(ann, 'edit', { postId: id, body: 'too late' }))).to.equal('edit_window_closed');
    // A page can give a shorter window.
    const quick = a.post(ann, 'quick', { editMinutes: 1 });
    a.now += 61_000;
    expect(code(a.send(ann, 'edit', { postId: quick, body: 'x' }))).to.equal('edit_window_closed');
    // ...but not a window past the model's limit: that falls back to the default.
    const huge = a.post(ann, 'huge', { editMinutes: 10_000 });
    expect(getPost(a.state, huge)!.editableUntil).to.equal(a.now + 15 * 60_000);
  });

  it('edit race: two tabs editing the same revision, the second gets edit_conflict', () => {
    const id = a.post(ann, 'draft');
    expect(code(a.send(ann, 'edit', { postId: id, body: 'from tab 1', rev: 0 }))).to.equal('applied');
    expect(code(a.send(ann, 'edit', { postId: id, body: 'from tab 2', rev: 0 }))).to.equal('edit_conflict');
    expect(getPost(a.state, id)!.body).to.equal('from tab 1');
  });

  it('delete without replies removes the post; with replies it leaves a tombstone', () => {
    const lone = a.post(ann, 'lone');
    expect(code(a.send(bob, 'delete', { postId: lone }))).to.equal('not_author');
    expect(code(a.send(ann, 'delete', { postId: lone }))).to.equal('applied');
    expect(getPost(a.state, lone)).to.equal(undefined);
    expect(a.state.count).to.equal(0);

    const q = a.post(ann, 'question');
    const r = a.post(bob, 'answer', { parent: q });
    expect(code(a.send(ann, 'delete', { postId: q }))).to.equal('applied');
    const tomb = getPost(a.state, q)!;
    expect(tomb.deleted).to.equal(true);
    expect(tomb.body).to.equal('');
    expect(a.state.count).to.equal(1);
    expect(threadRows(a.state, { sort: 'oldest' }).rows.map((x) => x.id)).to.deep.equal([q, r]);
    // Replying to a tombstone, editing or deleting it again: refused with clear codes.
    expect(code(a.send(bob, 'post', { body: 'late reply', parent: q }))).to.equal('post_deleted');
    expect(code(a.send(ann, 'edit', { postId: q, body: 'undo' }))).to.equal('post_deleted');
    expect(code(a.send(ann, 'delete', { postId: q }))).to.equal('post_deleted');
    expect(code(a.send(bob, 'upvote', { postId: q, on: true }))).to.equal('post_deleted');
    // When the last reply goes, the tombstone goes with it.
    expect(code(a.send(bob, 'delete', { postId: r }))).to.equal('applied');
    expect(getPost(a.state, q)).to.equal(undefined);
    expect(threadRows(a.state, { sort: 'oldest' }).rows).to.deep.equal([]);
  });

  it('delete race: a reply that arrives after its parent was deleted is refused; an edit after delete too', () => {
    const q = a.post(ann, 'q');
    expect(code(a.send(ann, 'delete', { postId: q }))).to.equal('applied');
    expect(code(a.send(bob, 'post', { body: 'reply in flight', parent: q }))).to.equal('post_not_found');
    expect(code(a.send(ann, 'edit', { postId: q, body: 'edit in flight' }))).to.equal('post_not_found');
  });

  it('upvotes: one per participant per post, not on your own post, can be taken back', () => {
    const q = a.post(ann, 'q');
    expect(code(a.send(ann, 'upvote', { postId: q, on: true }))).to.equal('own_post');
    expect(code(a.send(bob, 'upvote', { postId: q, on: true }))).to.equal('applied');
    expect(code(a.send(bob, 'upvote', { postId: q, on: true }))).to.equal('already_upvoted');
    expect(code(a.send(fay, 'upvote', { postId: q, on: true }))).to.equal('applied');
    expect(getPost(a.state, q)!.votes).to.equal(2);
    expect(code(a.send(bob, 'upvote', { postId: q, on: false }))).to.equal('applied');
    expect(code(a.send(bob, 'upvote', { postId: q, on: false }))).to.equal('not_upvoted');
    expect(getPost(a.state, q)!.votes).to.equal(1);
    expect(code(a.send(bob, 'upvote', { postId: q, on: 'yes' }))).to.equal('bad_operation');
  });

  it('reactions: a fixed set, one of each kind per participant', () => {
    const q = a.post(ann, 'q');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'like', on: true }))).to.equal('applied');
    expect(code(a.send(ann, 'react', { postId: q, reaction: 'like', on: true }))).to.equal('applied');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'like', on: true }))).to.equal('already_reacted');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'insight', on: true }))).to.equal('applied');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'poop', on: true }))).to.equal('bad_reaction');
    expect(code(a.send(bob, 'react', { postId: q, reaction: '__proto__', on: true }))).to.equal('bad_reaction');
    expect(getPost(a.state, q)!.reactions).to.deep.equal({ like: 2, insight: 1 });
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'insight', on: false }))).to.equal('applied');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'insight', on: false }))).to.equal('not_reacted');
    expect(getPost(a.state, q)!.reactions).to.deep.equal({ like: 2 });
  });
});

describe('thread model: moderation and roles', () => {
  let a: Authority;
  let q: string;
  beforeEach(() => {
    a = new Authority();
    q = a.post(ann, 'question');
  });

  for (const [type, data] of [
    ['pin', { pinned: true }],
    ['hide', { hidden: true }],
    ['answer', { answered: true }],
    ['lock', { locked: true }],
  ] as const) {
    it(`a participant cannot ${type} (forbidden, even with malformed data); facilitators and producers can`, () => {
      const payload = type === 'lock' ? data : { postId: q, ...data };
      expect(code(a.send(bob, type, payload))).to.equal('forbidden');
      expect(code(a.send(ann, type, payload)), 'not even the author').to.equal('forbidden');
      expect(code(a.send(bob, type, 'garbage'))).to.equal('forbidden');
      expect(a.events.some((e) => e.type === type)).to.equal(false);
      expect(code(a.send(fay, type, payload))).to.equal('applied');
      const undo = type === 'lock' ? { locked: false } : { postId: q, [Object.keys(data)[0]!]: false };
      expect(code(a.send(pia, type, undo))).to.equal('applied');
    });
  }

  it('pin, hide and answer change the post; pinned posts come first', () => {
    const second = a.post(bob, 'second');
    a.send(fay, 'pin', { postId: second, pinned: true });
    a.send(fay, 'answer', { postId: q, answered: true });
    a.send(fay, 'hide', { postId: q, hidden: true });
    expect(getPost(a.state, q)).to.include({ answered: true, hidden: true });
    expect(threadRows(a.state, { sort: 'oldest' }).rows.map((r) => r.id)).to.deep.equal([second, q]);
  });

  it('a locked thread refuses posts, edits, reactions and upvotes from participants, not deletions', () => {
    const mine = a.post(bob, 'before the lock');
    expect(code(a.send(fay, 'lock', { locked: true }))).to.equal('applied');
    expect(code(a.send(bob, 'post', { body: 'after' }))).to.equal('thread_locked');
    expect(code(a.send(bob, 'post', { body: 'reply', parent: q }))).to.equal('thread_locked');
    expect(code(a.send(bob, 'edit', { postId: mine, body: 'x' }))).to.equal('thread_locked');
    expect(code(a.send(bob, 'upvote', { postId: q, on: true }))).to.equal('thread_locked');
    expect(code(a.send(bob, 'react', { postId: q, reaction: 'like', on: true }))).to.equal('thread_locked');
    expect(code(a.send(fay, 'post', { body: 'closing note' })), 'facilitators may still post').to.equal('applied');
    expect(code(a.send(bob, 'delete', { postId: mine })), 'people can still remove their own words').to.equal('applied');
    expect(code(a.send(fay, 'lock', { locked: false }))).to.equal('applied');
    expect(code(a.send(bob, 'post', { body: 'reopened' }))).to.equal('applied');
  });
});

describe('thread model: privacy', () => {
  it('anonymous posts hide their author from everyone else, facilitators included; the author still sees it as theirs', () => {
    const a = new Authority();
    const id = a.post(ann, 'anonymous question', { anonymous: true });
    a.now += 1000;
    expect(code(a.send(ann, 'edit', { postId: id, body: 'edited anonymously' }))).to.equal('applied');
    const asBob = a.viewOf(bob);
    const asFay = a.viewOf(fay);
    const asAnn = a.viewOf(ann);
    expect(getPost(asBob, id)!.author).to.equal(null);
    expect(getPost(asFay, id)!.author).to.equal(null);
    expect(getPost(asAnn, id)!.author!.id).to.equal('ann');
    expect(getPost(asBob, id)!.body).to.equal('edited anonymously');
    for (const e of a.events) {
      expect(projectEvent(threadModel, a.state, e, bob).actor, `${e.type} hides its actor`).to.equal(undefined);
      expect(JSON.stringify(projectEvent(threadModel, a.state, e, fay))).to.not.contain('"ann"');
    }
    // The authority still knows, so only Ann can edit or delete it.
    expect(code(a.send(bob, 'delete', { postId: id }))).to.equal('not_author');
  });

  it('upvotes and reactions are counted for everyone but never say who', () => {
    const a = new Authority();
    const id = a.post(ann, 'q');
    a.send(bob, 'upvote', { postId: id, on: true });
    a.send(bob, 'react', { postId: id, reaction: 'love', on: true });
    const asFay = a.viewOf(fay);
    expect(getPost(asFay, id)!.votes).to.equal(1);
    expect(getPost(asFay, id)!.voters).to.deep.equal([]);
    expect(getPost(asFay, id)!.reactions).to.deep.equal({ love: 1 });
    expect(getPost(a.viewOf(bob), id)!.voters).to.deep.equal(['bob']);
  });

  it('viewState (snapshots) keeps only what the viewer may see', () => {
    const a = new Authority();
    const anon = a.post(ann, 'secret author', { anonymous: true });
    const hidden = a.post(bob, 'rude words');
    a.send(fay, 'hide', { postId: hidden, hidden: true });
    a.send(bob, 'upvote', { postId: anon, on: true });
    const forPat = threadModel.viewState!(a.state, { id: 'pat', name: 'Pat', role: 'participant' });
    expect(getPost(forPat, anon)!.author).to.equal(null);
    expect(getPost(forPat, anon)!.voters).to.deep.equal([]);
    expect(getPost(forPat, hidden)!.body).to.equal('');
    expect(JSON.stringify(forPat)).to.not.contain('"ann"');
    expect(getPost(threadModel.viewState!(a.state, bob), hidden)!.body, 'the author keeps their text').to.equal('rude words');
    expect(getPost(threadModel.viewState!(a.state, fay), hidden)!.body, 'facilitators see what they hid').to.equal('rude words');
    expect(getPost(threadModel.viewState!(a.state, ann), anon)!.author!.id).to.equal('ann');
  });
});

describe('thread model: hostile data', () => {
  const junk: unknown[] = [
    null,
    undefined,
    0,
    -1,
    NaN,
    '',
    'x',
    [],
    [1],
    {},
    { __proto__: { body: 'x' } },
    { postId: [] },
    { postId: '__proto__' },
    { body: {} },
  ];
  it('every operation type with junk data is rejected with a code, never a throw', () => {
    const a = new Authority();
    const q = a.post(ann, 'q');
    for (const type of ['post', 'edit', 'delete', 'upvote', 'react', 'pin', 'hide', 'answer', 'lock', 'unknown']) {
      for (const data of junk) {
        const ack = a.send(fay, type, data);
        if (ack.status === 'rejected') {
          expect(ack.error.code).to.match(/^[a-z_]+$/);
          expect(ack.error.code, `${type} ${JSON.stringify(data)}`).to.not.equal('model_error');
        }
      }
      expect(
        code(a.send(fay, type, { postId: q, body: 42, reaction: 7, on: 'x', pinned: 1, hidden: null, answered: 'y', locked: 3 })),
        type,
      ).to.not.equal('applied');
    }
    expect(getPost(a.state, q)!.body).to.equal('q');
  });

  it('evolve ignores malformed events and keeps the state', () => {
    const s0 = initialThreadState();
    const bad: EventEnvelope[] = [
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'post', data: null, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'post', data: { id: 5, body: 'b' }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'post', data: { id: 'abcdefgh', body: ['b'], parent: null }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'edit', data: { postId: 'nope', body: 'b' }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'lock', data: { locked: 'yes' }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'react', data: { postId: 'nope', reaction: 'like', on: true }, at: 1 },
      { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'unknown', data: {}, at: 1 },
    ];
    for (const e of bad) expect(threadModel.evolve(s0, e)).to.equal(s0);
    // A broken state (a bad snapshot) is not folded into.
    const broken = { locked: false } as unknown as ThreadState;
    expect(threadModel.evolve(broken, { v: 1, topic: TOPIC, seq: 1, opId: 'x', type: 'lock', data: { locked: true }, at: 1 })).to.equal(
      broken,
    );
  });

  it('ids like __proto__ cannot reach object prototypes', () => {
    const a = new Authority();
    const id = a.post(ann, 'proto', {});
    const ack = a.send(ann, 'post', { body: 'evil', parent: id }, '__proto__');
    expect(code(ack)).to.equal('applied');
    expect(getPost(a.state, '__proto__')!.body).to.equal('evil');
    expect(({} as Record<string, unknown>).body).to.equal(undefined);
    expect(getPost(a.state, 'constructor')).to.equal(undefined);
  });
});

describe('thread model: ordering and scale', () => {
  it('oldest, newest and top orders; replies stay under their parent, oldest first', () => {
    const a = new Authority();
    const p1 = a.post(ann, 'one');
    const p2 = a.post(bob, 'two');
    const p3 = a.post(ann, 'three');
    const r = a.post(bob, 'reply to three', { parent: p3 });
    a.send(bob, 'upvote', { postId: p3, on: true });
    a.send(fay, 'upvote', { postId: p3, on: true });
    a.send(ann, 'upvote', { postId: p2, on: true });
    const ids = (sort: 'oldest' | 'newest' | 'top') => threadRows(a.state, { sort }).rows.map((x) => x.id);
    expect(ids('oldest')).to.deep.equal([p1, p2, p3, r]);
    expect(ids('newest')).to.deep.equal([p3, r, p2, p1]);
    expect(ids('top')).to.deep.equal([p3, r, p2, p1]);
    // A frozen rank (what the reader saw) keeps the order while live upvotes change.
    expect(threadRows(a.state, { sort: 'top', rank: () => 0 }).rows.map((x) => x.id)).to.deep.equal([p1, p2, p3, r]);
  });

  it('held posts (new from others) are counted, not shown, with their replies', () => {
    const a = new Authority();
    const p1 = a.post(ann, 'seen');
    const p2 = a.post(bob, 'new');
    a.post(ann, 'reply to new', { parent: p2 });
    const r = a.post(bob, 'new reply to seen', { parent: p1 });
    const { rows, held } = threadRows(a.state, { sort: 'oldest', shown: (p) => p.id === p1 });
    expect(rows.map((x) => x.id)).to.deep.equal([p1]);
    expect(held).to.equal(3);
    expect(threadRows(a.state, { sort: 'oldest', shown: (p) => p.id === p1 || p.id === r }).held).to.equal(2);
  });

  it('folding 10,000 posts is linear (well under two seconds)', () => {
    let s = initialThreadState();
    const t0 = performance.now();
    const roots: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const parent = i % 3 === 0 || roots.length === 0 ? null : roots[(i * 7) % roots.length]!;
      const id = `post-${i.toString().padStart(6, '0')}`;
      s = threadModel.evolve(s, {
        v: 1,
        topic: TOPIC,
        seq: i + 1,
        opId: id,
        type: 'post',
        data: { id, parent, depth: parent ? 1 : 0, replyTo: null, body: `post ${i}`, anonymous: false, editableUntil: 0, mentions: [] },
        at: T0 + i,
        actor: i % 2 ? ann : bob,
      });
      if (!parent) roots.push(id);
    }
    const ms = performance.now() - t0;
    expect(s.count).to.equal(10_000);
    expect(threadRows(s, { sort: 'oldest' }).rows).to.have.length(10_000);
    expect(ms, `${ms.toFixed(0)} ms`).to.be.below(2000);
  });
});

describe('thread exports', () => {
  it('JSON: every post in reading order with author, times, moderation and counts', () => {
    const a = new Authority();
    const q = a.post(ann, 'Question **one**');
    const r = a.post(bob, 'Answer', { parent: q });
    const anon = a.post(bob, 'Anonymous remark', { anonymous: true });
    a.send(fay, 'answer', { postId: q, answered: true });
    a.send(bob, 'upvote', { postId: q, on: true });
    a.send(ann, 'delete', { postId: q });
    const doc = threadExport(a.viewOf(fay), { threadId: 't1', exportedAt: T0 });
    expect(doc.format).to.equal('pulsekit-thread');
    expect(doc.posts.map((p) => p.id)).to.deep.equal([q, r, anon]);
    expect(doc.posts[0]).to.include({ deleted: true, body: null, votes: 1 });
    expect(doc.posts[1]).to.include({ author: 'Bob', parent: q, body: 'Answer', postedAt: new Date(T0).toISOString() });
    expect(doc.posts[2]).to.include({ author: null, anonymous: true });
    expect(JSON.parse(threadToJson(a.state, { threadId: 't1', exportedAt: T0 })).posts).to.have.length(3);
  });

  it('Markdown: nested list items, escaped names, post bodies indented under them', () => {
    const a = new Authority();
    const evil: Actor = { id: 'eve', name: '*Eve* [x](javascript:alert(1))', role: 'participant' };
    const q = a.post(fay, 'First line\nsecond line');
    a.post(evil, '- a list\n- in a reply', { parent: q });
    a.send(fay, 'pin', { postId: q, pinned: true });
    const md = threadToMarkdown(a.state, { threadId: 'week-3', exportedAt: T0, anonymousName: 'Anonymous' });
    expect(md, 'no title given: the id').to.match(/^# week-3\n\nThread `week-3` · exported /);
    expect(md).to.contain('- **Fay** (facilitator) · 2026-01-05T09:00:00.000Z · pinned');
    expect(md).to.contain('  First line\n  second line');
    expect(md).to.contain('  - **\\*Eve\\* \\[x\\](javascript:alert(1))**');
    expect(md).to.contain('    - a list\n    - in a reply');
  });
});
