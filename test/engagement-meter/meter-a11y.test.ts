// Keyboard focus, announcements and alerts of <pk-engagement-meter> as a keyboard and screen reader
// user meets them (#13 item 5). Real elements and session clients on a MemoryHub; no fakes.
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { press, spoken, waitForFocus } from '../a11y-support.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import type { SessionClient } from '../../src/core/client/session-client.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { button, clientOnHub, shadowText, uniqueRoom, waitForText, widgetOnHub, type Who } from '../support.js';

const TOPIC = 'meter:m';

async function meterOnHub(hub: MemoryHub, room: string, who: Who, tpl = html`<pk-engagement-meter meter-id="m"></pk-engagement-meter>`) {
  const { el: meter, transport } = await widgetOnHub<PkEngagementMeter>(hub, room, who, tpl, 'pk-engagement-meter');
  await waitUntil(() => !!meter.ctl.handle?.loaded, 'meter loads');
  await meter.updateComplete;
  return { meter, transport };
}

function people(hub: MemoryHub, room: string, n: number): SessionClient[] {
  return Array.from({ length: n }, (_, i) => {
    const c = clientOnHub(hub, room, `p${i}`);
    c.topic(TOPIC, meterModel);
    return c;
  });
}

const send = (c: SessionClient, type: string, data: unknown) => c.topic(TOPIC, meterModel).send(type, data);

/** Every new text any role=alert region of the meter takes: what a screen reader announces assertively. */
function recordAlerts(el: Element): string[] {
  const said: string[] = [];
  const last = new Map<Element, string>();
  const look = () => {
    for (const region of el.shadowRoot!.querySelectorAll('[role=alert]')) {
      const text = (region.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text && text !== last.get(region)) said.push(text);
      last.set(region, text);
    }
  };
  new MutationObserver(look).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return said;
}

describe('<pk-engagement-meter> keyboard focus and announcements (#13)', () => {
  let hub: MemoryHub;
  let room: string;
  let clients: SessionClient[] = [];
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('meter-a11y');
    clients = [];
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  it('an alert is announced once per crossing, not on every percentage change (also with live numbers paused)', async () => {
    const f = await meterOnHub(hub, room, { id: 'fay', role: 'facilitator' });
    clients = people(hub, room, 6);
    await waitForText(f.meter, /6 participants present/);
    const said = recordAlerts(f.meter);
    await send(clients[0]!, 'state', { state: 'confused' });
    await send(clients[1]!, 'state', { state: 'confused' });
    await waitForText(f.meter, /Confused\s*2 · 33\s?%/);
    await waitUntil(() => said.length === 1, `the crossing is said; said: ${JSON.stringify(said)}`);
    await send(clients[2]!, 'state', { state: 'confused' });
    await waitForText(f.meter, /Confused\s*3 · 50\s?%/);
    await send(clients[3]!, 'state', { state: 'confused' });
    await waitForText(f.meter, /Confused\s*4 · 67\s?%/);
    await press(button(f.meter, /Pause live numbers/));
    await send(clients[4]!, 'state', { state: 'confused' });
    await waitUntil(() => f.meter.pulse?.counts.confused === 5, 'the pulse moves underneath');
    await f.meter.updateComplete;
    expect(said, 'one assertive announcement for one crossing').to.have.length(1);
    expect(said[0]).to.match(/Alert: 33\s?% of the class report "Confused"/);
  });

  it('participant: a reaction, the hand and its place in the queue are confirmed politely; the hand toggle keeps its label', async () => {
    const p = await meterOnHub(hub, room, { id: 'pat' });
    await press(p.meter.shadowRoot!.querySelector<HTMLButtonElement>('button.react')!);
    await waitUntil(() => /^Sent: /.test(spoken(p.meter)), `reaction confirmed; said: ${spoken(p.meter)}`, { timeout: 8000 });
    const hand = p.meter.shadowRoot!.querySelector<HTMLButtonElement>('[part=hand]')!;
    expect(hand.textContent!.trim()).to.equal('Raise hand');
    expect(hand.getAttribute('aria-pressed')).to.equal('false');
    await press(hand);
    await waitUntil(() => hand.getAttribute('aria-pressed') === 'true', 'pressed');
    expect(hand.textContent!.trim(), 'same label').to.equal('Raise hand');
    await waitUntil(() => /number 1 of 1/.test(spoken(p.meter)), `hand position said; said: ${spoken(p.meter)}`, { timeout: 8000 });
  });

  it('participant offline: a signal kept on the device is said to be kept', async () => {
    const p = await meterOnHub(hub, room, { id: 'pat' });
    p.transport.simulateDrop();
    await waitUntil(() => p.meter.ctl.session?.status === 'offline', 'offline');
    void p.meter.setState('confused');
    await waitUntil(() => /Offline: your actions are saved/.test(spoken(p.meter)), `queued said; said: ${spoken(p.meter)}`, {
      timeout: 8000,
    });
    p.transport.simulateRestore();
  });

  it('facilitator: Lower moves focus to the next hand, then to the queue heading', async () => {
    const f = await meterOnHub(hub, room, { id: 'fay', role: 'facilitator' });
    clients = people(hub, room, 2);
    await send(clients[0]!, 'hand', { raised: true });
    await send(clients[1]!, 'hand', { raised: true });
    await waitForText(f.meter, /Raised hands \(2\)/);
    const lowers = () => [...f.meter.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=hands] button')];
    await press(lowers()[0]!);
    await waitForText(f.meter, /Raised hands \(1\)/);
    await waitForFocus(f.meter, (el) => el === lowers()[0], "focus on the remaining hand's Lower");
    await press(lowers()[0]!);
    await waitForText(f.meter, /Raised hands \(0\)/);
    await waitForFocus(f.meter, (el) => el.id === 'hands-h', 'focus on the queue heading');
  });

  it('facilitator: Clear all moves focus to the confirmation, then back; the clearing is confirmed', async () => {
    const f = await meterOnHub(hub, room, { id: 'fay', role: 'facilitator' });
    await press(button(f.meter, /Clear all/));
    await waitForFocus(
      f.meter,
      (el) => el.classList.contains('primary') && /Clear all/.test(el.textContent ?? ''),
      'focus on the confirming Clear all',
    );
    expect(shadowText(f.meter)).to.match(/Clear every state/);
    await sendKeys({ press: 'Enter' });
    await waitForFocus(
      f.meter,
      (el) => !el.classList.contains('primary') && /Clear all/.test(el.textContent ?? ''),
      'focus back on Clear all',
    );
    await waitUntil(() => /All signals cleared/.test(spoken(f.meter)), `confirmed; said: ${spoken(f.meter)}`, { timeout: 8000 });
  });
});
