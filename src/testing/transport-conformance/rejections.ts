import { same, ALICE, BOB, FACI, TOPIC, op, add, applied, rejected } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** Rejections carry {code, message, retryable} and spend no seq; roles are enforced by the authority. */
export function rejectionCases(ctx: ConformanceContext): void {
  describe('rejections and roles', () => {
    it('rejects with {code, message, retryable} and spends no seq', async () => {
      const t = await ctx.client(ALICE);
      const acks = await t.send([add(ALICE, 'ok1'), op(ALICE, TOPIC, 'fail', {}), add(ALICE, 'ok2')]);
      same(applied(acks[0], 'first'), 1, 'first seq');
      const err = rejected(acks[1], 'fail op', 'note_failed');
      same(err.retryable, false, 'retryable');
      same(applied(acks[2], 'third'), 2, 'seq after a rejection');
      rejected((await t.send([add(BOB, 'spoofed')]))[0], 'op whose clientId is not the connection', 'forbidden');
      rejected((await t.send([op(ALICE, 'nomodel:x', 'add', {})]))[0], 'op for an unknown kind');
      same((await ctx.fetchAll(t)).head, 2, 'head');
    });

    it('lets only facilitators run facilitator operations', async () => {
      const participant = await ctx.client(ALICE);
      const facilitator = await ctx.client(FACI);
      const err = rejected((await participant.send([op(ALICE, TOPIC, 'admin', {})]))[0], 'participant admin', 'forbidden');
      same(err.retryable, false, 'retryable');
      same(applied((await facilitator.send([op(FACI, TOPIC, 'admin', {})]))[0], 'facilitator admin'), 1, 'seq');
    });
  });
}
