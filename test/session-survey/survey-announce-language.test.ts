import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/session/define.js';
import '../../src/components/session-survey/define.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { quietFor } from '../quiet.mjs';
import { clientOnHub, shadowText, uniqueRoom } from '../support.js';

/** Every text the element's polite live regions take from now on: what a screen reader hears. */
function listen(el: PkSessionSurvey): string[] {
  const heard: string[] = [];
  const regions = () => [...el.shadowRoot!.querySelectorAll('[role=status][aria-live=polite]')];
  new MutationObserver(() =>
    heard.push(
      ...regions()
        .map((r) => r.textContent!.trim())
        .filter(Boolean),
    ),
  ).observe(el.shadowRoot!, {
    subtree: true,
    childList: true,
    characterData: true,
  });
  return heard;
}

/** A participant of `room` on `hub` submits one NPS answer. */
async function submit(hub: MemoryHub, room: string, id: string, nps: number): Promise<void> {
  const ack = await clientOnHub(hub, room, id)
    .topic('survey:s', surveyModel)
    .send('submit', { answers: { nps }, context: { room, session: '', hidden: {} } });
  expect(ack.status).to.equal('applied');
}

// A file of its own: the Arabic results catalog must not be in this page yet when its request is held.
describe('<pk-session-survey> count announcements while the results catalog loads', () => {
  it('says nothing in English while the Arabic results strings are on their way, then announces in Arabic', async function () {
    this.timeout(20000);
    const hub = new MemoryHub();
    const room = uniqueRoom('sa');
    const definition = { title: 'فحص', questions: [{ id: 'nps', type: 'nps', title: 'هل تنصح بها؟' }] };
    let heard: string[] = [];
    await executeServerCommand('requests-hold', { pattern: 'results-ar' });
    let el: PkSessionSurvey;
    try {
      const session =
        await fixture<PkSession>(html`<pk-session lang="ar" room=${room} user-role="facilitator" participant-id="fay" .transport=${new MemoryTransport(hub)}
        ><pk-session-survey survey-id="s" .definition=${definition}></pk-session-survey
      ></pk-session>`);
      el = session.querySelector('pk-session-survey') as PkSessionSurvey;
      await waitUntil(() => el.shadowRoot!.querySelector('[part=results]'), `the results view in: ${shadowText(el)}`, { timeout: 5000 });
      heard = listen(el);
      await submit(hub, room, 'ann', 9);
      await waitUntil(() => el.surveyState.count === 1, 'the response is in');
      await quietFor(300, 'announcement in English', () => /response/i.test(heard.join(' | ')) && heard.join(' | '));
    } finally {
      await executeServerCommand('requests-pass');
    }
    await waitUntil(() => /رد/.test(shadowText(el)), `the results in Arabic: ${shadowText(el)}`, { timeout: 5000 });
    await submit(hub, room, 'bob', 3);
    await waitUntil(() => heard.some((h) => /ردّان/.test(h)), `"two responses" announced in Arabic; heard: ${heard.join(' | ')}`, {
      timeout: 5000,
    });
    expect(heard.join(' | ')).to.not.match(/response/i);
  });

  it('after a switch to another language, waits for that language too', async function () {
    this.timeout(20000);
    const hub = new MemoryHub();
    const room = uniqueRoom('sa');
    const definition = { title: 'Check', questions: [{ id: 'nps', type: 'nps', title: 'Recommend?' }] };
    const session =
      await fixture<PkSession>(html`<pk-session lang="en" room=${room} user-role="facilitator" participant-id="fay" .transport=${new MemoryTransport(hub)}
      ><pk-session-survey survey-id="s" .definition=${definition}></pk-session-survey
    ></pk-session>`);
    const el = session.querySelector('pk-session-survey') as PkSessionSurvey;
    await waitUntil(() => el.shadowRoot!.querySelector('[part=results]'), 'the results view', { timeout: 5000 });
    const heard = listen(el);
    await executeServerCommand('requests-hold', { pattern: 'results-nl' });
    try {
      session.setAttribute('lang', 'nl');
      await submit(hub, room, 'ann', 9);
      await waitUntil(() => el.surveyState.count === 1, 'the response is in');
      await quietFor(300, 'announcement in English after the switch', () => /response/i.test(heard.join(' | ')) && heard.join(' | '));
    } finally {
      await executeServerCommand('requests-pass');
    }
    // Once the Dutch strings are in, the count is announced in Dutch.
    await waitUntil(() => heard.some((h) => /1 reactie/.test(h)), `"1 reactie" announced; heard: ${heard.join(' | ')}`, { timeout: 5000 });
    expect(heard.join(' | ')).to.not.match(/response/i);
  });
});
