// Quorum across real tabs of one Chromium (local transport: IndexedDB is the authority, presence
// over BroadcastChannel): the last answer the quorum needs closes the poll for everyone.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { pollModel, type PollConfig } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { uniqueRoom } from '../support.js';
import { yesNo } from './quorum-poll.js';

const open = (room: string, pid: string) =>
  executeServerCommand<number, { path: string }>('tab-open', { path: `/test/fixtures/poll-tab.html?room=${room}&pid=${pid}` });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 15000) => executeServerCommand('tab-wait', { id, expression, timeout });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });
/** Participants the tab's own presence counts (the count its local authority decides on). */
const present = `document.querySelector('pk-session').session?.presence?.participantCount`;

/** The fixture's own options (Alpha, Bravo), answers not changeable. */
const config: PollConfig = {
  ...yesNo,
  question: 'Pick one',
  options: [
    { value: 'a', label: 'Alpha' },
    { value: 'b', label: 'Bravo' },
  ],
  allowChange: false,
};

describe('poll quorum across real tabs (local transport)', function () {
  this.timeout(90000);

  it('the last answer the quorum needs closes the poll in every tab, and each tab says so', async () => {
    const room = uniqueRoom('quorum');
    // This page is the facilitator: present too, and never counted.
    const fay = new SessionClient({
      room,
      transport: new LocalTransport(),
      identity: { id: 'fay', name: 'Fay', role: 'facilitator' },
      outbox: new MemoryOutbox(),
    });
    await fay.start();
    const poll = fay.topic('poll:tabs', pollModel);
    const a = await open(room, 'ann');
    const b = await open(room, 'ben');
    try {
      await waitIn(a, `window.pk.status() === 'open' && ${present} === 2`);
      await waitIn(b, `window.pk.status() === 'open' && ${present} === 2`);
      // Everyone present: two participants, so both must answer.
      const ack = await fay.enqueue(poll, 'open', { config, seconds: null, quorum: { share: 100 } });
      expect(ack.status).to.equal('applied');
      for (const t of [a, b]) await waitIn(t, `/Closes once 100% of those present have answered/.test(window.pk.text())`);

      await evalIn(a, `window.pk.vote('a')`);
      await waitIn(b, `/Alpha\\s*1 vote/.test(window.pk.text())`);
      expect(await evalIn<string>(b, `window.pk.text()`), 'one of two is not the quorum').to.not.match(/This poll is closed/);

      await evalIn(b, `window.pk.vote('b')`);
      for (const t of [a, b]) {
        await waitIn(t, `/This poll is closed/.test(window.pk.text()) && /Bravo\\s*1 vote/.test(window.pk.text())`);
        // Announced as any close is (the element's polite live region).
        await waitIn(
          t,
          `/This poll is closed/.test(document.querySelector('pk-pulse-poll').shadowRoot.querySelector('[aria-live]')?.textContent ?? '')`,
        );
        expect(await evalIn<string>(t, `window.pk.text()`)).to.not.match(/Closes once/);
      }
      await waitUntil(() => poll.state.status === 'closed', 'the facilitator sees it closed too', { timeout: 15000 });
      expect(poll.state.responded).to.equal(2);
    } finally {
      await closeTab(a);
      await closeTab(b);
      await fay.close();
    }
  });
});
