import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { clientOnHub, shadowText, uniqueRoom, whileRequestsFail, widgetOnHub } from '../support.js';

// A file of its own: the facilitator view's module must not be in this page yet when the fault is
// set (a page loads it once). Chromium really fails the request, as when hotel Wi-Fi drops it.
describe('<pk-engagement-meter> when the facilitator view cannot load', () => {
  it('says so in its place, and a participant’s signal still reaches the meter', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('mstaff');
    const { value: meter, logged } = await whileRequestsFail('meter-staff', async () => {
      const { el } = await widgetOnHub<PkEngagementMeter>(
        hub,
        room,
        { id: 'fay', role: 'facilitator', name: 'Fay' },
        html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`,
        'pk-engagement-meter',
      );
      await waitUntil(() => el.shadowRoot!.querySelector('[part~=error][role=alert]'), `a failure notice in: ${shadowText(el)}`, {
        timeout: 5000,
      });
      return el;
    });
    const notice = meter.shadowRoot!.querySelector('[part~=error][role=alert]')!;
    expect(notice.textContent).to.match(/facilitator view could not load\. Reload the page/);
    expect(meter.shadowRoot!.querySelector('[part~=summary]')).to.not.exist;
    expect(logged.join('\n')).to.match(/could not load the meter facilitator view/);
    await expect(meter).to.be.accessible();

    // The meter still follows the room: a participant's signal reaches the facilitator's meter, and
    // the notice stays in place. The pulse, its events and the timeline come with the view's chunk
    // (docs/decisions.md §57): without it there is nothing to compute them, which a reload mends.
    const pia = clientOnHub(hub, room, 'pia');
    await pia.topic('meter:m', meterModel).send('state', { state: 'confused', ttl: 600 });
    await waitUntil(
      () => Object.values(meter.meterState.entries).some((e) => e.state === 'confused'),
      'the facilitator’s meter holds the signal',
      { timeout: 5000 },
    );
    await meter.updateComplete;
    expect(meter.shadowRoot!.querySelectorAll('[part~=error][role=alert]')).to.have.length(1);
    expect(meter.pulse, 'no pulse without the view that computes it').to.equal(null);
    // An export says why it cannot run instead of handing back an empty timeline.
    const refused = await meter.timelineCsv().then(
      () => null,
      (err: Error) => err,
    );
    expect(refused?.message).to.match(/meter timeline could not load: check the connection, then reload the page/);
  });
});
