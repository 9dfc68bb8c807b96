import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/pulse-poll/define.js';
import '../../src/components/session/define.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { IdbOutbox } from '../../src/core/client/outbox.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import type { Operation } from '../../src/core/protocol/wire.js';
import { shadowText, uniqueRoom, waitForText, withWarnings } from '../support.js';

async function vote(poll: PkPulsePoll, value: string): Promise<void> {
  poll.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`)!.click();
  await poll.updateComplete;
  poll.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
}

// The browser closing the embedded authority's database under an open page: site data cleared,
// storage evicted or failing. Produced for real: DevTools' "Delete database" (CDP), which closes
// the page's open connections to it, scoped to this test's own database name.
describe('the embedded local authority when the browser deletes its database', () => {
  it('a poll page opens it again: no lasting "Cannot reach", the poll starts over, a new vote counts once', async function () {
    this.timeout(20000);
    const dbName = `pk-lost-${crypto.randomUUID()}`;
    const transport = new LocalTransport({ dbName });
    const session = await fixture<PkSession>(html`<pk-session room=${uniqueRoom('lost')} participant-id="ann" .transport=${transport}
      ><pk-pulse-poll poll-id="q" question="Pick" results="live"><option value="a">Alpha</option><option value="b">Bravo</option></pk-pulse-poll
    ></pk-session>`);
    const poll = session.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => poll.shadowRoot!.querySelector('input[value="a"]'), 'the options');
    await vote(poll, 'a');
    await waitForText(poll, /Your vote: Alpha/);
    await waitUntil(() => poll.ctl.handle?.pending.length === 0, 'the vote acknowledged');

    const statuses: string[] = [];
    const off = transport.onStatus((s) => statuses.push(s));
    const { warned } = await withWarnings(async () => {
      await executeServerCommand('idb-force-delete', { name: dbName });
      // The vote went with the database: the page shows what the authority has now, an empty poll.
      await waitUntil(
        () => transport.status === 'open' && !/Your vote/.test(shadowText(poll)),
        `the poll again, empty: ${shadowText(poll)}`,
        { timeout: 8000 },
      );
    });
    off();
    expect(statuses[0]).to.equal('connecting');
    expect(statuses.at(-1)).to.equal('open');
    expect(statuses).to.not.include('failed');
    expect(warned.join('\n')).to.match(/lost its database: the browser closed the database; opening it again/);
    expect(shadowText(poll)).to.not.match(/Cannot reach the session/);
    expect(poll.pollState.responded, 'the lost vote is not counted').to.equal(0);

    await vote(poll, 'b');
    await waitForText(poll, /Your vote: Bravo/);
    await waitForText(poll, /Alpha\s*0 votes[^]*Bravo\s*1 vote/);
    await waitUntil(() => poll.ctl.handle?.pending.length === 0, 'the vote acknowledged');
    const stored = (await transport.fetch('poll:q', 0)).events.filter((e) => e.type === 'vote');
    expect(stored.map((e) => (e.data as { choices: string[] }).choices)).to.deep.equal([['b']]);
    await expect(poll).to.be.accessible();
  });
});

describe('IdbOutbox when the browser deletes its database', () => {
  it('keeps working: the next action is stored durably in a new database', async () => {
    const name = `pk-outbox-lost-${crypto.randomUUID()}`;
    const op = (opId: string): Operation => ({
      opId,
      clientId: 'ann',
      topic: 'note:x',
      type: 'add',
      data: { text: opId },
      createdAt: Date.now(),
    });
    const outbox = new IdbOutbox(name);
    try {
      await outbox.put('r', op('before'));
      expect((await outbox.list('r')).map((o) => o.opId)).to.deep.equal(['before']);
      await executeServerCommand('idb-force-delete', { name });
      await outbox.put('r', op('after'));
      expect((await outbox.list('r')).map((o) => o.opId)).to.deep.equal(['after']);
      // Durable: another reader of the same database (the next page load) finds it.
      const next = new IdbOutbox(name);
      expect((await next.list('r')).map((o) => o.opId)).to.deep.equal(['after']);
      next.close();
    } finally {
      outbox.close();
    }
  });
});
