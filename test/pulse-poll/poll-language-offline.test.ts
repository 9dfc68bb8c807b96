import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { pollOnHub, shadowText, uniqueRoom, whileRequestsFail } from '../support.js';

// A file of its own: the Dutch catalogs must not be in this page yet when the fault is set (a page
// loads each once). Chromium really fails their requests.
describe('<pk-pulse-poll> when its language cannot load', () => {
  it('stays in English throughout, facilitator controls included (one language per widget)', async () => {
    const { value: f } = await whileRequestsFail('/i18n/nl', async () => {
      const f = await pollOnHub(
        new MemoryHub(),
        uniqueRoom('lang'),
        { id: 'fay', role: 'facilitator' },
        html`<pk-pulse-poll lang="nl-BE" poll-id="q" question="Kies"
        ><option value="a">Appel</option><option value="b">Peer</option></pk-pulse-poll
      >`,
      );
      await f.poll.localeReady;
      await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=controls]'), `controls in: ${shadowText(f.poll)}`, { timeout: 5000 });
      return f;
    });
    await f.poll.updateComplete;
    expect(shadowText(f.poll)).to.match(/Results/);
    expect(f.poll.shadowRoot!.querySelector('[part~=controls] h3')!.textContent).to.match(/^Facilitator controls · Round 1$/);
    expect(shadowText(f.poll)).to.match(/Close poll/);
    // It says so: English is the language shown, the author's Dutch stays marked Dutch.
    expect(f.poll.shadowRoot!.querySelector('[part~=base]')!.getAttribute('lang')).to.equal('en');
    expect(f.poll.shadowRoot!.querySelector('[part~=question]')!.getAttribute('lang')).to.equal('nl-BE');
  });
});
