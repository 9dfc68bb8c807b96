import { STATUS_TRANSITIONS, type ConnectionStatus } from '../../core/protocol/transport.js';
import { check, same, ALICE } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** Connection status: only the transitions the contract lists, from idle to closed. */
export function statusCases(ctx: ConformanceContext): void {
  describe('status', () => {
    it('makes only transitions listed in STATUS_TRANSITIONS and ends closed', async () => {
      const log: ConnectionStatus[] = [];
      let initial: ConnectionStatus = 'idle';
      const t = await ctx.client(ALICE, {
        before: (x) => {
          initial = x.status;
          x.onStatus((s) => log.push(s));
        },
      });
      same(initial, 'idle', 'a new transport starts idle');
      if (ctx.canDrop) {
        await ctx.drop(t);
        await ctx.restore(t);
      }
      await t.close();
      await t.close();
      same(t.status, 'closed', 'status after close()');
      check(log.includes('open'), `status log ${JSON.stringify(log)} never reached open`);
      same(log[log.length - 1], 'closed', 'last recorded status');
      let prev: ConnectionStatus = initial;
      for (const s of log) {
        check(STATUS_TRANSITIONS[prev].includes(s), `invalid transition ${prev} -> ${s} in ${JSON.stringify(log)}`);
        prev = s;
      }
    });
  });
}
