import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { pollOnHub, shadowText, uniqueRoom, whileRequestsFail } from '../support.js';

// A file of its own: the French catalogs must not be in this page yet when the fault is set (a page
// loads each once). Chromium really fails the request for the core's French strings; the poll's own
// French strings load. A language is its core part and its widget part together: without one, the
// widget shows English throughout rather than French buttons beside an English status line.
describe('a widget whose language loses its core part', () => {
  it('shows English, says so, and warns once', async () => {
    const { value: f, logged } = await whileRequestsFail('/core/i18n/fr', async () => {
      const f = await pollOnHub(
        new MemoryHub(),
        uniqueRoom('core-fr'),
        { id: 'fae' },
        html`<pk-pulse-poll lang="fr-CA" poll-id="q" question="Choisir"
          ><option value="a">Pomme</option><option value="b">Poire</option></pk-pulse-poll
        >`,
      );
      await f.poll.localeReady;
      return f;
    });
    await f.poll.updateComplete;
    await waitUntil(() => /Vote/.test(shadowText(f.poll)), `English in: ${shadowText(f.poll)}`);
    expect(shadowText(f.poll)).to.not.match(/Voter/);
    expect(f.poll.shadowRoot!.querySelector('[part~=base]')!.getAttribute('lang')).to.equal('en');
    expect(f.poll.shadowRoot!.querySelector('[part~=question]')!.getAttribute('lang')).to.equal('fr-CA');
    expect(logged.filter((l) => /could not load the "fr" strings/.test(l))).to.have.length(1);
  });
});
