import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { pollOnHub, shadowText, uniqueRoom, waitForText, whileRequestsFail } from '../support.js';

// A file of its own: the controls' module must not be in this page yet when the fault is set (a
// page loads it once). Chromium really fails the request, as when hotel Wi-Fi drops it.
describe('<pk-pulse-poll> when the facilitator controls cannot load', () => {
  it('says so in their place, and the poll keeps working', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('ctl');
    const abc = html`<option value="a">Alpha</option><option value="b">Bravo</option>`;
    const { value: f, logged } = await whileRequestsFail('poll-controls', async () => {
      const f = await pollOnHub(
        hub,
        room,
        { id: 'fay', role: 'facilitator' },
        html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
      );
      await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=error][role=alert]'), `a failure notice in: ${shadowText(f.poll)}`, {
        timeout: 5000,
      });
      return f;
    });
    const notice = f.poll.shadowRoot!.querySelector('[part~=error][role=alert]')!;
    expect(notice.textContent).to.match(/facilitator controls could not load\. Check the connection, then reload the page\./);
    expect(f.poll.shadowRoot!.querySelector('[part~=controls]')).to.not.exist;
    expect(logged.join('\n')).to.match(/could not load the poll controls/);
    await expect(f.poll).to.be.accessible();

    // The poll itself still works without them: a participant's vote reaches the facilitator's results.
    const p = await pollOnHub(hub, room, { id: 'pia' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    await p.poll.vote(['a']);
    await waitForText(f.poll, /Alpha\s*1 vote/);
  });
});
