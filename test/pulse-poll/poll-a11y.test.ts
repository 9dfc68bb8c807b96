// Keyboard focus, announcements and the timer of <pk-pulse-poll>, the way a keyboard and screen
// reader user meets them (#13 item 5). Real elements on a MemoryHub; no fakes.
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { press, spoken, waitForFocus } from '../a11y-support.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { button, clientOnHub, pollOnHub, shadowText, uniqueRoom, waitForText } from '../support.js';

const abc = html`<option value="a">Alpha</option><option value="b">Bravo</option><option value="c">Charlie</option>`;
const config = {
  question: 'Pick',
  kind: 'single',
  options: [
    { value: 'a', label: 'Alpha' },
    { value: 'b', label: 'Bravo' },
  ],
  allowChange: false,
  anonymous: true,
  results: 'live',
};

const radio = (el: Element, value: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
const submitButton = (el: Element) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!;

describe('<pk-pulse-poll> keyboard focus and announcements (#13)', () => {
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('poll-a11y');
  });

  for (const [kind, _attrs, choose, label] of [
    ['single', '', 'b', /Vote/],
    ['multiple', 'kind="multiple"', 'b', /Submit/],
    ['scale', 'kind="scale"', '4', /Vote/],
  ] as const) {
    it(`${kind}: after ${label.source} focus lands on my vote, and after Change vote on my choice`, async () => {
      const p = await pollOnHub(
        hub,
        room,
        { id: 'pat' },
        html`<pk-pulse-poll poll-id="q" question="Pick" allow-change>${kind === 'scale' ? '' : abc}</pk-pulse-poll>`,
      );
      if (kind !== 'single') p.poll.setAttribute('kind', kind);
      await p.poll.updateComplete;
      radio(p.poll, choose).click();
      await p.poll.updateComplete;
      expect(submitButton(p.poll).textContent).to.match(label);
      await press(submitButton(p.poll));
      await waitForFocus(p.poll, (f) => f.id === 'mine' && /Your vote/.test(f.textContent ?? ''), 'focus on "Your vote" after voting');
      await waitUntil(() => p.poll.shadowRoot!.querySelector('[data-focus=change]'), 'Change vote once the vote is accepted');
      await press(button(p.poll, /Change vote/));
      await waitForFocus(
        p.poll,
        (f) => f instanceof HTMLInputElement && f.value === choose,
        'focus on my current choice after Change vote',
      );
    });
  }

  it('text: after Send answer focus lands on the line saying my answer (no Change vote)', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="One word" kind="text"></pk-pulse-poll>`);
    const field = p.poll.shadowRoot!.querySelector<HTMLInputElement>('input[type=text]')!;
    field.focus();
    await sendKeys({ type: 'Curious' });
    await press(submitButton(p.poll));
    await waitForFocus(p.poll, (f) => f.id === 'mine' && /Curious/.test(f.textContent ?? ''), 'focus on "Your vote: Curious"');
  });

  it('the poll closing under the participant keeps their unsent choice, shows it, and focuses it', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    await fac.topic('poll:q', pollModel).send('open', { config, seconds: null });
    await waitUntil(() => radio(p.poll, 'b'), 'the form');
    await press(radio(p.poll, 'b'), 'Space');
    await p.poll.updateComplete;
    await fac.topic('poll:q', pollModel).send('close', {});
    await waitForText(p.poll, /Not sent: Bravo/);
    await waitForFocus(p.poll, (f) => f.id === 'mine', 'focus on the unsent choice');
    await waitUntil(() => /This poll is closed/.test(spoken(p.poll)), `closing announced; said: ${spoken(p.poll)}`, { timeout: 8000 });
    // Reopened, the form comes back with the choice still made.
    await fac.topic('poll:q', pollModel).send('open', { config, seconds: null });
    await waitUntil(() => radio(p.poll, 'b')?.checked, 'the choice is still selected');
    await fac.close();
  });

  it('timer: warns before the end (warn-before), then keeps the unsent typed answer when time runs out', async () => {
    const p = await pollOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-pulse-poll poll-id="q" question="One word" kind="text" warn-before="30"></pk-pulse-poll>`,
    );
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    await fac.topic('poll:q', pollModel).send('open', {
      config: { question: 'One word', kind: 'text', options: [], allowChange: false, anonymous: true, results: 'live' },
      seconds: null,
    });
    await waitUntil(() => p.poll.shadowRoot!.querySelector('input[type=text]'), 'the field');
    p.poll.shadowRoot!.querySelector<HTMLInputElement>('input[type=text]')!.focus();
    await sendKeys({ type: 'Almost' });
    await fac.topic('poll:q', pollModel).send('timer', { seconds: 3 });
    await waitForText(p.poll, /Closing soon/);
    await waitUntil(() => /Closing soon/.test(spoken(p.poll)), `warning announced; said: ${spoken(p.poll)}`, { timeout: 8000 });
    await waitForText(p.poll, /Not sent: Almost/, 8000);
    await waitForFocus(p.poll, (f) => f.id === 'mine', 'focus on the unsent answer when time ran out');
    await fac.close();
  });

  it('more time: a participant asks where the facilitator allows it; the timer grows for everyone', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    const fh = fac.topic('poll:q', pollModel);
    await fh.send('open', { config, seconds: null });
    await fh.send('timer', { seconds: 120 });
    await waitForText(p.poll, /Closes in/);
    expect(shadowText(p.poll), 'not offered when the timer does not allow it').to.not.match(/more time/i);
    await fh.send('timer', { seconds: 120, moreTime: 30 });
    await waitForText(p.poll, /I need more time/);
    const before = p.poll.pollState.closesAt!;
    await press(button(p.poll, /I need more time/));
    await waitUntil(() => fh.state.closesAt === before + 30_000, 'the facilitator sees 30 s more');
    await waitUntil(() => /More time given/.test(spoken(p.poll)), `confirmed; said: ${spoken(p.poll)}`, { timeout: 8000 });
    await fac.close();
  });

  it('hidden results: the vote is confirmed politely; opening is announced as such, not as "Results updated"', async () => {
    const p = await pollOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-pulse-poll poll-id="q" question="Pick" draft results="hidden">${abc}</pk-pulse-poll>`,
    );
    const fac = clientOnHub(hub, room, 'fay', 'facilitator');
    await fac.topic('poll:q', pollModel).send('open', { config: { ...config, results: 'hidden' }, seconds: null });
    await waitUntil(() => /The poll is open/.test(spoken(p.poll)), `opening announced; said: ${spoken(p.poll)}`, { timeout: 8000 });
    await waitUntil(() => radio(p.poll, 'a'), 'the form');
    await p.poll.vote(['a']);
    await waitUntil(() => /Your answer was recorded/.test(spoken(p.poll)), `vote confirmed; said: ${spoken(p.poll)}`, { timeout: 8000 });
    expect(spoken(p.poll)).to.not.match(/Results updated/);
    await fac.close();
  });

  it('offline: a vote kept on the device is said to be kept', async () => {
    const p = await pollOnHub(hub, room, { id: 'pat' }, html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`);
    p.transport.simulateDrop();
    await waitUntil(() => p.poll.ctl.session?.status === 'offline', 'offline');
    void p.poll.vote(['a']);
    await waitUntil(() => /Offline: your actions are saved/.test(spoken(p.poll)), `queued announced; said: ${spoken(p.poll)}`, {
      timeout: 8000,
    });
    p.transport.simulateRestore();
    await waitUntil(() => /Your answer was recorded/.test(spoken(p.poll)), `then confirmed; said: ${spoken(p.poll)}`, { timeout: 10000 });
  });

  it('facilitator: focus follows Open/Close and Start timer/Turn off timer; the timer is confirmed', async () => {
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick" draft>${abc}</pk-pulse-poll>`,
    );
    await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=controls]'), 'controls');
    await press(button(f.poll, /Open poll/));
    await waitForFocus(f.poll, (b) => /Close poll/.test(b.textContent ?? ''), 'focus on Close after Open');
    await press(button(f.poll, /Start 1-minute timer/));
    await waitForFocus(f.poll, (b) => /Turn off timer/.test(b.textContent ?? ''), 'focus on Turn off after Start timer');
    await waitUntil(() => /Timer started/.test(spoken(f.poll)), `timer start confirmed; said: ${spoken(f.poll)}`, { timeout: 8000 });
    await press(button(f.poll, /Turn off timer/));
    await waitForFocus(f.poll, (b) => /Start 1-minute timer/.test(b.textContent ?? ''), 'focus on Start timer after Turn off');
    await waitUntil(() => /Timer turned off/.test(spoken(f.poll)), `timer stop confirmed; said: ${spoken(f.poll)}`, { timeout: 8000 });
    await press(button(f.poll, /Close poll/));
    await waitForFocus(f.poll, (b) => /Open poll/.test(b.textContent ?? ''), 'focus on Open after Close');
  });

  it('toggles keep their label: Reveal results and Pause live results only change aria-pressed', async () => {
    const f = await pollOnHub(
      hub,
      room,
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll poll-id="q" question="Pick">${abc}</pk-pulse-poll>`,
    );
    await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=controls]'), 'controls');
    for (const name of [/Reveal results/, /Pause live results/]) {
      const b = button(f.poll, name);
      expect(b.getAttribute('aria-pressed')).to.equal('false');
      await press(b);
      await waitUntil(() => button(f.poll, name).getAttribute('aria-pressed') === 'true', `${name.source} pressed, same label`);
    }
  });

  it('a vote cast while the session is still on its way is sent once it comes, not dropped', async () => {
    // A <pk-session> provides no session until its first update (it waits for every property set
    // before then); a widget inside it that is asked to vote meanwhile has no handle yet.
    const session = document.createElement('pk-session') as PkSession;
    session.room = room;
    session.participantId = 'pat';
    session.transport = new MemoryTransport(hub);
    const poll = document.createElement('pk-pulse-poll') as PkPulsePoll;
    poll.pollId = 'q';
    poll.question = 'Pick';
    poll.innerHTML = '<option value="a">Alpha</option><option value="b">Bravo</option>';
    session.append(poll);
    document.body.append(session);
    try {
      expect(poll.ctl.handle === null, 'no handle yet').to.equal(true);
      const voted = poll.vote(['b']);
      const watcher = clientOnHub(hub, room, 'watch');
      await voted;
      await waitUntil(() => watcher.topic('poll:q', pollModel).state.responded === 1, 'the vote arrived');
      expect(watcher.topic('poll:q', pollModel).state.tally).to.deep.equal({ b: 1 });
      await watcher.close();
    } finally {
      session.remove();
    }
  });
});
