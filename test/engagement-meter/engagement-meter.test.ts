import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { PkEngagementAlertDetail, PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import type { SessionClient } from '../../src/core/client/session-client.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { accessibleName, MeterHarness } from '../../src/testing/index.js';
import { quietFor } from '../quiet.mjs';
import { clientOnHub, expectAuthoringError, shadowText, uniqueRoom, waitForText, widgetOnHub, type Who } from '../support.js';

const TOPIC = 'meter:m';

/** A meter inside a <pk-session> on a shared MemoryHub, once its topic has loaded. */
async function meterOnHub(
  hub: MemoryHub,
  room: string,
  who: Who,
  tpl: ReturnType<typeof html>,
): Promise<{ session: PkSession; meter: PkEngagementMeter; transport: MemoryTransport; user: MeterHarness }> {
  const { session, el: meter, transport } = await widgetOnHub<PkEngagementMeter>(hub, room, who, tpl, 'pk-engagement-meter');
  await waitUntil(() => !!meter.ctl.handle?.loaded, 'meter loads');
  await meter.updateComplete;
  // `user`: the steps a person takes, on the real controls.
  return { session, meter, transport, user: new MeterHarness(meter) };
}

const facilitator = (hub: MemoryHub, room: string, tpl = html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`) =>
  meterOnHub(hub, room, { id: 'fay', role: 'facilitator', name: 'Fay' }, tpl);

/** Participants as bare session clients with the meter topic open. */
function people(hub: MemoryHub, room: string, n: number, prefix = 'p'): SessionClient[] {
  return Array.from({ length: n }, (_, i) => {
    const c = clientOnHub(hub, room, `${prefix}${i}`);
    c.topic(TOPIC, meterModel);
    return c;
  });
}

const send = (c: SessionClient, type: string, data: unknown) => c.topic(TOPIC, meterModel).send(type, data);
const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~=${name}]`);

describe('<pk-engagement-meter>', () => {
  let hub: MemoryHub;
  let room: string;
  let clients: SessionClient[] = [];
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('meter');
    clients = [];
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  describe('authoring mistakes render a visible, specific error', () => {
    const cases: Array<[string, ReturnType<typeof html>, RegExp]> = [
      ['no meter-id', html`<pk-engagement-meter></pk-engagement-meter>`, /meter-id attribute/],
      ['unusable meter-id', html`<pk-engagement-meter meter-id="a b"></pk-engagement-meter>`, /not usable/],
      ['unknown signal', html`<pk-engagement-meter meter-id="m" signals="got-it lost"></pk-engagement-meter>`, /unknown signal "lost"/],
      [
        'alert on a missing state',
        html`<pk-engagement-meter meter-id="m" signals="got-it" alert-signals="confused"></pk-engagement-meter>`,
        /alert-signals/,
      ],
      ['bad threshold', html`<pk-engagement-meter meter-id="m" alert-threshold="33"></pk-engagement-meter>`, /alert-threshold/],
      ['bad ttl', html`<pk-engagement-meter meter-id="m" state-ttl="1"></pk-engagement-meter>`, /state-ttl/],
      ['bad min-group', html`<pk-engagement-meter meter-id="m" min-group="0"></pk-engagement-meter>`, /min-group/],
    ];
    for (const [name, tpl, re] of cases) {
      it(name, () => expectAuthoringError(tpl, re));
    }
  });

  it('signals without "confused" work without alert-signals: the default alert adapts instead of failing', async () => {
    const { meter, user } = await meterOnHub(
      hub,
      room,
      { id: 'ana' },
      html`<pk-engagement-meter meter-id="m" signals="got-it too-fast"></pk-engagement-meter>`,
    );
    expect(meter.shadowRoot!.querySelector('[part~=error]'), shadowText(meter)).to.not.exist;
    expect(user.states()).to.include('Got it');
  });

  it('participant view: a signal bar only, own state shown, no facilitator UI, accessible', async () => {
    const { meter, user } = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    expect(part(meter, 'signals')).to.exist;
    for (const p of ['summary', 'timeline', 'hands', 'controls']) expect(part(meter, p), p).to.not.exist;
    await waitForText(meter, /You have not set a state/);
    await expect(meter).to.be.accessible();
    const sent = oneEvent(meter, 'pk-engagement-signal');
    await user.toggleState('Confused');
    expect((await sent).detail).to.deep.equal({ meterId: 'm', kind: 'state', value: 'confused' });
    await waitForText(meter, /Your state: Confused · expires in about 10 minutes/);
    expect(user.mine()).to.match(/^Your state: Confused · expires in about 10 minutes/);
    expect(user.stateButton('Confused').getAttribute('aria-pressed')).to.equal('true');
    await expect(meter).to.be.accessible();
    // Pressing it again withdraws it.
    await user.toggleState('Confused');
    await waitForText(meter, /You have not set a state/);
  });

  it("a participant's signal reaches the facilitator view; facilitator view is accessible", async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const p = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    await waitForText(f.meter, /1 participant present/);
    const changes: number[] = [];
    f.meter.addEventListener('pk-engagement-change', (e) => changes.push(e.detail.aggregate.counts['too-fast'] ?? -1));
    await p.user.toggleState('Too fast');
    await waitForText(f.meter, /Too fast\s*1 · 100\s?%/);
    expect(changes[changes.length - 1], 'pk-engagement-change carries the new pulse').to.equal(1);
    expect(f.user.summary()).to.match(/Engagement index \d+ of 100/);
    expect(part(f.meter, 'signals'), 'no signal bar for facilitators').to.not.exist;
    await expect(f.meter).to.be.accessible();
  });

  it('below the minimum group size no share, count or index is shown', async () => {
    const f = await facilitator(hub, room);
    clients = people(hub, room, 3);
    await send(clients[0]!, 'state', { state: 'confused' });
    await waitForText(f.meter, /3 participants present/);
    await waitForText(f.meter, /Shares appear once 5 participants are present/);
    await expect(f.meter).to.be.accessible();
    const summary = f.user.summary();
    expect(summary).to.not.match(/Confused|Engagement index|\d+\s?%/);
    clients.push(...people(hub, room, 2, 'q'));
    await waitForText(f.meter, /Confused\s*1 · 20\s?%/);
  });

  it('alert: raised (visible, announced, pk-engagement-alert) above the threshold, ended below threshold minus margin', async () => {
    const f = await facilitator(hub, room);
    const alerts: PkEngagementAlertDetail[] = [];
    f.meter.addEventListener('pk-engagement-alert', (e) => alerts.push(e.detail));
    clients = people(hub, room, 6);
    await waitForText(f.meter, /6 participants present/);
    await send(clients[0]!, 'state', { state: 'confused' });
    await waitForText(f.meter, /Confused\s*1 · 17\s?%/);
    expect(alerts).to.deep.equal([]);
    await send(clients[1]!, 'state', { state: 'confused' });
    await waitUntil(() => alerts.length === 1, 'alert fires');
    expect(alerts[0]).to.deep.include({ meterId: 'm', signal: 'confused', active: true, threshold: 0.33 });
    expect(alerts[0]!.share).to.be.closeTo(2 / 6, 1e-9);
    await waitForText(f.meter, /Alert: 33\s?% of the class report "Confused"/);
    // The crossing is said once by a role=alert region; the visible alert (live numbers) is no live region.
    expect(f.meter.shadowRoot!.querySelector('[role=alert]')!.textContent).to.match(/Alert: 33\s?% of the class report "Confused"/);
    expect(
      f.meter.shadowRoot!.querySelector('[part~=alert]')!.closest('[role=alert],[aria-live]'),
      'the visible alert is not live',
    ).to.equal(null);
    await expect(f.meter).to.be.accessible();
    // 2/7 = 29 %: above 33 % − 10 %, the alert stays (no flapping).
    clients.push(...people(hub, room, 1, 'late'));
    await waitForText(f.meter, /7 participants present/);
    await quietFor(300, 'end of the alert (flapping)', () => alerts.length !== 1 || !/Alert:/.test(shadowText(f.meter)));
    await send(clients[1]!, 'state', { state: 'got-it' });
    await waitUntil(() => alerts.length === 2, 'alert ends');
    expect(alerts[1]).to.deep.include({ signal: 'confused', active: false });
    await waitUntil(() => !/Alert:/.test(shadowText(f.meter)), 'alert text goes away');
  });

  it('the authority refuses "clear all" from a participant, who sees a readable error', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const p = await meterOnHub(hub, room, { id: 'pat' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    await p.meter.setState('confused');
    await waitForText(f.meter, /Confused\s*1/);
    const acks = await p.transport.send([
      { opId: 'hostile-clear-1', clientId: 'pat', topic: TOPIC, type: 'clear', data: {}, createdAt: Date.now() },
    ]);
    expect(acks[0]!.status === 'rejected' && acks[0]!.error.code).to.equal('forbidden');
    const ack = await p.meter.ctl.handle!.send('clear', {});
    expect(ack.status).to.equal('rejected');
    await waitForText(p.meter, /Only a facilitator can do that/);
    expect(p.meter.shadowRoot!.querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
    await quietFor(300, "the participant's clear reaching the facilitator", () => !/Confused\s*1 · 100\s?%/.test(shadowText(f.meter)));
  });

  it("participants never see other participants' states", async () => {
    const a = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    const b = await meterOnHub(hub, room, { id: 'ben', name: 'Ben' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    await b.meter.setState('confused');
    await b.meter.raiseHand();
    await a.meter.setState('got-it');
    await waitUntil(() => Object.keys(a.meter.ctl.handle!.confirmed.entries).length === 2, 'both signals reached ana');
    expect(Object.values(a.meter.meterState.entries).map((e) => e.state)).to.deep.equal(['got-it']);
    expect(JSON.stringify(a.meter.meterState)).to.not.match(/ben|Ben|confused/);
    expect(shadowText(a.meter)).to.not.match(/Raised hand|present|Confused\s*\d/);
    const page = await a.transport.fetch(TOPIC, 0);
    for (const e of page.events.filter((x) => (x.data as { slot: number }).slot !== a.meter.ctl.handle!.confirmed.slots.ana)) {
      expect(e.actor, `${e.type} of someone else arrives without an actor`).to.equal(undefined);
    }
  });

  it('named mode: participants are told; the facilitator sees names in the hand queue', async () => {
    const f = await facilitator(hub, room);
    const p = await meterOnHub(hub, room, { id: 'ben', name: 'Ben <b>' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    await p.user.raiseHand();
    await waitForText(f.meter, /Raised hands \(1\).*Raised hand 1/);
    await waitForText(p.meter, /Your hand is raised: number 1 of 1/);
    expect(shadowText(f.meter)).to.not.contain('Ben');
    await f.user.control('Named mode');
    await waitUntil(() => !!p.user.notice(), 'participant is told');
    expect(p.user.notice()).to.match(/Named mode is on: the facilitator sees your name/);
    await expect(p.meter).to.be.accessible();
    expect(f.user.controlPressed('Named mode')).to.equal(true);
    await p.user.lowerHand();
    await p.user.raiseHand();
    await waitForText(f.meter, /Ben <b>/);
    expect(f.meter.shadowRoot!.querySelector('b'), 'names are text').to.not.exist;
    expect(f.user.hands()[0]).to.match(/^Ben <b>/);
    await expect(f.meter).to.be.accessible();
    // Lower from the queue.
    await f.user.lowerFromQueue('Ben <b>');
    await waitForText(f.meter, /No hands raised/);
    await waitForText(p.meter, /Raise hand/);
  });

  it('named mode: the facilitator sees who is in each state, next to the state; never before it is on (accessible)', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const ann = await meterOnHub(hub, room, { id: 'ann', name: 'Ann' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    const ben = await meterOnHub(hub, room, { id: 'ben', name: 'بن' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    const row = (label: RegExp) => [...f.meter.shadowRoot!.querySelectorAll('.state-row')].find((r) => label.test(r.textContent ?? ''));
    const namesIn = (label: RegExp) => row(label)?.querySelector('[part~=names]')?.textContent?.trim();
    await ann.user.toggleState('Confused');
    await waitUntil(() => /1 · /.test(row(/Confused/)?.textContent ?? ''), 'the anonymous state is counted');
    expect(part(f.meter, 'names'), 'no names while named mode is off').to.not.exist;
    await f.user.control('Named mode');
    await waitUntil(() => !!ann.user.notice() && !!ben.user.notice(), 'participants are told');
    // Named mode cleared every state: Ann sets hers again.
    await waitUntil(() => ann.user.myState() === null, 'the states were cleared');
    await ann.user.toggleState('Confused');
    await ben.user.toggleState('Confused');
    await waitUntil(() => /Ann and بن/.test(namesIn(/Confused/) ?? ''), `names with the state in: ${shadowText(f.meter)}`);
    expect([...row(/Confused/)!.querySelectorAll('bdi')].map((b) => b.textContent)).to.deep.equal(['Ann', 'بن']);
    await ben.user.toggleState('Got it');
    await waitUntil(() => namesIn(/Got it/) === 'بن', 'Ben moved to Got it');
    expect(namesIn(/Confused/)).to.equal('Ann');
    await expect(f.meter).to.be.accessible();
    // Off again: signals are cleared, and names go with them.
    await f.user.control('Named mode');
    await waitUntil(() => !part(f.meter, 'names'), 'no names once named mode is off');
  });

  it('hand queue keeps the order hands went up', async () => {
    const f = await facilitator(hub, room);
    clients = people(hub, room, 3);
    for (const c of [clients[2]!, clients[0]!, clients[1]!]) await send(c, 'hand', { raised: true });
    await waitForText(f.meter, /Raised hands \(3\)/);
    await send(clients[0]!, 'hand', { raised: false });
    await waitForText(f.meter, /Raised hands \(2\)/);
    const slots = f.meter.meterState.hands.map((h) => h.slot);
    expect(slots).to.deep.equal([
      clients[2]!.topic(TOPIC, meterModel).confirmed.slots.p2,
      clients[1]!.topic(TOPIC, meterModel).confirmed.slots.p1,
    ]);
  });

  it('clear all (with confirmation) empties the pulse everywhere', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const p = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    await p.user.toggleState('Away');
    await p.user.raiseHand();
    await waitForText(f.meter, /Away\s*1/);
    await f.user.control('Clear all states');
    expect(shadowText(f.meter)).to.match(/Clear every state, reaction and raised hand\?/);
    await expect(f.meter).to.be.accessible();
    await f.user.control('Clear all states');
    await waitForText(f.meter, /Away\s*0/);
    await waitForText(f.meter, /No hands raised/);
    await waitForText(p.meter, /You have not set a state/);
  });

  it('pause live numbers freezes the pulse until resumed (WCAG 2.2.2)', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    clients = people(hub, room, 2);
    await send(clients[0]!, 'state', { state: 'got-it' });
    await waitForText(f.meter, /Got it\s*1 · 50\s?%/);
    expect(f.user.controlPressed('Pause live numbers')).to.equal(false);
    await f.user.control('Pause live numbers');
    // A toggle keeps its label; only aria-pressed says it is on ("Pause live numbers, pressed").
    expect(f.user.controlPressed('Pause live numbers')).to.equal(true);
    await send(clients[1]!, 'state', { state: 'got-it' });
    await waitUntil(() => f.meter.pulse?.counts['got-it'] === 2, 'the pulse moves underneath');
    await quietFor(300, 'live numbers while paused', () => !/Got it\s*1 · 50\s?%/.test(f.user.summary()));
    await f.user.control('Pause live numbers');
    await waitForText(f.meter, /Got it\s*2 · 100\s?%/);
  });

  it('reactions fade from the facilitator view by themselves', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const p = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m" reaction-fade="1"></pk-engagement-meter>`);
    await p.user.react('Applause');
    await waitForText(p.meter, /Sent: Applause/);
    await expect(p.meter).to.be.accessible();
    await waitForText(f.meter, /Recent reactions: Applause 1/);
    await waitForText(f.meter, /Recent reactions: none/, 3000);
  });

  it('markers: hostile labels stay text, the CSV neutralizes formulas, the sparkline is an inline SVG', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1" sample-seconds="1"></pk-engagement-meter>`);
    clients = people(hub, room, 1);
    await send(clients[0]!, 'state', { state: 'confused' });
    const evil = '=HYPERLINK("http://x")<img src=x onerror=alert(1)>';
    await f.user.dropMarker(evil);
    await waitForText(f.meter, /=HYPERLINK\("http:\/\/x"\)<img src=x/);
    expect(f.meter.shadowRoot!.querySelector('img')).to.not.exist;
    await waitUntil(() => f.meter.timeline.length >= 2, 'two samples', { timeout: 4000 });
    const svg = part(f.meter, 'sparkline')!;
    expect(svg.localName).to.equal('svg');
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelectorAll('polyline').length).to.be.greaterThan(0);
    expect(svg.querySelector('line.line-marker title')!.textContent).to.equal(evil);
    const csv = await f.meter.timelineCsv();
    expect(csv).to.contain(`"'=HYPERLINK(""http://x"")<img src=x onerror=alert(1)>"`);
    expect(csv.split('\r\n')[0]).to.equal(
      'kind,time,present,index,got-it,got-it %,confused,confused %,too-fast,too-fast %,too-slow,too-slow %,away,away %,hands,reactions,label',
    );
    expect(JSON.parse(await f.meter.timelineJson()).markers[0].label).to.equal(evil);
    await expect(f.meter).to.be.accessible();
  });

  it('offline: a signal waits as queued and arrives once the connection is back', async () => {
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>`);
    const p = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    p.transport.simulateDrop();
    await p.user.toggleState('Too slow');
    await waitForText(p.meter, /Your state: Too slow.*saved on this device/);
    await waitForText(p.meter, /Offline/);
    await expect(p.meter).to.be.accessible();
    p.transport.simulateRestore();
    await waitForText(f.meter, /Too slow\s*1/, 8000);
  });

  it('RTL: Arabic labels, right-to-left, accessible', async () => {
    const { meter, user } = await meterOnHub(
      hub,
      room,
      { id: 'ana' },
      html`<pk-engagement-meter lang="ar" meter-id="m"></pk-engagement-meter>`,
    );
    await meter.localeReady;
    meter.requestUpdate();
    await waitUntil(() => /مرتبك/.test(shadowText(meter)), 'Arabic labels');
    expect(part(meter, 'base')!.getAttribute('dir')).to.equal('rtl');
    expect(accessibleName(user.part('hand'))).to.equal('رفع اليد');
    await expect(meter).to.be.accessible();
  });

  it('dark scheme recolours it; reduced motion stops the reaction animation', async () => {
    const { meter, user } = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    const base = part(meter, 'base') as HTMLElement;
    await user.react('Applause');
    await waitForText(meter, /Sent: Applause/);
    const sent = () => getComputedStyle(meter.shadowRoot!.querySelector('.sent')!).animationName;
    try {
      await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
      const light = getComputedStyle(base).backgroundColor;
      expect(sent()).to.equal('pk-meter-fade');
      await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
      expect(getComputedStyle(base).backgroundColor).to.not.equal(light);
      expect(sent()).to.equal('none');
      await expect(meter).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    }
  });

  it('keyboard: arrow keys, Home and End move through the states (one tab stop)', async () => {
    const { user } = await meterOnHub(
      hub,
      room,
      { id: 'ana' },
      html`<pk-engagement-meter meter-id="m" signals="got-it confused away"></pk-engagement-meter>`,
    );
    const buttons = () => user.stateButtons();
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([0, -1, -1]);
    buttons()[0]!.focus();
    await user.key('ArrowRight');
    expect(user.focused()).to.equal(buttons()[1]);
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([-1, 0, -1]);
    await user.key('End');
    expect(user.focused()).to.equal(buttons()[2]);
  });

  it('cancelling pk-engagement-signal keeps the signal from being sent', async () => {
    const { meter } = await meterOnHub(hub, room, { id: 'ana' }, html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`);
    meter.addEventListener('pk-engagement-signal', (e) => e.preventDefault(), { once: true });
    await meter.setState('confused');
    await quietFor(50, 'the cancelled signal being applied', () => Object.keys(meter.ctl.handle!.state.entries).length > 0);
  });

  it('200 participants through the memory transport: exact counts and index, throttled renders', async function () {
    this.timeout(30000);
    const f = await facilitator(hub, room, html`<pk-engagement-meter meter-id="m" related="poll:warmup"></pk-engagement-meter>`);
    clients = people(hub, room, 200);
    await waitForText(f.meter, /200 participants present/, 10000);
    let renders = 0;
    const el = f.meter as unknown as { render(): unknown };
    const render = el.render.bind(f.meter);
    el.render = () => {
      renders++;
      return render();
    };
    // Count folded events, not change notifications: the handle may coalesce several events into
    // one notification, which is itself a kind of throttling, so notifications undercount.
    const foldedAtStart = f.meter.ctl.handle!.folded;
    const start = performance.now();
    // 120 got it, 50 confused, 20 too fast, 10 away; 40 react; 150 answer the related poll; 7 hands.
    const states = (i: number) => (i < 120 ? 'got-it' : i < 170 ? 'confused' : i < 190 ? 'too-fast' : 'away');
    await Promise.all(
      clients.map(async (c, i) => {
        await send(c, 'state', { state: states(i) });
        if (i % 5 === 0) await send(c, 'react', { reaction: 'clap', fade: 60 });
        if (i < 150) await c.topic('poll:warmup', pollModel).send('vote', { round: 1, choices: ['a'] });
        if (i % 29 === 0) await send(c, 'hand', { raised: true });
      }),
    );
    await waitUntil(() => f.meter.pulse?.index === 58 && f.meter.pulse.hands === 7, `pulse: ${JSON.stringify(f.meter.pulse)}`, {
      timeout: 10000,
    });
    const elapsed = performance.now() - start;
    const pulse = f.meter.pulse!;
    expect(pulse.present).to.equal(200);
    expect(pulse.counts).to.deep.equal({ 'got-it': 120, confused: 50, 'too-fast': 20, 'too-slow': 0, away: 10 });
    expect(pulse.reactors).to.equal(40);
    expect(pulse.participation).to.equal(0.75);
    // mood = (120 − 50 − 0.5×20 − 10) / 200 = 0.25 → 0.625; reactions 40/200 = 0.2; participation 0.75
    // index = 100 × (0.5×0.625 + 0.2×0.2 + 0.3×0.75) = 57.75 → 58
    expect(pulse.index).to.equal(58);
    await waitForText(f.meter, /Engagement index 58 of 100/);
    expect(shadowText(f.meter)).to.match(/Confused\s*50 · 25\s?%/);
    expect(shadowText(f.meter)).to.match(/Got it\s*120 · 60\s?%/);
    expect(shadowText(f.meter)).to.match(/Raised hands \(7\)/);
    // 247 meter events (200 states, 40 reactions, 7 hands) reached the handle, but the view
    // rendered at most four times a second.
    const events = f.meter.ctl.handle!.folded - foldedAtStart;
    expect(events).to.equal(247);
    expect(renders).to.be.at.most(Math.ceil(elapsed / 250) + 2);
    expect(f.meter.throttle.fired).to.be.lessThan(events / 4);
  });
});
