import { check, same, ALICE, add, rejectsWith, seqsOf, range, applied, rejected } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** One op applied once: a repeated opId is answered duplicate with the first seq, never applied twice. */
export function idempotencyCases(ctx: ConformanceContext): void {
  describe('idempotency', () => {
    it('answers a repeated opId with duplicate and the first seq', async () => {
      const t = await ctx.client(ALICE);
      await ctx.writeNotes(t, ALICE, 2);
      const o = add(ALICE, 'once');
      const first = applied((await t.send([o]))[0], 'first send');
      const again = (await t.send([{ ...o, data: { text: 'once' } }]))[0];
      check(again?.status === 'duplicate', `second send: expected duplicate, got ${JSON.stringify(again)}`);
      same(again.seq, first, 'duplicate seq');
      same(again.opId, o.opId, 'duplicate opId');
      same((await ctx.fetchAll(t)).events.filter((e) => e.opId === o.opId).length, 1, 'events for the opId');
    });

    it('treats a repeated opId inside one batch as a duplicate', async () => {
      const t = await ctx.client(ALICE);
      const o = add(ALICE, 'twice');
      const acks = await t.send([o, o]);
      const seq = applied(acks[0], 'first copy');
      check(acks[1]?.status === 'duplicate' && acks[1].seq === seq, `second copy: ${JSON.stringify(acks[1])}`);
      same((await ctx.fetchAll(t)).head, 1, 'head');
    });

    it('applies an op once when it is sent concurrently from several connections', async () => {
      const t1 = await ctx.client(ALICE);
      const t2 = await ctx.client(ALICE);
      const o = add(ALICE, 'race');
      const others = range(1, 6).map((i) => add(ALICE, `other${i}`));
      const results = await Promise.all([t1.send([o]), t2.send([o]), t1.send([o]), ...others.map((x, i) => (i % 2 ? t1 : t2).send([x]))]);
      const forO = results.slice(0, 3).map((r) => r[0]!);
      same(forO.filter((a) => a.status === 'applied').length, 1, 'applied acks for the raced op');
      same(forO.filter((a) => a.status === 'duplicate').length, 2, 'duplicate acks for the raced op');
      const seqs = new Set(forO.map((a) => (a.status === 'rejected' ? -1 : a.seq)));
      same(seqs.size, 1, 'all acks of the raced op carry one seq');
      const page = await ctx.fetchAll(t1);
      same(seqsOf(page.events), range(1, 7), 'seqs');
      same(page.events.filter((e) => e.opId === o.opId).length, 1, 'events for the raced op');
    });

    (ctx.harness.loseNextAck ? it : it.skip)('answers duplicate when an op is resent after a lost ack', async () => {
      const t = await ctx.client(ALICE);
      const o = add(ALICE, 'lost');
      await ctx.harness.loseNextAck!(t);
      await rejectsWith(t.send([o]), 'send with a lost ack', { retryable: true });
      const retry = (await t.send([o]))[0];
      check(retry?.status === 'duplicate' && retry.seq === 1, `retry after lost ack: ${JSON.stringify(retry)}`);
      same((await ctx.fetchAll(t)).events.length, 1, 'events after the retry');
    });

    it("rejects an opId reused for different content with 'op_id_reused'", async () => {
      const t = await ctx.client(ALICE);
      const o = add(ALICE, 'original');
      applied((await t.send([o]))[0], 'original');
      const err = rejected((await t.send([{ ...o, data: { text: 'changed' } }]))[0], 'reused opId', 'op_id_reused');
      same(err.retryable, false, 'retryable');
      same((await ctx.fetchAll(t)).events.length, 1, 'events');
    });
  });
}
