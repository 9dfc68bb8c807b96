import { check, same, ALICE, BOB, add, applied, rejected } from '../conformance-checks.js';
import type { ConformanceContext } from './context.js';

/** An ack never reveals who sent an event: another participant's opId gets the same refusal whoever is guessed. */
export function senderPrivacyCases(ctx: ConformanceContext): void {
  describe('acks never tell who sent an event', () => {
    it("answers another participant's opId the same whatever the guessed sender: never 'duplicate'", async () => {
      const alice = await ctx.client(ALICE);
      const bob = await ctx.client(BOB);
      const o = add(ALICE, 'anonymous words');
      applied((await alice.send([o]))[0], 'original');
      // Bob rebuilds the op from the event he received and guesses the sender: right or wrong,
      // the answer must be the same refusal, or it would unmask anonymous authors.
      const right = rejected((await bob.send([o]))[0], 'resend naming the real sender', 'forbidden');
      const wrong = rejected((await bob.send([{ ...o, clientId: 'carol' }]))[0], 'resend naming someone else', 'forbidden');
      same(right.code, wrong.code, 'the same answer for a right and a wrong guess');
      const own = (await bob.send([{ ...o, clientId: BOB.id }]))[0];
      check(own?.status === 'rejected', `resend as himself: ${JSON.stringify(own)}`);
      same((await ctx.fetchAll(alice)).events.length, 1, 'events');
    });
  });
}
