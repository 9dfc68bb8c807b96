import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PkPulsePoll, PkVoteDetail } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { pollModel, voterIds } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { button, clientOnHub, expectAuthoringError, pollOnHub, shadowText, uniqueRoom, waitForText } from '../support.js';

const abc = html`<option value="a">Alpha</option><option value="b">Bravo</option><option value="c">Charlie</option>`;

async function pick(el: PkPulsePoll, value: string): Promise<void> {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`);
  if (!input) throw new Error(`no input ${value}: ${shadowText(el)}`);
  input.click();
  await el.updateComplete;
}

/** A facilitator's controls load in their own chunk, a moment after the first render: wait for them. */
async function controlsOf(el: PkPulsePoll): Promise<Element> {
  await waitUntil(() => el.shadowRoot!.querySelector('[part~=controls]'), `facilitator controls in: ${shadowText(el)}`);
  return el.shadowRoot!.querySelector('[part~=controls]')!;
}

/** Requests this page made for the controls' module. */
const controlsRequests = () => performance.getEntriesByType('resource').filter((r) => /poll-controls/.test(r.name));

async function submit(el: PkPulsePoll): Promise<void> {
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await el.updateComplete;
}

describe('<pk-pulse-poll>', () => {
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('poll');
  });

  // First in the file, before any facilitator poll loads the module into this page.
  it('participants never download the facilitator controls; a facilitator gets them', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    await p.poll.vote(['a']);
    await waitForText(p.poll, /Alpha\s*1 vote/);
    expect(p.poll.shadowRoot!.querySelector('[part~=controls]'), 'no controls for a participant').to.not.exist;
    expect(controlsRequests(), 'the controls module was not requested').to.deep.equal([]);
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    await f.poll.updateComplete;
    expect(f.poll.shadowRoot!.querySelector('[part~=controls]'), 'updateComplete waits for the controls').to.exist;
    const controls = await controlsOf(f.poll);
    expect(controls.getAttribute('aria-labelledby')).to.equal('controls-h');
    expect(controls.querySelector('h3')!.textContent).to.match(/Facilitator controls · Round 1/);
    expect(getComputedStyle(controls).display, 'the controls brought their styles').to.equal('grid');
    expect(controlsRequests()).to.have.length(1);
    expect(p.poll.shadowRoot!.querySelector('[part~=controls]'), 'still none for the participant').to.not.exist;
    await expect(f.poll).to.be.accessible();
  });

  // The controls' strings ship with the controls' chunk; test/i18n/i18n.test.ts checks them like every catalog.
  describe('facilitator controls strings', () => {
    it('follow the element language: a Dutch facilitator gets Dutch controls', async () => {
      const f = await pollOnHub(
        hub,
        room,
        { id: 'fay', role: 'facilitator' },
        html`<pk-pulse-poll lang="nl-BE" poll-id="q" question="Kies">${abc}</pk-pulse-poll>`,
      );
      await f.poll.localeReady;
      const controls = await controlsOf(f.poll);
      await f.poll.updateComplete;
      expect(controls.querySelector('h3')!.textContent).to.match(/^Bediening voor de begeleider · Ronde 1$/);
      expect(button(f.poll, /^\s*Peiling sluiten\s*$/)).to.exist;
      expect(button(f.poll, /Timer van 1 min starten/)).to.exist;
    });
  });

  describe('authoring mistakes render a visible, specific error', () => {
    const cases: Array<[string, ReturnType<typeof html>, RegExp]> = [
      ['no question', html`<pk-pulse-poll poll-id="p">${abc}</pk-pulse-poll>`, /needs a question/i],
      ['no options', html`<pk-pulse-poll poll-id="p" question="Q?"></pk-pulse-poll>`, /option/i],
      ['unknown kind', html`<pk-pulse-poll poll-id="p" question="Q?" kind="ranking">${abc}</pk-pulse-poll>`, /kind/i],
      [
        'duplicate values',
        html`<pk-pulse-poll poll-id="p" question="Q?"><option value="a">A</option><option value="a">A again</option></pk-pulse-poll>`,
        /duplicate|twice|unique/i,
      ],
      ['no poll-id', html`<pk-pulse-poll question="Q?">${abc}</pk-pulse-poll>`, /poll-id/],
      ['unusable poll-id', html`<pk-pulse-poll poll-id="a b/c" question="Q?">${abc}</pk-pulse-poll>`, /not usable/],
      ['bad scale', html`<pk-pulse-poll poll-id="p" question="Q?" kind="scale" min="5" max="1"></pk-pulse-poll>`, /min|max|range/i],
      // Errors name the attribute the author wrote, not the config field behind it.
      [
        'max-choices over the options',
        html`<pk-pulse-poll poll-id="p" question="Q?" kind="multiple" max-choices="7">${abc}</pk-pulse-poll>`,
        /^(?![\s\S]*maxChoices)[\s\S]*max-choices must be a whole number from 1 to 3/,
      ],
      [
        'max-choices on a text poll',
        html`<pk-pulse-poll poll-id="p" question="Q?" kind="text" max-choices="50"></pk-pulse-poll>`,
        /^(?![\s\S]*maxChoices)[\s\S]*max-choices must be a whole number from 1 to 20 for a text poll/,
      ],
    ];
    for (const [name, tpl, re] of cases) {
      it(name, () => expectAuthoringError(tpl, re));
    }
  });

  it('open state: shows the question and choices as a labelled radio group, accessible', async () => {
    const { poll } = await pollOnHub(
      hub,
      room,
      { id: 'p1' },
      html`<pk-pulse-poll poll-id="q1" question="How are you?">${abc}</pk-pulse-poll>`,
    );
    const radios = poll.shadowRoot!.querySelectorAll('input[type=radio]');
    expect(radios.length).to.equal(3);
    expect(poll.shadowRoot!.querySelector('legend')!.textContent).to.equal('How are you?');
    expect(poll.shadowRoot!.querySelector('[part~=controls]'), 'no facilitator controls for participants').to.not.exist;
    await expect(poll).to.be.accessible();
  });

  it('hostile question and option text render as inert text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">"\'><script>window.__pwned=1</script>';
    const { poll } = await pollOnHub(
      hub,
      room,
      { id: 'p1' },
      html`<pk-pulse-poll poll-id="x" question=${evil}><option value="a">${evil}</option></pk-pulse-poll>`,
    );
    expect(poll.shadowRoot!.querySelector('img, script')).to.not.exist;
    expect(shadowText(poll)).to.contain('<img src=x');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('voting: my vote shows at once and another participant sees the tally live', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const b = await pollOnHub(hub, room, { id: 'bob' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const voted = oneEvent(a.poll, 'pk-vote');
    await pick(a.poll, 'b');
    await submit(a.poll);
    const ev = (await voted) as CustomEvent<PkVoteDetail>;
    expect(ev.detail.choices).to.deep.equal(['b']);
    await waitForText(a.poll, /Your vote: Bravo/);
    await waitForText(b.poll, /1 response/);
    // The event names the operation: the stored vote carries the same opId.
    const stored = (await b.transport.fetch('poll:q', 0)).events.filter((e) => e.type === 'vote');
    expect(stored.map((e) => e.opId)).to.deep.equal([ev.detail.opId]);
    expect(ev.detail.opId).to.not.equal('');
    expect(shadowText(b.poll)).to.match(/Bravo\s*1 vote · 100\s?%/);
    await expect(a.poll).to.be.accessible();
  });

  it('a second vote without allow-change is refused with a clear message', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    await a.poll.vote(['a']);
    await waitForText(a.poll, /Your vote: Alpha/);
    await a.poll.vote(['b']);
    await waitForText(a.poll, /already voted/);
    expect(a.poll.shadowRoot!.querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
    expect(a.poll.pollState.tally).to.deep.equal({ a: 1 });
  });

  it('allow-change replaces the vote and corrects the tally everywhere', async () => {
    const tpl = html`<pk-pulse-poll poll-id="q" question="Pick" allow-change>${abc}</pk-pulse-poll>`;
    const a = await pollOnHub(hub, room, { id: 'alice' }, tpl);
    const b = await pollOnHub(
      hub,
      room,
      { id: 'bob' },
      html`<pk-pulse-poll poll-id="q" question="Pick" allow-change>${abc}</pk-pulse-poll>`,
    );
    await a.poll.vote(['a']);
    await waitForText(b.poll, /Alpha\s*1 vote/);
    button(a.poll, /Change vote/).click();
    await a.poll.updateComplete;
    await pick(a.poll, 'c');
    await submit(a.poll);
    await waitForText(b.poll, /Charlie\s*1 vote/);
    expect(b.poll.pollState.tally).to.deep.equal({ c: 1 });
    expect(b.poll.pollState.responded).to.equal(1);
  });

  it('anonymous polls never tell other participants who voted', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const b = await pollOnHub(
      hub,
      room,
      { id: 'bob', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    await a.poll.vote(['a']);
    await waitForText(b.poll, /Alpha\s*1 vote/);
    expect(voterIds(b.poll.pollState)).to.deep.equal([]);
    expect(JSON.stringify(b.poll.pollState)).to.not.contain('alice');
  });

  it('draft: participants wait for the facilitator, who opens, closes and reveals', async () => {
    const tpl = () => html`<pk-pulse-poll poll-id="q" question="Ready?" draft results="hidden">${abc}</pk-pulse-poll>`;
    const p = await pollOnHub(hub, room, { id: 'pat' }, tpl());
    const f = await pollOnHub(hub, room, { id: 'fay', role: 'facilitator' }, tpl());
    await waitForText(p.poll, /Waiting for the facilitator/);
    expect(p.poll.shadowRoot!.querySelector('input')).to.not.exist;
    await expect(p.poll).to.be.accessible();
    expect(await controlsOf(f.poll)).to.exist;
    await expect(f.poll).to.be.accessible();

    button(f.poll, /Open poll/).click();
    await waitUntil(() => !!p.poll.shadowRoot!.querySelector('input[type=radio]'), 'participant can vote once opened');
    await p.poll.vote(['c']);
    await waitForText(p.poll, /hidden until the facilitator reveals/);
    await waitForText(f.poll, /Charlie\s*1 vote/);

    button(f.poll, /Close poll/).click();
    await waitForText(p.poll, /This poll is closed/);
    await expect(p.poll).to.be.accessible();

    button(f.poll, /Reveal results/).click();
    await waitForText(p.poll, /Charlie\s*1 vote/);
    await expect(p.poll).to.be.accessible();
  });

  it('the authority refuses control operations from a participant; the poll stays open', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    const fh = fac.topic('poll:q', pollModel);
    await fh.send('open', {
      config: {
        question: 'Pick',
        kind: 'single',
        options: [{ value: 'a', label: 'A' }],
        allowChange: false,
        anonymous: true,
        results: 'live',
      },
    });
    // Bypass the client's own check and talk to the authority directly, as a hostile page could.
    const acks = await p.transport.send([
      { opId: 'hostile-close-1', clientId: 'pat', topic: 'poll:q', type: 'close', data: {}, createdAt: Date.now() },
    ]);
    expect(acks[0].status).to.equal('rejected');
    expect(acks[0].status === 'rejected' && acks[0].error.code).to.equal('forbidden');
    // Through the element's own session, the refusal is shown as a readable error.
    const ack = await p.poll['ctl'].handle!.send('reset', {});
    expect(ack.status).to.equal('rejected');
    await waitForText(p.poll, /Only a facilitator can do that/);
    expect(p.poll.pollState.status).to.equal('open');
    await fac.close();
  });

  it('offline: a vote waits as queued, then arrives exactly once when the connection is back', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const watcher = await pollOnHub(hub, room, { id: 'wes' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    p.transport.simulateDrop();
    // vote() resolves on the authority's ack, so it is not awaited while offline.
    void p.poll.vote(['a']);
    await waitForText(p.poll, /Saved on this device/);
    await waitForText(p.poll, /Offline/);
    await waitForText(p.poll, /1 action waiting/);
    await expect(p.poll).to.be.accessible();
    expect(watcher.poll.pollState.responded).to.equal(0);
    p.transport.simulateRestore();
    await waitForText(watcher.poll, /Alpha\s*1 vote/, 8000);
    await waitUntil(() => !/Saved on this device/.test(shadowText(p.poll)), 'queued badge goes away');
    const page = await watcher.transport.fetch('poll:q', 0);
    expect(page.events.filter((e) => e.type === 'vote')).to.have.length(1);
  });

  it('RTL: Arabic strings, right-to-left direction, accessible', async () => {
    const p = await pollOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-pulse-poll lang="ar" poll-id="q" question="كيف حالك؟">${abc}</pk-pulse-poll>`,
    );
    await p.poll.localeReady;
    await p.poll.updateComplete;
    const base = p.poll.shadowRoot!.querySelector('[part~=base]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(button(p.poll, /صوّت/)).to.exist;
    await expect(p.poll).to.be.accessible();
  });

  it('pause live results freezes the numbers until resumed (WCAG 2.2.2)', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const voter = clientOnHub(hub, room, 'bob');
    const pause = button(a.poll, /Pause live results/);
    pause.click();
    await a.poll.updateComplete;
    // A toggle keeps its label; only aria-pressed says it is on.
    expect(button(a.poll, /Pause live results/).getAttribute('aria-pressed')).to.equal('true');
    await voter.topic('poll:q', pollModel).send('vote', { round: 1, choices: ['a'] });
    await waitUntil(() => a.poll.pollState.responded === 1, 'state updates underneath');
    await a.poll.updateComplete;
    expect(shadowText(a.poll)).to.match(/\b0 (responses|of \d+ responded)/);
    button(a.poll, /Pause live results/).click();
    await waitForText(a.poll, /Alpha\s*1 vote/);
    await voter.close();
  });

  it('timer: the facilitator starts, extends and turns off a countdown; expiry closes the poll', async () => {
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick" draft timer-seconds="120">${abc}</pk-pulse-poll>`,
    );
    await controlsOf(f.poll);
    button(f.poll, /Open poll/).click();
    await waitForText(f.poll, /Start 2-minute timer/);
    button(f.poll, /Start 2-minute timer/).click();
    await waitForText(f.poll, /Closes in [12]:\d\d/);
    const before = f.poll.pollState.closesAt!;
    button(f.poll, /Add 1 minute/).click();
    await waitUntil(() => f.poll.pollState.closesAt === before + 60_000, 'extended by a minute');
    button(f.poll, /Turn off timer/).click();
    await waitUntil(() => f.poll.pollState.closesAt === null, 'timer off');
    expect(shadowText(f.poll)).to.not.match(/Closes in/);
    // A length off the minute is labelled exactly, not rounded to a minute it is not.
    f.poll.timerSeconds = 90;
    await waitForText(f.poll, /Start timer \(1:30\)/);
    // Expiry by the authority's clock: a one-second timer closes the poll by itself.
    await f.poll['ctl'].handle!.send('timer', { seconds: 1 });
    await waitForText(f.poll, /This poll is closed/, 4000);
  });

  it('new round: earlier rounds stay viewable', async () => {
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    const voter = clientOnHub(hub, room, 'bob');
    await voter.topic('poll:q', pollModel).send('vote', { round: 1, choices: ['b'] });
    await waitForText(f.poll, /Bravo\s*1 vote/);
    await controlsOf(f.poll);
    button(f.poll, /New round/).click();
    await waitForText(f.poll, /Round 2/);
    expect(shadowText(f.poll)).to.match(/\b0 (responses|of \d+ responded)/);
    const select = f.poll.shadowRoot!.querySelector('select')!;
    select.value = '1';
    select.dispatchEvent(new Event('change'));
    await waitForText(f.poll, /Bravo\s*1 vote/);
    await voter.close();
  });

  it('results="after-vote" hides results until I vote', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="q" question="Pick" results="after-vote">${abc}</pk-pulse-poll>`,
    );
    await waitForText(a.poll, /Results appear after you vote/);
    await a.poll.vote(['a']);
    await waitForText(a.poll, /Alpha\s*1 vote/);
  });

  it('multiple choice respects max-choices', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="m" kind="multiple" max-choices="2" question="Pick two">${abc}</pk-pulse-poll>`,
    );
    await pick(a.poll, 'a');
    await pick(a.poll, 'b');
    const c = a.poll.shadowRoot!.querySelector<HTMLInputElement>('input[value="c"]')!;
    expect(c.disabled, 'a third box is disabled').to.equal(true);
    await submit(a.poll);
    await waitForText(a.poll, /Your vote: Alpha, Bravo/);
    await expect(a.poll).to.be.accessible();
  });

  it('scale polls show end labels and count a point', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="s" kind="scale" min="1" max="5" min-label="Lost" max-label="Clear" question="How clear?"></pk-pulse-poll>`,
    );
    expect(a.poll.shadowRoot!.querySelectorAll('input[type=radio]').length).to.equal(5);
    expect(shadowText(a.poll)).to.match(/Lost.*Clear/);
    await expect(a.poll).to.be.accessible();
    await pick(a.poll, '4');
    await submit(a.poll);
    await waitUntil(() => a.poll.pollState.tally['4'] === 1, 'point 4 counted');
  });

  it('text polls rank short answers, merging case and spacing', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="t" kind="text" question="One word?"></pk-pulse-poll>`,
    );
    await expect(a.poll).to.be.accessible();
    const c1 = clientOnHub(hub, room, 'u1');
    const c2 = clientOnHub(hub, room, 'u2');
    await c1.topic('poll:t', pollModel).send('vote', { round: 1, choices: ['Focus'], kind: 'text' });
    await c2.topic('poll:t', pollModel).send('vote', { round: 1, choices: ['  focus '], kind: 'text' });
    const input = a.poll.shadowRoot!.querySelector<HTMLInputElement>('input[type=text]')!;
    input.value = 'Energy';
    await submit(a.poll);
    await waitForText(a.poll, /Focus\s*2 votes.*Energy\s*1 vote/);
    await Promise.all([c1.close(), c2.close()]);
  });

  it('text polls with max-choices take that many answers: one labelled field each, blanks skipped, a repeat sent once', async () => {
    const a = await pollOnHub(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="w" kind="text" max-choices="4" question="Up to four words for today?"></pk-pulse-poll>`,
    );
    const fields = [...a.poll.shadowRoot!.querySelectorAll<HTMLInputElement>('[part=choices] input[type=text]')];
    expect(fields.map((f) => f.labels?.[0]?.textContent?.trim())).to.deep.equal([
      'Answer 1 of 4',
      'Answer 2 of 4',
      'Answer 3 of 4',
      'Answer 4 of 4',
    ]);
    expect(shadowText(a.poll)).to.match(/Give up to 4 answers/);
    await expect(a.poll).to.be.accessible();
    fields[0]!.value = 'Focus';
    fields[1]!.value = '   ';
    fields[2]!.value = ' focus ';
    fields[3]!.value = 'Energy';
    await submit(a.poll);
    await waitForText(a.poll, /Your vote: Focus, Energy/);
    expect(a.poll.pollState.tally).to.deep.equal({ focus: 1, energy: 1 });
    await waitForText(a.poll, /Energy\s*1 vote.*Focus\s*1 vote/); // a tie: alphabetical
    await expect(a.poll).to.be.accessible();
  });

  it('cancelling pk-vote keeps the vote from being sent', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    a.poll.addEventListener('pk-vote', (e) => e.preventDefault(), { once: true });
    await a.poll.vote(['a']);
    await new Promise((r) => setTimeout(r, 50));
    expect(a.poll.pollState.responded).to.equal(0);
  });

  it('a self-serve poll already takes votes: the facilitator can close it at once (pk-poll-change fires)', async () => {
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    await controlsOf(f.poll);
    expect(() => button(f.poll, /Open poll/)).to.throw();
    const changed = oneEvent(f.poll, 'pk-poll-change');
    button(f.poll, /Close poll/).click();
    const ev = await changed;
    expect(ev.detail).to.include({ pollId: 'q', status: 'closed', closed: true });
  });
});
