import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { uniqueRoom, widgetOnHub } from '../support.js';

// A file of its own: the staff chunk must not be in this page yet when its request is held (a page
// loads it once).
describe('<pk-engagement-meter> timeline exports before the staff side loaded', () => {
  it('wait for the staff side instead of returning an empty timeline', async () => {
    await executeServerCommand('requests-hold', { pattern: 'meter-staff' });
    try {
      // Not widgetOnHub: it awaits `updateComplete`, which waits for the held chunk.
      const session = await fixture<PkSession>(html`<pk-session room=${uniqueRoom('mexport')} user-role="facilitator" participant-id="fay"
        .transport=${new MemoryTransport(new MemoryHub())}
        ><pk-engagement-meter meter-id="m"></pk-engagement-meter
      ></pk-session>`);
      const el = session.querySelector<PkEngagementMeter>('pk-engagement-meter')!;
      await waitUntil(() => !!el.ctl.handle?.loaded && el.ctl.session?.identity.role === 'facilitator', 'the facilitator’s meter loads');
      const csv = el.timelineCsv();
      const json = el.timelineJson();
      await executeServerCommand('requests-pass');
      expect((await csv).split('\r\n')[0]).to.match(/^kind,time,present,index,/);
      expect(JSON.parse(await json)).to.have.property('markers');
    } finally {
      await executeServerCommand('requests-pass');
    }
  });

  it('a participant, who has no timeline, gets empty exports', async () => {
    const { el } = await widgetOnHub<PkEngagementMeter>(
      new MemoryHub(),
      uniqueRoom('mexport'),
      { id: 'pia', name: 'Pia' },
      html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`,
      'pk-engagement-meter',
    );
    await waitUntil(() => !!el.ctl.handle?.loaded, 'meter loads');
    expect(await el.timelineCsv()).to.equal('');
    expect(await el.timelineJson()).to.equal('');
  });
});
