import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PkVoteDetail } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { pollModel, voterIds } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { PollHarness } from '../../src/testing/index.js';
import { quietFor } from '../quiet.mjs';
import { button, clientOnHub, expectAuthoringError, pollOnHub, shadowText, uniqueRoom, waitForText } from '../support.js';

const abc = html`<option value="a">Alpha</option><option value="b">Bravo</option><option value="c">Charlie</option>`;

/** A poll on the hub with its harness (`user`): the steps a person takes, on the real controls. */
async function pollAs(...args: Parameters<typeof pollOnHub>) {
  const p = await pollOnHub(...args);
  return { ...p, user: new PollHarness(p.poll) };
}

/** Requests this page made for the controls' module. */
const controlsRequests = () => performance.getEntriesByType('resource').filter((r) => /poll-controls/.test(r.name));

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
    // Nor for a control the participant's page cannot send (the authority's rules refuse it at once).
    await p.poll.control('close', {});
    expect(p.poll.pollState.status, 'still open').to.not.equal('closed');
    expect(controlsRequests(), 'the controls module was not requested').to.deep.equal([]);
    const f = await pollAs(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    await f.poll.updateComplete;
    expect(f.poll.shadowRoot!.querySelector('[part~=controls]'), 'updateComplete waits for the controls').to.exist;
    const controls = await f.user.controls();
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
      const f = await pollAs(
        hub,
        room,
        { id: 'fay', role: 'facilitator' },
        html`<pk-pulse-poll lang="nl-BE" poll-id="q" question="Kies">${abc}</pk-pulse-poll>`,
      );
      await f.poll.localeReady;
      const controls = await f.user.controls();
      await f.poll.updateComplete;
      expect(controls.querySelector('h3')!.textContent).to.match(/^Bediening voor de begeleider · Ronde 1$/);
      expect(f.user.hasButton('Peiling sluiten', controls)).to.equal(true);
      expect(f.user.hasButton(/Timer van 1 min starten/, controls)).to.equal(true);
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
    const { poll, user } = await pollAs(
      hub,
      room,
      { id: 'p1' },
      html`<pk-pulse-poll poll-id="q1" question="How are you?">${abc}</pk-pulse-poll>`,
    );
    expect(user.choices()).to.deep.equal(['Alpha', 'Bravo', 'Charlie']);
    expect(user.choice('Alpha').type).to.equal('radio');
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
    const a = await pollAs(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const b = await pollAs(hub, room, { id: 'bob' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const voted = oneEvent(a.poll, 'pk-vote');
    await a.user.choose('Bravo');
    await a.user.vote();
    const ev = (await voted) as CustomEvent<PkVoteDetail>;
    expect(ev.detail.choices).to.deep.equal(['b']);
    await waitForText(a.poll, /Your vote: Bravo/);
    await waitForText(b.poll, /1 response/);
    // The event names the operation: the stored vote carries the same opId.
    const stored = (await b.transport.fetch('poll:q', 0)).events.filter((e) => e.type === 'vote');
    expect(stored.map((e) => e.opId)).to.deep.equal([ev.detail.opId]);
    expect(ev.detail.opId).to.not.equal('');
    expect(b.user.results().find((r) => r.label === 'Bravo')?.count).to.match(/^1 vote · 100\s?%$/);
    await expect(a.poll).to.be.accessible();
  });

  it('a second vote without allow-change is refused with a clear message', async () => {
    const a = await pollAs(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    await a.poll.vote(['a']);
    await waitForText(a.poll, /Your vote: Alpha/);
    await a.poll.vote(['b']);
    await waitForText(a.poll, /already voted/);
    expect(a.user.errors().join(' '), 'an alert says so').to.match(/already voted/);
    expect(a.poll.pollState.tally).to.deep.equal({ a: 1 });
  });

  it('allow-change replaces the vote and corrects the tally everywhere', async () => {
    const tpl = html`<pk-pulse-poll poll-id="q" question="Pick" allow-change>${abc}</pk-pulse-poll>`;
    const a = await pollAs(hub, room, { id: 'alice' }, tpl);
    const b = await pollAs(hub, room, { id: 'bob' }, html`<pk-pulse-poll poll-id="q" question="Pick" allow-change>${abc}</pk-pulse-poll>`);
    await a.poll.vote(['a']);
    await waitForText(b.poll, /Alpha\s*1 vote/);
    await a.user.changeVote();
    await a.user.choose('Charlie');
    await a.user.vote();
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
    const p = await pollAs(hub, room, { id: 'pat' }, tpl());
    const f = await pollAs(hub, room, { id: 'fay', role: 'facilitator' }, tpl());
    await waitForText(p.poll, /Waiting for the facilitator/);
    expect(p.poll.shadowRoot!.querySelector('input')).to.not.exist;
    await expect(p.poll).to.be.accessible();
    expect(await f.user.controls()).to.exist;
    await expect(f.poll).to.be.accessible();

    await f.user.control('Open poll');
    await waitUntil(() => p.user.choices().length === 3, 'participant can vote once opened');
    await p.user.choose('Charlie');
    await p.user.vote();
    await waitForText(p.poll, /hidden until the facilitator reveals/);
    await waitForText(f.poll, /Charlie\s*1 vote/);

    await f.user.control('Close poll');
    await waitForText(p.poll, /This poll is closed/);
    await expect(p.poll).to.be.accessible();

    await f.user.control('Reveal results');
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
    const a = await pollAs(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const voter = clientOnHub(hub, room, 'bob');
    expect(await a.user.pauseResults(), 'the toggle is pressed').to.equal(true);
    // A toggle keeps its label; only aria-pressed says it is on.
    expect(button(a.poll, /Pause live results/).getAttribute('aria-pressed')).to.equal('true');
    await voter.topic('poll:q', pollModel).send('vote', { round: 1, choices: ['a'] });
    await waitUntil(() => a.poll.pollState.responded === 1, 'state updates underneath');
    await a.poll.updateComplete;
    expect(a.user.resultsText()).to.match(/\b0 (responses|of \d+ responded)/);
    expect(await a.user.pauseResults(), 'resumed').to.equal(false);
    await waitForText(a.poll, /Alpha\s*1 vote/);
    await voter.close();
  });

  it('timer: the facilitator starts, extends and turns off a countdown; expiry closes the poll', async () => {
    const f = await pollAs(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick" draft timer-seconds="120">${abc}</pk-pulse-poll>`,
    );
    await f.user.control('Open poll');
    await waitForText(f.poll, /Start 2-minute timer/);
    await f.user.control(/Start 2-minute timer/);
    await waitForText(f.poll, /Closes in [12]:\d\d/);
    expect(f.user.status()).to.match(/Closes in [12]:\d\d/);
    // The countdown shows at once from the pending start; the authority's own clock sets the end.
    await waitUntil(() => f.poll['ctl'].handle!.pending.length === 0, 'the authority confirmed the timer');
    const before = f.poll.pollState.closesAt!;
    await f.user.control('Add 1 minute');
    await waitUntil(() => f.poll.pollState.closesAt === before + 60_000, 'extended by a minute');
    await f.user.control('Turn off timer');
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
    const f = await pollAs(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    const voter = clientOnHub(hub, room, 'bob');
    await voter.topic('poll:q', pollModel).send('vote', { round: 1, choices: ['b'] });
    await waitForText(f.poll, /Bravo\s*1 vote/);
    await f.user.control('New round');
    await waitForText(f.poll, /Round 2/);
    expect(f.user.resultsText()).to.match(/\b0 (responses|of \d+ responded)/);
    await f.user.viewRound(1);
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
    const a = await pollAs(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="m" kind="multiple" max-choices="2" question="Pick two">${abc}</pk-pulse-poll>`,
    );
    await a.user.choose('Alpha');
    await a.user.choose('Bravo');
    expect(a.user.choice('Charlie').disabled, 'a third box is disabled').to.equal(true);
    const refused = await a.user.choose('Charlie').then(
      () => 'ticked',
      (e: Error) => e.message,
    );
    expect(refused, 'a person cannot tick it').to.equal('"Charlie" is disabled');
    await a.user.vote();
    await waitForText(a.poll, /Your vote: Alpha, Bravo/);
    await expect(a.poll).to.be.accessible();
  });

  it('scale polls show end labels and count a point', async () => {
    const a = await pollAs(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="s" kind="scale" min="1" max="5" min-label="Lost" max-label="Clear" question="How clear?"></pk-pulse-poll>`,
    );
    expect(a.user.choices()).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(shadowText(a.poll)).to.match(/Lost.*Clear/);
    await expect(a.poll).to.be.accessible();
    await a.user.choose('4');
    await a.user.vote();
    await waitUntil(() => a.poll.pollState.tally['4'] === 1, 'point 4 counted');
  });

  it('text polls rank short answers, merging case and spacing', async () => {
    const a = await pollAs(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="t" kind="text" question="One word?"></pk-pulse-poll>`);
    await expect(a.poll).to.be.accessible();
    const c1 = clientOnHub(hub, room, 'u1');
    const c2 = clientOnHub(hub, room, 'u2');
    await c1.topic('poll:t', pollModel).send('vote', { round: 1, choices: ['Focus'], kind: 'text' });
    await c2.topic('poll:t', pollModel).send('vote', { round: 1, choices: ['  focus '], kind: 'text' });
    await a.user.answer('Energy');
    await a.user.vote();
    await waitForText(a.poll, /Focus\s*2 votes.*Energy\s*1 vote/);
    await Promise.all([c1.close(), c2.close()]);
  });

  it('text polls with max-choices take that many answers: one labelled field each, blanks skipped, a repeat sent once', async () => {
    const a = await pollAs(
      hub,
      room,
      { id: 'alice' },
      html`<pk-pulse-poll poll-id="w" kind="text" max-choices="4" question="Up to four words for today?"></pk-pulse-poll>`,
    );
    expect(a.user.answerFields()).to.deep.equal(['Answer 1 of 4', 'Answer 2 of 4', 'Answer 3 of 4', 'Answer 4 of 4']);
    expect(shadowText(a.poll)).to.match(/Give up to 4 answers/);
    await expect(a.poll).to.be.accessible();
    await a.user.answer('Focus', 0);
    await a.user.answer('   ', 1);
    await a.user.answer(' focus ', 2);
    await a.user.answer('Energy', 3);
    await a.user.vote();
    await waitForText(a.poll, /Your vote: Focus, Energy/);
    expect(a.poll.pollState.tally).to.deep.equal({ focus: 1, energy: 1 });
    await waitForText(a.poll, /Energy\s*1 vote.*Focus\s*1 vote/); // a tie: alphabetical
    await expect(a.poll).to.be.accessible();
  });

  it('cancelling pk-vote keeps the vote from being sent', async () => {
    const a = await pollOnHub(hub, room, { id: 'alice' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    a.poll.addEventListener('pk-vote', (e) => e.preventDefault(), { once: true });
    await a.poll.vote(['a']);
    await quietFor(50, 'the cancelled vote being counted', () => a.poll.pollState.responded !== 0);
  });

  it('a self-serve poll already takes votes: the facilitator can close it at once (pk-poll-change fires)', async () => {
    const f = await pollAs(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    expect(f.user.hasButton('Open poll', await f.user.controls())).to.equal(false);
    const changed = oneEvent(f.poll, 'pk-poll-change');
    await f.user.control('Close poll');
    const ev = await changed;
    expect(ev.detail).to.include({ pollId: 'q', status: 'closed', closed: true });
  });
});
