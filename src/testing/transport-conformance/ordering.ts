import { same, ALICE, BOB, TOPIC, OTHER, add, seqsOf, checkEnvelopes, applied } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** Acks in op order, per-topic seqs from 1 without gaps, opIds echoed, rooms kept apart. */
export function orderingCases(ctx: ConformanceContext): void {
  describe('ordering and acks', () => {
    it('acks every op in order and numbers each topic from 1 without gaps', async () => {
      const t = await ctx.client(ALICE);
      const batch = [add(ALICE, 'a1'), add(ALICE, 'b1', OTHER), add(ALICE, 'a2'), add(ALICE, 'a3')];
      const acks = await t.send(batch);
      same(acks.length, batch.length, 'one ack per op');
      same(
        acks.map((a) => a.opId),
        batch.map((o) => o.opId),
        'acks in op order',
      );
      same(
        acks.map((a, i) => applied(a, `op ${i}`)),
        [1, 1, 2, 3],
        'seqs per topic',
      );
      same(
        acks.map((a) => a.topic),
        batch.map((o) => o.topic),
        'ack topics',
      );
      applied((await t.send([add(ALICE, 'a4')]))[0], 'next batch');
      const page = await ctx.fetchAll(t);
      same(seqsOf(page.events), [1, 2, 3, 4], 'fetched seqs');
      same(page.head, 4, 'head');
      same(seqsOf((await ctx.fetchAll(t, OTHER)).events), [1], 'other topic seqs');
    });

    it('echoes the opId in acks and in every event envelope', async () => {
      const writer = await ctx.client(ALICE);
      const reader = await ctx.client(BOB);
      const { events } = ctx.collect(reader, TOPIC, 0);
      const ops = [add(ALICE, 'x'), add(ALICE, 'y')];
      const acks = await writer.send(ops);
      same(
        acks.map((a) => a.opId),
        ops.map((o) => o.opId),
        'ack opIds',
      );
      await ctx.expectExactly(events, 1, 2, TOPIC, 'live events');
      same(
        events.map((e) => e.opId),
        ops.map((o) => o.opId),
        'live event opIds',
      );
      const fetched = (await ctx.fetchAll(reader)).events;
      checkEnvelopes(fetched, TOPIC);
      same(
        fetched.map((e) => e.opId),
        ops.map((o) => o.opId),
        'fetched event opIds',
      );
      same(
        fetched.map((e) => e.type),
        ['add', 'add'],
        'event types',
      );
    });

    it('keeps rooms apart', async () => {
      const t = await ctx.client(ALICE);
      const elsewhere = await ctx.client(BOB, { room: ctx.harness.room() });
      await ctx.writeNotes(t, ALICE, 2);
      same((await ctx.fetchAll(elsewhere)).events.length, 0, 'events seen from another room');
      same(applied((await elsewhere.send([add(BOB, 'z')]))[0], 'other room'), 1, 'seq in the other room');
    });
  });
}
