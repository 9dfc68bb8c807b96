// <pk-session-survey> as people use it: real elements inside <pk-session> on a shared MemoryHub
// authority, real SessionClients and outboxes, real IndexedDB drafts.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define-all.js';
import '../../src/components/session-survey/define.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSurveyProgressDetail, PkSurveySubmitDetail } from '../../src/components/session-survey/survey-events.js';
import { loadDraft } from '../../src/components/session-survey/survey-drafts.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';
import type { SurveyState } from '../../src/components/session-survey/survey-types.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { FULL } from '../fixtures/survey-defs.js';
import { SurveyHarness } from '../../src/testing/index.js';
import { quietFor } from '../quiet.mjs';
import { button, clientOnHub, shadowText, uniqueRoom, waitForText } from '../support.js';
import { $, $$, root, surveyOnHub as surveyOnly } from './survey-support.js';

/** A survey on the hub with its harness (`user`): the steps a person takes, on the real controls. */
async function surveyOnHub(...args: Parameters<typeof surveyOnly>) {
  const s = await surveyOnly(...args);
  return { ...s, user: new SurveyHarness(s.el) };
}

// Question titles, as people find them.
const OVERALL = 'Overall, how was the day?';
const RECOMMEND = 'Would you recommend it?';
const IMPROVE = 'What should we improve?';
const NPS = 'Would you recommend this session?';
const WHY = 'What should change?';

const SHORT = {
  title: 'Quick check',
  questions: [
    { id: 'nps', type: 'nps', title: 'Would you recommend this session?', required: true },
    { id: 'why', type: 'text', title: 'What should change?', visibleIf: 'nps <= 6', required: true },
    { id: 'best', type: 'longtext', title: 'Best moment?' },
  ],
};

describe('<pk-session-survey>', () => {
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('survey');
  });

  describe('authoring mistakes render a visible, specific error', () => {
    const bad = { title: 'T', questions: [{ id: 'q1', type: 'rating', title: 'Rate', max: 40 }] };
    const cases: Array<[string, () => ReturnType<typeof html>, RegExp]> = [
      ['no survey-id', () => html`<pk-session-survey .definition=${SHORT}></pk-session-survey>`, /needs a survey-id/],
      ['unusable survey-id', () => html`<pk-session-survey survey-id="a b" .definition=${SHORT}></pk-session-survey>`, /not usable/],
      ['no definition', () => html`<pk-session-survey survey-id="s"></pk-session-survey>`, /needs a definition/],
      [
        'a bad field names the question and the field',
        () => html`<pk-session-survey survey-id="s" .definition=${bad}></pk-session-survey>`,
        /Question "q1" field "max": must be a whole number from 2 to 10/,
      ],
      [
        'definition JSON that does not parse',
        () => html`<pk-session-survey survey-id="s" .definition=${'{"title": '}></pk-session-survey>`,
        /not valid JSON/,
      ],
      [
        'src that cannot be loaded',
        () => html`<pk-session-survey survey-id="s" src="/no/such/survey.json"></pk-session-survey>`,
        /Could not load the survey definition from "\/no\/such\/survey.json": HTTP 404/,
      ],
      [
        'hostile hidden fields',
        () => html`<pk-session-survey survey-id="s" .definition=${SHORT} hidden-fields="bad name=1"></pk-session-survey>`,
        /hidden-fields: Hidden field "bad name"/,
      ],
    ];
    for (const [name, tpl, re] of cases) {
      it(name, async () => {
        const errors: string[] = [];
        const orig = console.error;
        console.error = (...a: unknown[]) => errors.push(a.join(' '));
        try {
          const el = await fixture<PkSessionSurvey>(tpl());
          await waitUntil(() => !!$(el, '[role=alert]'), 'an alert is rendered', { timeout: 15000 });
          const alert = $(el, '[role=alert]')!;
          expect(alert.textContent).to.match(/This survey cannot be shown/);
          expect(alert.textContent).to.match(re);
          expect(
            errors.some((e) => re.test(e)),
            'the error is logged',
          ).to.equal(true);
          expect($(el, 'form'), 'never a broken form').to.not.exist;
          await expect(el).to.be.accessible();
        } finally {
          console.error = orig;
        }
      });
    }
  });

  it('every question type renders as a labelled, accessible control; pages show progress', async () => {
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="full" .definition=${FULL}></pk-session-survey>`,
    );
    expect(user.title()).to.equal('After the workshop');
    expect(user.questions()).to.deep.equal([OVERALL, RECOMMEND, 'How much do you agree?']);
    // Page 2 shows once "overall" is answered; a required question, so until then page 2 may
    // still come: the survey counts it, and the button says Next (decisions §29).
    await waitForText(el, /The day Page 1 of 2/);
    expect(button(el, /^Next$/)).to.exist;
    await user.answer(OVERALL, 4);
    await waitForText(el, /The day Page 1 of 2/);
    expect($(el, 'progress')!.getAttribute('aria-label')).to.equal('Survey progress');
    expect(button(el, /^Next$/)).to.exist;
    // rating (stars): radios named "N stars out of 5"
    expect($$(el, '#q-overall input[type=radio]')).to.have.length(5);
    expect($(el, '#q-overall .star .visually-hidden')!.textContent).to.equal('1 star out of 5');
    // nps: 0..10 with end labels
    expect($$(el, '#q-nps input[type=radio]')).to.have.length(11);
    expect(shadowText(el)).to.contain('Not at all likely');
    // matrix: a table; each radio is labelled by its row and column headers
    const cell = $<HTMLInputElement>(el, '#q-grid tbody input')!;
    expect(cell.getAttribute('aria-labelledby')).to.equal('r-grid-0 c-grid-0');
    expect($$(el, '#q-grid tbody input')).to.have.length(6);
    // conditional question hidden until nps <= 6
    expect(user.hasQuestion(IMPROVE)).to.equal(false);
    await expect(el).to.be.accessible();

    await user.answer(RECOMMEND, 3);
    expect(user.hasQuestion(IMPROVE), 'visibleIf shows the follow-up').to.equal(true);
    expect(user.question(IMPROVE).querySelector('textarea')).to.exist;
    await user.answer(RECOMMEND, 9);
    expect(user.hasQuestion(IMPROVE)).to.equal(false);

    await user.answer(RECOMMEND, 10);
    await user.next();
    await waitForText(el, /Page 2 of 2/);
    expect(user.progress()).to.match(/Page 2 of 2/);
    expect(root(el).activeElement?.id, 'focus moves to the new page heading').to.equal('page-h');
    // single, multiple (max 2), ranking, text, rating (numbers)
    expect($$(el, '#q-role input[type=radio]')).to.have.length(2);
    expect($$(el, '#q-tools input[type=checkbox]')).to.have.length(3);
    expect(shadowText(el)).to.contain('Choose up to 2 options.');
    expect($$(el, '#q-rank li')).to.have.length(3);
    expect($(el, '#i-word')!.getAttribute('maxlength')).to.equal('20');
    expect($(el, '#q-stars .scale')).to.exist;
    await expect(el).to.be.accessible();

    await user.answer('Tools you use', ['Forum', 'Chat']);
    expect(user.option('Tools you use', 'Wiki').disabled, 'a third choice is locked at max 2').to.equal(true);
    await user.back();
    await waitForText(el, /Page 1 of 2/);
    expect(user.option(OVERALL, 4).checked, 'answers survive paging').to.equal(true);
  });

  it('error states: required and invalid answers are explained and focused, then clear when fixed', async () => {
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="short" .definition=${SHORT}></pk-session-survey>`,
    );
    await user.next();
    await waitForText(el, /Please check 1 answer on this page/);
    expect(user.problems()).to.deep.equal([`${NPS}: This question needs an answer.`]);
    expect(user.problem(NPS)).to.equal('This question needs an answer.');
    expect($(el, '#q-nps')!.getAttribute('aria-describedby')).to.contain('e-nps');
    expect(root(el).activeElement, 'focus moves to the first invalid question').to.equal($$(el, '#q-nps input')[0]);
    expect($(el, '[part=error][role=alert]')).to.exist;
    await expect(el).to.be.accessible();
    await user.answer(NPS, 2);
    await user.next();
    await waitForText(el, /What should change\?.*This question needs an answer/);
    expect(user.question(WHY).querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    await user.answer(WHY, 'More breaks');
    expect(user.problem(WHY), 'the message goes once fixed').to.equal(null);
  });

  it('ranking works with the keyboard alone, with spoken feedback', async () => {
    const def = {
      title: 'Rank',
      questions: [{ id: 'rank', type: 'ranking', title: 'Order these', options: ['Alpha', 'Bravo', 'Charlie'], required: true }],
    };
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="rank" .definition=${def}></pk-session-survey>`,
    );
    const items = () => user.ranking('Order these');
    expect(items()).to.deep.equal(['Alpha', 'Bravo', 'Charlie']);
    const down = $<HTMLButtonElement>(el, 'button[aria-label="Move Alpha down"]')!;
    expect($<HTMLButtonElement>(el, 'button[aria-label="Move Alpha up"]')!.disabled).to.equal(true);
    down.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(items()).to.deep.equal(['Bravo', 'Alpha', 'Charlie']);
    expect(root(el).activeElement?.getAttribute('aria-label'), 'focus follows the moved item').to.equal('Move Alpha down');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(items()).to.deep.equal(['Bravo', 'Charlie', 'Alpha']);
    // At the bottom its down button is disabled: focus goes to its up button instead.
    expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Move Alpha up');
    await waitUntil(() => /Alpha is now number 3 of 3\./.test(shadowText(el)), 'the move is announced');
    await expect(el).to.be.accessible();
    expect((await el.submit())?.status).to.equal('applied');
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    const h = fac.topic('survey:rank', surveyModel);
    await waitUntil(() => h.state.count === 1, 'the authority has it');
    expect(Object.values(h.state.responses)[0].answers).to.deep.equal({ rank: ['Bravo', 'Charlie', 'Alpha'] });
    await fac.close();
  });

  it('an untouched required ranking asks for an order; "Keep this order" answers it', async () => {
    const def = {
      title: 'Rank',
      questions: [{ id: 'rank', type: 'ranking', title: 'Order these', options: ['Alpha', 'Bravo'], required: true }],
    };
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="rank2" .definition=${def}></pk-session-survey>`,
    );
    await user.next();
    // It says why (#13): the order shown is not an answer until it is moved or kept.
    await waitForText(el, /Your ranking is not set yet.*Keep this order/);
    await user.press('Keep this order', user.question('Order these'));
    expect(user.problem('Order these')).to.equal(null);
    expect(el.currentAnswers).to.deep.equal({ rank: ['Alpha', 'Bravo'] });
  });

  it('submit: event with context and hidden fields, thank-you, and the facilitator gets it once', async () => {
    const def = { ...SHORT, hidden: { cohort: 'spring', course: 'x' }, thankYou: 'Dank je wel!' };
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s1" .definition=${def} session-label="Day 2 morning" hidden-fields="course=ux-101&amp;group=B"></pk-session-survey>`,
    );
    const progress: PkSurveyProgressDetail[] = [];
    el.addEventListener('pk-survey-progress', (e) => progress.push(e.detail));
    await user.answer(NPS, 4);
    await user.answer(WHY, '  More   practice ');
    expect(progress.at(-1)).to.deep.equal({ surveyId: 's1', page: 1, pages: 1, answered: 2, total: 3 });
    const sent = oneEvent(el, 'pk-survey-submit');
    await user.submit();
    const ev = (await sent) as CustomEvent<PkSurveySubmitDetail>;
    expect(ev.detail).to.deep.equal({
      surveyId: 's1',
      answers: { nps: 4, why: 'More practice' },
      context: { room, session: 'Day 2 morning', hidden: { cohort: 'spring', course: 'ux-101', group: 'B' } },
      edit: false,
    });
    await waitForText(el, /Dank je wel!/);
    expect(user.thankYou()).to.match(/^Dank je wel!/);
    expect($(el, 'form')).to.not.exist;
    await expect(el).to.be.accessible();
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    const h = fac.topic('survey:s1', surveyModel);
    await waitUntil(() => h.state.count === 1, 'facilitator state has one response');
    expect(Object.values(h.state.responses)[0]).to.deep.include({ answers: { nps: 4, why: 'More practice' }, context: ev.detail.context });
    await fac.close();
  });

  it('the thank-you slot replaces the default message', async () => {
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="s2" .definition=${SHORT}><p slot="thank-you">Grab a coffee ☕</p></pk-session-survey>`,
    );
    await user.answer(NPS, 9);
    await user.submit();
    await waitUntil(() => !!$(el, 'slot[name=thank-you]'), 'thank-you shown');
    const slot = $<HTMLSlotElement>(el, 'slot[name=thank-you]')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Grab a coffee ☕');
  });

  it('a second submit without allowEdit is refused with a clear message; the first response stays', async () => {
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="once" .definition=${SHORT}></pk-session-survey>`,
    );
    await user.answer(NPS, 9);
    // A double click sends once.
    const [first, twin] = await Promise.all([el.submit(), el.submit()]);
    expect(first?.status).to.equal('applied');
    expect(twin).to.equal(null);
    expect($(el, 'div[part=error]')).to.not.exist;
    expect(shadowText(el)).to.not.contain('Change my answers');
    const again = await el.submit();
    expect(again?.status).to.equal('rejected');
    await waitForText(el, /You have already sent this survey; answers cannot be changed\./);
    expect($(el, 'div[part=error]')!.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    expect(el.surveyState.count).to.equal(1);
  });

  it('with allowEdit, "Change my answers" reopens the form filled in, and the update replaces the response', async () => {
    const def = { ...SHORT, allowEdit: true };
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="edit" .definition=${def}></pk-session-survey>`,
    );
    await user.answer(NPS, 9);
    await user.submit();
    await waitForText(el, /Thank you!/);
    // Offered once the authority has the answers.
    await waitUntil(() => user.hasButton('Change my answers'), 'the answers can be changed');
    await user.press('Change my answers');
    expect(user.option(NPS, 9).checked, 'the form shows my answers').to.equal(true);
    expect(button(el, /Send changes/)).to.exist;
    await user.answer(NPS, 5);
    await user.answer(WHY, 'On reflection, too long');
    const sent = oneEvent(el, 'pk-survey-submit');
    await user.submit();
    expect(((await sent) as CustomEvent<PkSurveySubmitDetail>).detail.edit).to.equal(true);
    await waitForText(el, /Thank you!/);
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    const h = fac.topic('survey:edit', surveyModel);
    await waitUntil(() => Object.values(h.state.responses)[0]?.answers.nps === 5, 'facilitator sees the update');
    expect(h.state.count).to.equal(1);
    await fac.close();
  });

  it('offline: the response waits as queued, then arrives exactly once', async () => {
    const { el, transport, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="off" .definition=${SHORT}></pk-session-survey>`,
    );
    transport.simulateDrop();
    await user.answer(NPS, 10);
    await user.submit();
    await waitForText(el, /saved on this device and will be sent when the connection is back/);
    await waitForText(el, /Offline/);
    await expect(el).to.be.accessible();
    const watcher = new MemoryTransport(hub);
    await watcher.connect({ room, identity: { id: 'w', name: 'w', role: 'facilitator' } });
    expect((await watcher.fetch('survey:off', 0)).events).to.have.length(0);
    transport.simulateRestore();
    await waitUntil(async () => (await watcher.fetch('survey:off', 0)).events.length === 1, 'delivered', { timeout: 8000 });
    await waitForText(el, /Thank you! Your answers were sent\./);
    await quietFor(
      300,
      'second submit',
      async () => (await watcher.fetch('survey:off', 0)).events.filter((e) => e.type === 'submit').length !== 1,
    );
    await watcher.close();
  });

  it('autosave: answers are kept in IndexedDB as they are typed and the draft goes once sent', async () => {
    const { el, session, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="draft" .definition=${SHORT}></pk-session-survey>`,
    );
    await user.answer(NPS, 6);
    await user.answer(WHY, 'Half-way through typing');
    await waitForText(el, /Draft saved on this device/);
    const key: [string, string, string] = [room, 'draft', session.session!.identity.id];
    expect((await loadDraft(key))?.answers).to.deep.equal({ nps: 6, why: 'Half-way through typing' });
    // A new element for the same person and survey finds the draft.
    el.remove();
    const again = await fixture<PkSessionSurvey>(html`<pk-session-survey survey-id="draft" .definition=${SHORT}></pk-session-survey>`, {
      parentNode: session,
    });
    const back = new SurveyHarness(again);
    await waitUntil(
      () => back.hasQuestion(WHY) && back.question(WHY).querySelector('input')!.value === 'Half-way through typing',
      'draft restored',
    );
    expect(back.option(NPS, 6).checked).to.equal(true);
    await back.submit();
    await waitUntil(async () => (await loadDraft(key)) === null, 'draft deleted after the authority accepted');
  });

  it('participants never see results or controls; the authority refuses their control operations', async () => {
    const { el, transport } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="ctl" .definition=${SHORT}></pk-session-survey>`,
    );
    expect($(el, '[part=results]')).to.not.exist;
    expect($(el, '[part=controls]')).to.not.exist;
    const acks = await transport.send([
      { opId: 'hostile-close-1', clientId: 'pat', topic: 'survey:ctl', type: 'close', data: {}, createdAt: Date.now() },
    ]);
    expect(acks[0].status === 'rejected' && acks[0].error.code).to.equal('forbidden');
    const ack = await el.ctl.handle!.send('publish', { definition: SHORT });
    expect(ack.status).to.equal('rejected');
    await waitForText(el, /Only a facilitator can do that/);
    expect(el.surveyState.closed).to.equal(false);
  });

  it('facilitator results: count and rate vs present, averages, NPS, heat table with numbers, texts, CSV export, close', async () => {
    const f = await surveyOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey survey-id="res" .definition=${FULL} invited="10"></pk-session-survey>`,
    );
    // The first load of the lazy chunk in this page: the dev server compiles it on request, which
    // takes seconds while the whole suite runs.
    await f.user.results(10000);
    expect($(f.el, 'form'), 'no form for facilitators by default').to.not.exist;
    const people = ['ann', 'bob', 'cyd', 'dee'].map((id) => clientOnHub(hub, room, id));
    const answers = [
      { overall: 5, nps: 10, grid: { pace: 3, clear: 3 }, role: 'lead', word: 'Energising' },
      { overall: 4, nps: 9, grid: { pace: 3, clear: 2 }, role: 'Trainer', word: '=cmd' },
      { overall: 2, nps: 3, why: 'Too fast, more breaks', grid: { pace: 1 } },
    ];
    for (const [i, a] of answers.entries()) {
      const ack = await people[i]
        .topic('survey:res', surveyModel)
        .send('submit', { answers: a, context: { room, session: '', hidden: {} } });
      expect(ack.status).to.equal('applied');
    }
    await waitForText(f.el, /3 responses · 3 of 4 present \(75\s?%\) · 3 of 10 invited \(30\s?%\)/);
    const text = shadowText(f.el);
    expect(text).to.contain('NPS +33'); // 2 promoters, 1 detractor of 3
    expect(text).to.match(/2 promoters · 0 passives · 1 detractor/);
    expect(text).to.match(/Overall, how was the day\?\s*3 answers\s*Average: 3\.7/);
    const heat = $(f.el, '[part=heat]')!;
    expect(
      [...heat.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    ).to.deep.equal([
      ['1', '0', '2', '2.3'],
      ['0', '1', '1', '2.5'],
    ]);
    expect(text).to.contain('Too fast, more breaks');
    await expect(f.el).to.be.accessible();

    // CSV export through a Blob link.
    const blobs: Blob[] = [];
    const orig = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => (blobs.push(b as Blob), orig.call(URL, b));
    try {
      await f.user.press('Export CSV');
    } finally {
      URL.createObjectURL = orig;
    }
    expect(blobs).to.have.length(1);
    const csv = await blobs[0].text();
    expect(csv.split('\r\n')[0]).to.match(/^\ufeff?response,submitted_at/);
    expect(csv.split('\r\n')).to.have.length(5);
    expect(csv).to.contain(",'=cmd,");

    // Pause freezes the numbers (WCAG 2.2.2), close stops responses.
    await f.user.press('Pause live results');
    await people[3]
      .topic('survey:res', surveyModel)
      .send('submit', { answers: { overall: 1 }, context: { room, session: '', hidden: {} } });
    await waitUntil(() => f.el.surveyState.count === 4, 'state moves underneath');
    await f.el.updateComplete;
    expect(shadowText(f.el)).to.match(/\b3 responses/);
    expect(shadowText(f.el)).to.not.match(/4 responses/);
    await f.user.press('Resume live results');
    await waitForText(f.el, /4 responses/);
    await f.user.press('Close survey');
    await waitUntil(() => f.el.surveyState.closed, 'closed');
    await waitForText(f.el, /Reopen survey/);
    for (const p of people) await p.close();
  });

  it("a facilitator can publish the page's definition; answers are then checked against it", async () => {
    const f = await surveyOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey survey-id="pub" .definition=${SHORT}></pk-session-survey>`,
    );
    await f.user.results();
    await f.user.press('Publish this definition');
    await waitForText(f.el, /Answers are checked against the published definition/);
    // Shown at once from the pending operation: wait for the authority to have it.
    await waitUntil(() => f.el.ctl.handle!.pending.length === 0, 'the authority has the definition');
    expect(() => button(f.el, /Publish this definition/)).to.throw();
    const p = clientOnHub(hub, room, 'pat');
    const ack = await p
      .topic('survey:pub', surveyModel)
      .send('submit', { answers: { nps: 2 }, context: { room, session: '', hidden: {} } });
    expect(ack.status === 'rejected' && ack.error.code).to.equal('required_missing');
    await p.close();
    // Preview: the facilitator can look at the form too.
    await f.user.press('Preview the form');
    expect($(f.el, 'form')).to.exist;
    await f.user.press('Show results');
    expect($(f.el, '[part=results]')).to.exist;
  });

  it("the results view speaks the element's language too (its strings load with it)", async () => {
    const f = await surveyOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-session-survey lang="nl" survey-id="nl-res" .definition=${SHORT}></pk-session-survey>`,
    );
    await f.user.results();
    await f.el.localeReady;
    await waitForText(f.el, /Resultaten.*0 reacties.*CSV exporteren/);
    await expect(f.el).to.be.accessible();
  });

  it('a closed survey tells participants so', async () => {
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    await fac.topic('survey:closed', surveyModel).send('close', {});
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="closed" .definition=${SHORT}></pk-session-survey>`,
    );
    await waitForText(el, /This survey is closed\./);
    expect($(el, 'form')).to.not.exist;
    await expect(el).to.be.accessible();
    await fac.close();
  });

  it('loads its definition from src', async () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(SHORT)], { type: 'application/json' }));
    const { el } = await surveyOnHub(hub, room, { id: 'pat' }, html`<pk-session-survey survey-id="src" src=${url}></pk-session-survey>`);
    await waitForText(el, /Would you recommend this session\?/);
    URL.revokeObjectURL(url);
  });

  it('RTL: Arabic strings, right-to-left, accessible', async () => {
    const { el, user } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey lang="ar" survey-id="ar" .definition=${FULL}></pk-session-survey>`,
    );
    await el.localeReady;
    await el.updateComplete;
    expect($(el, '[part~=base]')!.getAttribute('dir')).to.equal('rtl');
    await waitForText(el, /التالي/);
    await user.click(user.findAll<HTMLInputElement>('input', user.question(OVERALL))[4]!); // five stars
    await waitForText(el, /الصفحة 1 من 2/);
    expect(button(el, /التالي/)).to.exist;
    await expect(el).to.be.accessible();
  });

  it('hostile text in a definition renders as inert text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const def = { title: evil, questions: [{ id: 'q', type: 'single', title: evil, help: evil, options: [evil, 'b'] }] };
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="evil" .definition=${def}></pk-session-survey>`,
    );
    expect($(el, 'img, script')).to.not.exist;
    expect(shadowText(el)).to.contain('<img src=x');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it("participant state never holds other people's answers in a snapshot", () => {
    let s: SurveyState = surveyModel.initial();
    s = surveyModel.evolve(s, {
      v: 1,
      topic: 'survey:x',
      seq: 1,
      opId: 'r1',
      type: 'submit',
      data: { rid: 'r1', answers: { nps: 1 }, context: { room, session: '', hidden: {} }, edit: false, anonymous: true },
      at: 1,
      actor: { id: 'ann', name: '', role: 'participant' },
    });
    expect(surveyModel.viewState!(s, { id: 'bob', name: '', role: 'participant' }).responses).to.deep.equal({});
  });
});
