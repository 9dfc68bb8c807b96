import { check, same, ALICE, TOPIC, add, rejectsWith, range } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** The limits a transport declares (maxBatch, maxPage) are the limits it keeps. */
export function limitCases(ctx: ConformanceContext): void {
  describe('limits', () => {
    it('refuses a batch over maxBatch with a TransportError and applies none of it', async () => {
      const t = await ctx.client(ALICE);
      const { maxBatch } = t.limits;
      check(Number.isSafeInteger(maxBatch) && maxBatch > 0, 'limits.maxBatch is a positive integer');
      if (maxBatch <= 5000) {
        await rejectsWith(t.send(range(0, maxBatch).map((i) => add(ALICE, `b${i}`))), 'oversized batch', {
          retryable: false,
          code: 'too_large',
        });
        same((await ctx.fetchAll(t)).head, 0, 'head after a refused batch');
        const acks = await t.send(range(1, maxBatch).map((i) => add(ALICE, `b${i}`)));
        same(acks.filter((a) => a.status === 'applied').length, maxBatch, 'a batch of exactly maxBatch');
      }
    });

    it('never returns more than maxPage events from fetch', async () => {
      const t = await ctx.client(ALICE);
      const { maxPage } = t.limits;
      check(Number.isSafeInteger(maxPage) && maxPage > 0, 'limits.maxPage is a positive integer');
      if (maxPage > 2000) return;
      await ctx.writeNotes(t, ALICE, maxPage + 2);
      const big = await t.fetch(TOPIC, 0, maxPage + 10);
      check(big.events.length <= maxPage && big.events.length > 0, `fetch returned ${big.events.length} events; maxPage is ${maxPage}`);
      check(big.hasMore, 'hasMore when events remain');
      const dflt = await t.fetch(TOPIC, 0);
      check(dflt.events.length <= maxPage, `fetch without limit returned ${dflt.events.length} events`);
    });
  });
}
