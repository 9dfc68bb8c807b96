import type { Transport } from '../../core/protocol/transport.js';
import type { Actor } from '../../core/protocol/wire.js';
import {
  check,
  same,
  sleep,
  ALICE,
  BOB,
  FACI,
  TOPIC,
  add,
  rejectsWith,
  seqsOf,
  range,
  checkEnvelopes,
  applied,
} from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** Reading a topic: paged fetch, the fetch-to-subscribe hand-off and resume after a drop, with no gap or duplicate. */
export function fetchSubscribeCases(ctx: ConformanceContext): void {
  describe('fetch and subscribe', () => {
    it('fetches since a cursor, page by page, with hasMore', async () => {
      const t = await ctx.client(ALICE);
      await ctx.writeNotes(t, ALICE, 7);
      const pageSize = Math.min(3, t.limits.maxPage);
      const seen: number[] = [];
      let cursor = 0;
      for (let guard = 0; guard < 20; guard++) {
        const page = await t.fetch(TOPIC, cursor, pageSize);
        check(page.events.length <= pageSize, `page of ${page.events.length} exceeds limit ${pageSize}`);
        checkEnvelopes(page.events, TOPIC);
        same(page.head, 7, 'head');
        seen.push(...seqsOf(page.events));
        cursor = seen[seen.length - 1] ?? cursor;
        if (!page.hasMore) break;
        check(page.events.length > 0, 'hasMore with an empty page');
      }
      same(seen, range(1, 7), 'paged seqs');
      const tail = await t.fetch(TOPIC, 7);
      same([tail.events.length, tail.hasMore, tail.head], [0, false, 7], 'fetch at head');
      // Clients ask for the head this way (an empty page from past any seq): the real head, not `since`.
      const past = await t.fetch(TOPIC, 1_000_000);
      same([past.events.length, past.hasMore, past.head], [0, false, 7], 'fetch from past the head');
      const mid = await t.fetch(TOPIC, 5);
      same(seqsOf(mid.events), [6, 7], 'fetch since 5');
      const empty = await t.fetch('note:never', 0);
      same([empty.events.length, empty.hasMore, empty.head], [0, false, 0], 'fetch of an empty topic');
    });

    it('hands off from fetch to subscribe under concurrent writers with no gap or duplicate', async () => {
      const w1 = await ctx.client(BOB);
      const w2 = await ctx.client(FACI);
      const reader = await ctx.client(ALICE);
      await ctx.writeNotes(w1, BOB, 5);
      const all = ctx.collect(reader, TOPIC, 0);
      const first = await reader.fetch(TOPIC, 0, 2);
      const cursor = first.events[first.events.length - 1]!.seq;
      const write = async (t: Transport, actor: Actor) => {
        for (let i = 0; i < 15; i++) applied((await t.send([add(actor, `c${i}`)]))[0], 'concurrent write');
      };
      const writing = Promise.all([write(w1, BOB), write(w2, FACI)]);
      await sleep(0);
      const tail = ctx.collect(reader, TOPIC, cursor);
      await writing;
      await ctx.expectExactly(tail.events, cursor + 1, 35, TOPIC, 'subscriber from the fetch cursor');
      await ctx.expectExactly(all.events, 1, 35, TOPIC, 'subscriber from 0');
    });

    (ctx.canDrop ? it : it.skip)('resumes after a dropped connection with no loss and no duplicates', async () => {
      const reader = await ctx.client(ALICE);
      const writer = await ctx.client(BOB);
      const { events } = ctx.collect(reader, TOPIC, 0);
      await ctx.writeNotes(writer, BOB, 3);
      await ctx.expectExactly(events, 1, 3, TOPIC, 'before the drop');
      await ctx.drop(reader);
      await rejectsWith(reader.send([add(ALICE, 'while offline')]), 'send while offline', { retryable: true });
      await Promise.all(range(1, 4).map((i) => writer.send([add(BOB, `during${i}`)])));
      await ctx.quiet();
      same(seqsOf(events), [1, 2, 3], 'events delivered while offline');
      await ctx.restore(reader);
      await ctx.writeNotes(writer, BOB, 2);
      await ctx.expectExactly(events, 1, 9, TOPIC, 'after restore');
      same(applied((await reader.send([add(ALICE, 'back')]))[0], 'send after restore'), 10, 'seq after restore');
    });
  });
}
