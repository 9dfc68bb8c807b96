import { pollModel } from '../../components/pulse-poll/poll-model.js';
import { surveyModel } from '../../components/session-survey/survey-model.js';
import type { TopicModel } from '../../core/protocol/model.js';
import type { Transport } from '../../core/protocol/transport.js';
import type { Ack, Actor, Operation } from '../../core/protocol/wire.js';
import { op } from '../conformance-checks.js';
import { ConformanceError } from '../conformance-error.js';
import type { ConformanceContext } from './context.js';

/**
 * Conformance cases for a backend that runs Pulsekit's shipped widget models (the harness says
 * `shippedModels: true`): a participant's operation never sets the rules it is judged by
 * (docs/protocol.md, "Rules of a topic"). The models are pure, so this checks that the authority
 * stores and folds what they decide, including the rules a first write fixes.
 */

/** Models these cases need; the suite registers them with transports that take models. */
export const RULE_MODELS: TopicModel<any>[] = [pollModel, surveyModel];

const PAT: Actor = { id: 'conf-pat', name: 'Pat', role: 'participant' };
const QUIN: Actor = { id: 'conf-quin', name: 'Quin', role: 'participant' };

/** The single ack of a one-op batch, required to have `status` (and `code` when rejected). */
async function expectAck(t: Transport, o: Operation, status: Ack['status'], code: string | undefined, what: string): Promise<void> {
  const [ack] = await t.send([o]);
  const got = ack?.status === 'rejected' ? `rejected ${ack.error.code}` : ack?.status;
  if (ack?.status !== status || (code !== undefined && ack.status === 'rejected' && ack.error.code !== code)) {
    throw new ConformanceError(`${what}: expected ${status}${code ? ` ${code}` : ''}, got ${got} (${JSON.stringify(ack)})`);
  }
}

/** Registers the cases; they connect their participants through the shared context. */
export function shippedModelRuleCases(ctx: ConformanceContext): void {
  describe("shipped models: a participant's operation never sets the rules it is judged by", () => {
    it('self-serve poll: the first vote fixes the rules; a re-vote carrying allowChange or a value that is not an option is refused', async () => {
      const pat = await ctx.client(PAT);
      const quin = await ctx.client(QUIN);
      const topic = 'poll:conf-rules';
      // What a page with a single-choice poll of two options sends.
      const page = { round: 1, kind: 'single', options: ['a', 'b'], maxChoices: 1, allowChange: false, anonymous: true };
      await expectAck(pat, op(PAT, topic, 'vote', { ...page, choices: ['a'] }), 'applied', undefined, 'first vote');
      await expectAck(
        pat,
        op(PAT, topic, 'vote', { ...page, choices: ['b'], allowChange: true }),
        'rejected',
        'already_voted',
        're-vote carrying allowChange: true',
      );
      await expectAck(
        quin,
        op(QUIN, topic, 'vote', { ...page, choices: ['zzz'], options: ['a', 'b', 'zzz'] }),
        'rejected',
        'invalid_choice',
        'vote for a value that is not an option',
      );
      await expectAck(quin, op(QUIN, topic, 'vote', { ...page, choices: ['b'] }), 'applied', undefined, 'a fair vote');
      const { events } = await quin.fetch(topic, 0);
      const tally = events.map((e) => (e.data as { choices?: string[] }).choices?.join());
      if (JSON.stringify(tally) !== '["a","b"]')
        throw new ConformanceError(`stored votes: expected ["a","b"], got ${JSON.stringify(tally)}`);
    });

    it('self-serve survey: a re-submit carrying allowEdit cannot replace a response', async () => {
      const pat = await ctx.client(PAT);
      const topic = 'survey:conf-rules';
      const context = { room: 'conformance', session: '', hidden: {} };
      await expectAck(
        pat,
        op(PAT, topic, 'submit', { answers: { q1: 4 }, context, allowEdit: false }),
        'applied',
        undefined,
        'first submit',
      );
      await expectAck(
        pat,
        op(PAT, topic, 'submit', { answers: { q1: 1 }, context, allowEdit: true }),
        'rejected',
        'already_submitted',
        're-submit carrying allowEdit: true',
      );
      const { events } = await pat.fetch(topic, 0);
      if (events.length !== 1) throw new ConformanceError(`stored submits: expected 1, got ${events.length}`);
    });
  });
}
