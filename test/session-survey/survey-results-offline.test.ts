import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/session/define.js';
import '../../src/components/session-survey/define.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { shadowText, uniqueRoom, whileRequestsFail } from '../support.js';

// A file of its own: the results module must not be in this page yet when the fault is set (a page
// loads it once). Chromium really fails the request, as when hotel Wi-Fi drops it.
describe('<pk-session-survey> when the results view cannot load', () => {
  it('tells the facilitator instead of "Loading the results…" forever', async () => {
    const definition = { title: 'Check', questions: [{ id: 'nps', type: 'nps', title: 'Recommend?' }] };
    const transport = new MemoryTransport(new MemoryHub());
    const { value: el, logged } = await whileRequestsFail('survey-results', async () => {
      const session =
        await fixture<PkSession>(html`<pk-session room=${uniqueRoom('sr')} user-role="facilitator" participant-id="fay" .transport=${transport}
        ><pk-session-survey survey-id="s" .definition=${definition}></pk-session-survey
      ></pk-session>`);
      const el = session.querySelector('pk-session-survey') as PkSessionSurvey;
      await waitUntil(() => el.shadowRoot!.querySelector('[part~=error][role=alert]'), `a failure notice in: ${shadowText(el)}`, {
        timeout: 5000,
      });
      return el;
    });
    const notice = el.shadowRoot!.querySelector('[part~=error][role=alert]')!;
    expect(notice.textContent).to.equal('The results could not load. Check the connection, then reload the page.');
    expect(shadowText(el)).to.not.match(/Loading the results/);
    expect(logged.join('\n')).to.match(/could not load the survey results view/);
    await expect(el).to.be.accessible();
  });
});
