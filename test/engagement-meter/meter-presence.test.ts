// Issue #12 item 7: the meter's timeline starts once presence is known. Sampled before the first
// presence report, the first samples recorded nobody present (and shares of whoever had signalled).
import { expect, html, waitUntil } from '@open-wc/testing';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import type { Presence, PresenceListener } from '../../src/core/protocol/transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { clientOnHub, uniqueRoom, widgetOnHub } from '../support.js';

/**
 * A MemoryTransport whose presence reports are held until `release()`. A fake for timing only: a
 * network transport learns presence from a frame that comes some time after the topic has loaded,
 * and this makes that delay as long as the test needs.
 */
class LatePresence extends MemoryTransport {
  #held = new Set<PresenceListener>();
  #released = false;
  override onPresence(listener: PresenceListener): () => void {
    const forward: PresenceListener = (p: Presence) => (this.#released ? listener(p) : this.#held.add(listener));
    const stop = super.onPresence(forward);
    return () => {
      this.#held.delete(listener);
      stop();
    };
  }
  release(): void {
    this.#released = true;
    for (const l of this.#held) super.onPresence(l);
    this.#held.clear();
  }
}

describe('<pk-engagement-meter>: the timeline waits for presence', () => {
  it('no sample and no alert before presence is known; the first sample counts the participants present', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('meter-presence');
    const people = ['p1', 'p2', 'p3'].map((id) => clientOnHub(hub, room, id));
    try {
      await people[0]!.topic('meter:m', meterModel).send('state', { state: 'confused' });
      const transport = new LatePresence(hub);
      const { el: meter } = await widgetOnHub<PkEngagementMeter>(
        hub,
        room,
        { id: 'fay', role: 'facilitator', name: 'Fay' },
        html`<pk-engagement-meter meter-id="m" sample-seconds="1" min-group="1"></pk-engagement-meter>`,
        'pk-engagement-meter',
        { transport },
      );
      const alerts: Event[] = [];
      meter.addEventListener('pk-engagement-alert', (e) => alerts.push(e));
      await waitUntil(() => !!meter.ctl.handle?.loaded && meter.pulse !== null, 'the meter loaded, presence still unknown');
      // Time passes (several sampling steps) without presence.
      const start = Date.now();
      await waitUntil(
        () => {
          meter.requestUpdate();
          return Date.now() - start > 2500;
        },
        'a few sampling steps',
        { timeout: 5000, interval: 250 },
      );
      expect(meter.ctl.session!.presence).to.equal(null);
      expect(meter.timeline, 'nothing sampled before presence is known').to.have.length(0);
      expect(alerts, 'one confused person of one signaller is not "100 % confused"').to.have.length(0);
      transport.release();
      await waitUntil(() => meter.timeline.length > 0, 'sampled once presence is known');
      expect(meter.timeline.map((s) => s.present)).to.deep.equal(meter.timeline.map(() => 3));
    } finally {
      await Promise.all(people.map((c) => c.close()));
    }
  });
});
