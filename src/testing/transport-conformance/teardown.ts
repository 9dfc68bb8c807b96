import type { DebugCounts as TransportDebugCounts } from '../../core/transports/shared.js';
import { same, ALICE, BOB, TOPIC, OTHER, add, rejectsWith, seqsOf } from '../conformance-checks.js';
import type { Collected, ConformanceContext } from './context.js';

/** Teardown: nothing is delivered after Subscription.close() or close(), and everything is freed. */
export function teardownCases(ctx: ConformanceContext): void {
  describe('teardown', () => {
    it('stops delivery on Subscription.close() and on transport close(), and frees everything', async () => {
      const reader = await ctx.client(ALICE);
      const writer = await ctx.client(BOB);
      const inspect = (reader as Partial<{ debugCounts(): TransportDebugCounts }>).debugCounts?.bind(reader);
      if (inspect) {
        const before = inspect().listeners;
        const off = reader.onStatus(() => {});
        same(inspect().listeners, before + 1, 'listeners after onStatus');
        off();
        same(inspect().listeners, before, 'listeners after unsubscribing');
      }
      const main = ctx.collect(reader, TOPIC, 0);
      const other = ctx.collect(reader, OTHER, 0);
      await ctx.writeNotes(writer, BOB, 1);
      await ctx.writeNotes(writer, BOB, 1, OTHER);
      await ctx.expectExactly(main.events, 1, 1, TOPIC, 'main before close');
      await ctx.expectExactly(other.events, 1, 1, OTHER, 'other before close');
      other.sub.close();
      await ctx.writeNotes(writer, BOB, 1, OTHER);
      await ctx.quiet();
      same(seqsOf(other.events), [1], 'events after Subscription.close()');
      if (inspect) same(inspect().subscriptions, 1, 'subscriptions after closing one');

      await reader.close();
      same(reader.status, 'closed', 'status after close()');
      await ctx.writeNotes(writer, BOB, 2);
      await ctx.quiet();
      same(seqsOf(main.events), [1], 'events after transport close()');
      main.sub.close();
      // Subscribing after close() may throw or hand back a dead subscription; it must never deliver.
      let late: Collected | null;
      try {
        late = ctx.collect(reader, TOPIC, 0);
      } catch {
        late = null;
      }
      await ctx.quiet();
      same(late?.events.length ?? 0, 0, 'events for a subscription made after close()');
      late?.sub.close();
      await rejectsWith(reader.send([add(ALICE, 'late')]), 'send after close', { retryable: false });
      await rejectsWith(reader.fetch(TOPIC, 0), 'fetch after close', { retryable: false });
      if (inspect) {
        const c = inspect();
        same([c.subscriptions, c.timers, c.listeners], [0, 0, 0], 'debugCounts [subscriptions, timers, listeners] after close()');
      }
    });
  });
}
