// One rule for every text a person typed (src/core/text.ts): Unicode direction overrides,
// embeddings and isolates never reach a screen or a file. Checked in each place people's text
// shows: poll questions, option labels and text answers, survey option labels and text answers
// (view and CSV), meter markers (view, CSV, JSON) and hand names, and the thread's exports.
import { expect, html, waitUntil } from '@open-wc/testing';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { pollModel, type PollConfig } from '../../src/components/pulse-poll/poll-model.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import { toCsv } from '../../src/components/session-survey/survey-csv.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';
import { stripBidi } from '../../src/core/protocol/text.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { clientOnHub, pollOnHub, shadowText, uniqueRoom, waitForText, widgetOnHub } from '../support.js';
import { seed } from '../discussion-thread/thread-support.js';

/** What a person could type to turn the text around it: an override, an isolate, a deprecated control. */
const twisted = (s: string): string => `\u202E${s}\u202C \u2067x\u2069\u206B`;
const CONTROLS = /[\u202A-\u202E\u2066-\u206F]/;

/** Fails with the spot where a direction control shows. */
function expectNone(text: string, where: string): void {
  const m = CONTROLS.exec(text);
  expect(m ? JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30)) : null, `${where}: no direction controls`).to.equal(null);
}

/** Everything an element shows, its SVG titles and attribute values (tooltips, accessible names) included. */
function shown(el: Element): string {
  const parts = [el.shadowRoot!.textContent ?? ''];
  for (const node of el.shadowRoot!.querySelectorAll('*')) for (const a of node.getAttributeNames()) parts.push(node.getAttribute(a) ?? '');
  return parts.join('\n');
}

describe('one rule for text people type: no direction controls anywhere', function () {
  this.timeout(20000);
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('typed');
  });

  it('the core helper removes overrides, embeddings, isolates and deprecated controls, and keeps the marks RTL writers type', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u206A\u206B\u206C\u206D\u206E\u206F';
    expect(stripBidi(`a${all}b`)).to.equal('ab');
    expect(stripBidi('\u200Fمرحبا\u200E!\u061C')).to.equal('\u200Fمرحبا\u200E!\u061C');
  });

  it('poll: the question, option labels (authored or opened by a facilitator) and text answers', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'ann' },
      html`<pk-pulse-poll poll-id="q" question=${twisted('Pick one')}><option value="a">${twisted('Alpha')}</option><option value="b">Bravo</option></pk-pulse-poll>`,
    );
    await waitForText(a.poll, /Alpha/);
    expectNone(shown(a.poll), 'authored labels');
    await a.poll.vote(['a']);
    await waitForText(a.poll, /Your vote: Alpha/);
    expectNone(shown(a.poll), 'my vote and the results');

    const config: PollConfig = {
      question: twisted('Which?'),
      kind: 'single',
      options: [
        { value: 'x', label: twisted('Xray') },
        { value: 'y', label: 'Yankee' },
      ],
      allowChange: false,
      anonymous: true,
      results: 'live',
    };
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    expect((await fac.topic('poll:opened', pollModel).send('open', { config })).status).to.equal('applied');
    const b = await pollOnHub(
      hub,
      room,
      { id: 'ben' },
      html`<pk-pulse-poll poll-id="opened" question="Placeholder"><option value="x">X</option></pk-pulse-poll>`,
    );
    await waitForText(b.poll, /Xray/);
    expectNone(shown(b.poll), "a facilitator's labels");

    const t = await pollOnHub(
      hub,
      room,
      { id: 'cai' },
      html`<pk-pulse-poll poll-id="words" kind="text" question="One word?"></pk-pulse-poll>`,
    );
    await t.poll.vote([twisted('Focus')]);
    const d = await pollOnHub(
      hub,
      room,
      { id: 'dee' },
      html`<pk-pulse-poll poll-id="words" kind="text" question="One word?"></pk-pulse-poll>`,
    );
    await waitForText(d.poll, /Focus x\s*1 vote/);
    expectNone(shown(t.poll), 'my text answer');
    expectNone(shown(d.poll), "someone's text answer");
  });

  it('survey: option labels, and text answers in the results and the CSV', async () => {
    const def = {
      title: twisted('Feedback'),
      questions: [
        { id: 'role', type: 'single', title: twisted('Your role'), options: [twisted('Trainer'), 'Learner'] },
        { id: 'word', type: 'text', title: 'One word' },
      ],
    };
    const p = await widgetOnHub<PkSessionSurvey>(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${def}></pk-session-survey>`,
      'pk-session-survey',
    );
    await waitForText(p.el, /Trainer/);
    expectNone(shown(p.el), 'the form');

    const ann = clientOnHub(hub, room, 'ann');
    const ack = await ann
      .topic('survey:s', surveyModel)
      .send('submit', { answers: { word: twisted('Energising') }, context: { room, session: '', hidden: {} } });
    expect(ack.status).to.equal('applied');
    const f = await widgetOnHub<PkSessionSurvey>(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey survey-id="s" .definition=${def}></pk-session-survey>`,
      'pk-session-survey',
    );
    await waitUntil(() => /Energising/.test(shadowText(f.el)), `the answer in the results: ${shadowText(f.el)}`, { timeout: 10000 });
    expectNone(shown(f.el), 'the results');
    const responses = Object.values(f.el.surveyState.responses);
    expectNone(toCsv(f.el.activeDefinition!, responses), 'the CSV');
  });

  it('meter: markers in the view, the CSV and the JSON, and names in the hand queue', async () => {
    const f = await widgetOnHub<PkEngagementMeter>(
      hub,
      room,
      { id: 'fay', role: 'facilitator', name: 'Fay' },
      html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`,
      'pk-engagement-meter',
    );
    await waitUntil(() => !!f.el.ctl.handle?.loaded, 'meter loads');
    await f.el.setNamed(true);
    const input = f.el.shadowRoot!.querySelector<HTMLInputElement>('input#marker')!;
    input.value = twisted('Slide 12');
    [...f.el.shadowRoot!.querySelectorAll('button')].find((b) => /Drop marker/.test(b.textContent ?? ''))!.click();
    const p = await widgetOnHub<PkEngagementMeter>(
      hub,
      room,
      { id: 'pat', name: twisted('Pat') },
      html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`,
      'pk-engagement-meter',
    );
    await waitUntil(() => !!p.el.ctl.handle?.loaded, 'participant meter loads');
    await p.el.raiseHand();
    await waitForText(f.el, /Slide 12/);
    await waitForText(f.el, /Pat x/);
    expectNone(shown(f.el), 'the facilitator view');
    expectNone(await f.el.timelineCsv(), 'the CSV');
    expectNone(await f.el.timelineJson(), 'the JSON');
  });

  it('thread: names and posts in the JSON and Markdown exports', async () => {
    // Display names come from the host page or SSO, as typed there.
    await seed(hub, room, { id: 'eve', name: twisted('Eve'), role: 'participant' }, [{ type: 'post', data: { body: twisted('Hello') } }]);
    const { el } = await widgetOnHub<PkDiscussionThread>(
      hub,
      room,
      { id: 'fay', role: 'facilitator', name: 'Fay' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
      'pk-discussion-thread',
    );
    await waitUntil(() => el.threadState.count === 1, 'the post');
    el.addEventListener('pk-thread-export', (e) => e.preventDefault());
    expectNone(await el.exportThread('json'), 'the JSON export');
    expectNone(await el.exportThread('markdown'), 'the Markdown export');
  });
});
