import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { clientOnHub, shadowText, uniqueRoom, waitForText, widgetOnHub, type Who } from '../support.js';

// A file of its own: the staff chunk must not be in this page before the first test looks at the
// requests (a page loads it once).

/** Requests this page made for the meter's staff chunk (pulse, timeline, hand queue, their strings). */
const staffRequests = () => performance.getEntriesByType('resource').filter((r) => /\/meter-staff\.[jt]s/.test(r.name));

async function meterAs(hub: MemoryHub, room: string, who: Who, tpl = html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`) {
  const { el } = await widgetOnHub<PkEngagementMeter>(hub, room, who, tpl, 'pk-engagement-meter');
  await waitUntil(() => !!el.ctl.handle?.loaded, 'meter loads');
  await el.updateComplete;
  return el;
}

/** A facilitator's meter (`tpl`) in a room of its own, with the hub to add others. */
async function facilitatorMeter(tpl: ReturnType<typeof html>) {
  const hub = new MemoryHub();
  const room = uniqueRoom('mchunk');
  return { hub, room, fay: await meterAs(hub, room, { id: 'fay', role: 'facilitator' }, tpl) };
}

describe('<pk-engagement-meter> staff chunk', () => {
  it('participants never download it and still take part; a facilitator gets the pulse with it', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('mchunk');
    const pia = await meterAs(hub, room, { id: 'pia' });
    const confused = [...pia.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Confused')!;
    confused.click();
    await waitForText(pia, /Your state: Confused/);
    await pia.raiseHand();
    await waitUntil(() => pia.shadowRoot!.querySelector('[part~=hand]')!.getAttribute('aria-pressed') === 'true', 'my hand is up');
    expect(pia.shadowRoot!.querySelector('[part~=summary]'), 'no pulse for a participant').to.not.exist;
    expect(staffRequests(), 'the staff chunk was not requested').to.deep.equal([]);

    const fay = await meterAs(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`,
    );
    await waitUntil(() => fay.pulse?.counts.confused === 1, `the pulse counts the signal: ${shadowText(fay)}`);
    await fay.updateComplete;
    expect(shadowText(fay)).to.match(/Class pulse/);
    expect(shadowText(fay)).to.match(/Raised hands \(1\)/);
    const row = fay.shadowRoot!.querySelector('.state-row')!;
    expect(getComputedStyle(row).display, 'the view brought its styles').to.equal('grid');
    expect(getComputedStyle(row.querySelector('[part~=bar]')!).blockSize, 'share bars are drawn').to.not.equal('0px');
    expect(staffRequests()).to.have.length(1);
    expect(pia.shadowRoot!.querySelector('[part~=summary]'), 'still none for the participant').to.not.exist;
  });

  it('speaks the element’s language: a Dutch facilitator gets the staff strings in Dutch', async () => {
    const { fay } = await facilitatorMeter(html`<pk-engagement-meter lang="nl-BE" meter-id="m"></pk-engagement-meter>`);
    await fay.localeReady;
    await waitForText(fay, /Hartslag van de groep/);
    expect(shadowText(fay)).to.match(/Opgestoken handen \(0\)/);
    expect(shadowText(fay)).to.match(/Bediening voor de facilitator/);
    expect(shadowText(fay), 'no English left in the staff view').to.not.match(/Class pulse|Raised hands|Facilitator controls/);
  });

  it('follows the related topics for staff, and again when `related` changes', async () => {
    const { hub, room, fay } = await facilitatorMeter(
      html`<pk-engagement-meter meter-id="m" min-group="1" related="poll:warmup"></pk-engagement-meter>`,
    );
    const pia = clientOnHub(hub, room, 'pia');
    await pia.topic('poll:warmup', pollModel).send('vote', { round: 1, choices: ['a'] });
    await pia.topic('meter:m', meterModel).send('state', { state: 'got-it', ttl: 600 });
    await waitUntil(() => fay.pulse?.participation === 1, `the related poll counts: ${JSON.stringify(fay.pulse)}`);
    fay.related = 'poll:other';
    await waitUntil(() => fay.pulse?.participation === 0, `nobody answered the new related poll: ${JSON.stringify(fay.pulse)}`);
    fay.related = 'wiki:home';
    await waitForText(fay, /related: no participation source for "wiki"/);
    expect(fay.pulse?.participation, 'no related topic followed').to.equal(null);
    await pia.close();
  });
});
