// Two real tabs of one Chromium on the local transport (IndexedDB authority, BroadcastChannel):
// a participant's page and a facilitator's page, driven through the test runner's browser.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { quietFor } from '../quiet.mjs';
import { uniqueRoom } from '../support.js';

const open = (room: string, pid: string, role = 'participant', name = pid) =>
  executeServerCommand<number, { path: string }>('tab-open', {
    path: `/test/fixtures/meter-tab.html?room=${room}&pid=${pid}&role=${role}&name=${name}`,
  });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 10000) => executeServerCommand('tab-wait', { id, expression, timeout });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

describe('engagement meter across real tabs (local transport)', function () {
  this.timeout(60000);

  it("a participant's signal reaches the facilitator; the participant can neither clear states nor see others'", async () => {
    const room = uniqueRoom('meter-tabs');
    const fac = await open(room, 'fay', 'facilitator', 'Fay');
    const pat = await open(room, 'pat');
    // A third participant: this test page, on the same local authority.
    const other = new SessionClient({
      room,
      transport: new LocalTransport(),
      identity: { id: 'olga', name: 'Olga' },
      outbox: new MemoryOutbox(),
    });
    try {
      await waitIn(fac, `window.pk.status() === 'open' && window.pk.loaded()`);
      await waitIn(pat, `window.pk.status() === 'open' && window.pk.loaded()`);
      expect(
        await evalIn<boolean>(pat, `window.pk.has('summary') || window.pk.has('controls')`),
        'no facilitator UI in the participant tab',
      ).to.equal(false);

      // The participant's signal reaches the facilitator's view in the other tab.
      await evalIn(pat, `window.pk.setState('confused')`);
      await waitIn(fac, `/Confused\\s*1 · 100\\s?%/.test(window.pk.text())`);
      await evalIn(pat, `window.pk.raiseHand()`);
      await waitIn(fac, `/Raised hands \\(1\\)/.test(window.pk.text())`);

      // Another participant signals too; the participant tab shows only its own state.
      const h = other.topic('meter:tabs', meterModel);
      await other.start();
      expect((await h.send('state', { state: 'too-fast' })).status).to.equal('applied');
      await waitIn(fac, `/Too fast\\s*1 · 50\\s?%/.test(window.pk.text())`);
      expect(await evalIn<string[]>(pat, `window.pk.visibleStates()`)).to.deep.equal(['confused']);
      const text = await evalIn<string>(pat, `window.pk.text()`);
      expect(text).to.not.match(/Too fast\s*\d|present|Raised hands/);
      expect(text).to.match(/Your state: Confused/);
      expect(await evalIn<Array<string | null>>(pat, `window.pk.othersActors()`), "others' signals arrive without an actor").to.deep.equal([
        null,
      ]);

      // The participant cannot clear: refused locally and by the authority.
      expect(await evalIn<string>(pat, `window.pk.clear()`)).to.equal('forbidden');
      await waitIn(pat, `/Only a facilitator can do that/.test(window.pk.text())`);
      expect(await evalIn<string>(pat, `window.pk.rawClear()`)).to.equal('forbidden');
      await quietFor(
        400,
        "the participant's clear reaching the facilitator",
        async () => !/Confused\s*1 · 50\s?%/.test(await evalIn<string>(fac, `window.pk.text()`)),
      );

      // The facilitator can.
      expect(await evalIn<string>(fac, `window.pk.clear()`)).to.equal('applied');
      await waitIn(pat, `/You have not set a state/.test(window.pk.text())`);
      await waitIn(fac, `/Confused\\s*0/.test(window.pk.text()) && /No hands raised/.test(window.pk.text())`);
    } finally {
      await other.close();
      await closeTab(fac);
      await closeTab(pat);
    }
  });
});
