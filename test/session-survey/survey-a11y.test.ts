// Issue #13 item 5 for <pk-session-survey>: focus after Preview and Show results, errors that link
// to their fields, radio groups marked invalid, a required ranking that says why it errors, matrix
// radios that are big enough and grow with the text, polite announcements, and whole-page axe.
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { targetsTooSmall } from '../a11y-support.js';
import { expectPageAccessible } from '../axe-page.js';
import { FULL } from '../fixtures/survey-defs.js';
import { button, shadowText, uniqueRoom } from '../support.js';
import { $, $$, next, pick, surveyOnHub } from './survey-support.js';

const active = (el: PkSessionSurvey) => el.shadowRoot!.activeElement as HTMLElement | null;
const live = (el: PkSessionSurvey) =>
  $$(el, '[role=status][aria-live=polite]')
    .map((r) => r.textContent)
    .join(' | ');

const RANKED = {
  title: 'Priorities',
  pages: [
    {
      questions: [
        { id: 'where', type: 'single', title: 'Where did you follow it?', options: ['Room', 'Remote'], required: true },
        { id: 'rank', type: 'ranking', title: 'Rank the topics', options: ['A11y', 'Budgets', 'Coaching'], required: true },
        {
          id: 'grid',
          type: 'matrix',
          title: 'How much do you agree?',
          rows: [{ id: 'pace', label: 'The pace was right' }],
          scale: ['No', 'Yes'],
        },
      ],
    },
  ],
};

describe('<pk-session-survey> accessibility (#13)', function () {
  this.timeout(60000);
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('survey-a11y');
  });

  it('errors: the summary links each problem to its field, radios in error are aria-invalid, a required ranking says why', async () => {
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${RANKED}></pk-session-survey>`,
    );
    await next(el);
    const summary = $(el, '[part~=error][role=alert]')!;
    const links = [...summary.querySelectorAll('a')];
    expect(links.map((a) => a.textContent!.replace(/\s+/g, ' ').trim())).to.have.length(2);
    expect(
      $$<HTMLInputElement>(el, '#q-where input').every((i) => i.getAttribute('aria-invalid') === 'true'),
      'the radio group in error is invalid',
    ).to.equal(true);
    expect($(el, '#e-rank')!.textContent, 'the ranking says why').to.match(/Keep this order/);
    links[1]!.click();
    await waitUntil(
      () => !!active(el)?.closest('#q-rank'),
      `the link moves focus to the ranking, not ${active(el)?.outerHTML.slice(0, 60)}`,
    );
    links[0]!.click();
    await waitUntil(() => !!active(el)?.closest('#q-where'), 'the link moves focus to the radio group');
    await pick(el, 'where', 0);
    expect(
      $$<HTMLInputElement>(el, '#q-where input').some((i) => i.getAttribute('aria-invalid') === 'true'),
      'answered: no longer invalid',
    ).to.equal(false);
  });

  it('matrix radios are at least 24 px and grow with 200% text; every target is 24 px at 200% text', async () => {
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${RANKED}></pk-session-survey>`,
    );
    const radio = () => $<HTMLInputElement>(el, '[part~=matrix] input')!.getBoundingClientRect();
    const at100 = radio();
    expect(Math.min(at100.width, at100.height)).to.be.at.least(23.5);
    document.documentElement.style.fontSize = '200%';
    try {
      await waitUntil(
        () => radio().width > at100.width * 1.5,
        `the matrix radio grows with the text (${at100.width} px, then ${radio().width} px)`,
      );
      await next(el);
      expect(targetsTooSmall(el)).to.deep.equal([]);
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });

  it("Send (keyboard) puts focus on the thank-you that takes the form's place", async () => {
    const ONE = { title: 'Quick', pages: [{ questions: [{ id: 'where', type: 'single', title: 'Where?', options: ['Room', 'Remote'] }] }] };
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${ONE}></pk-session-survey>`,
    );
    await pick(el, 'where', 0);
    $<HTMLButtonElement>(el, 'button[type=submit]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'thanks', `focus on the thank-you, not ${active(el)?.outerHTML.slice(0, 60)}`, {
      timeout: 8000,
    });
  });

  it('Preview and Show results put focus at the top of the view they open', async () => {
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey survey-id="s" .definition=${FULL}></pk-session-survey>`,
    );
    await waitUntil(() => /Preview the form/.test(shadowText(el)), 'results view', { timeout: 8000 });
    button(el, /Preview the form/).focus();
    button(el, /Preview the form/).click();
    await waitUntil(() => active(el)?.getAttribute('part') === 'title', `focus on the title, not ${active(el)?.outerHTML.slice(0, 60)}`);
    button(el, /Show results/).focus();
    button(el, /Show results/).click();
    await waitUntil(
      () => /Preview the form/.test(shadowText(el)) && active(el)?.getAttribute('part') === 'title',
      'back in the results, focus on the title',
    );
  });

  it('"Draft saved" and going offline are announced politely', async () => {
    const { el, transport } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${RANKED}></pk-session-survey>`,
    );
    await pick(el, 'where', 1);
    await waitUntil(() => /Draft saved/.test(live(el)), `"Draft saved" announced, got "${live(el)}"`, { timeout: 8000 });
    transport.simulateDrop();
    await waitUntil(() => /Offline/.test(live(el)), `"Offline" announced, got "${live(el)}"`, { timeout: 8000 });
    transport.simulateRestore();
  });

  it('axe finds nothing on the whole page: the form with errors, the thank-you, the results and the preview', async () => {
    const p = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s" .definition=${RANKED}></pk-session-survey>`,
    );
    await next(p.el);
    await expectPageAccessible();
    await pick(p.el, 'where', 0);
    $<HTMLButtonElement>(p.el, '#q-rank .rank + button, #q-rank button:last-of-type')?.click();
    for (const b of $$<HTMLButtonElement>(p.el, '#q-rank button')) if (/Keep this order/.test(b.textContent ?? '')) b.click();
    await p.el.updateComplete;
    await p.el.submit();
    await waitUntil(() => !!$(p.el, '#thanks'), 'thank-you shown');
    await expectPageAccessible();
    const f = await surveyOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey survey-id="s" .definition=${RANKED}></pk-session-survey>`,
    );
    await waitUntil(() => /Preview the form/.test(shadowText(f.el)), 'results view', { timeout: 8000 });
    await expectPageAccessible();
    button(f.el, /Preview the form/).click();
    await f.el.updateComplete;
    await expectPageAccessible();
  });
});
