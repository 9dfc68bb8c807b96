// Whole pages with the poll and the meter, host and widgets together, in every role (#13 item 5):
// axe (wcag2a, 2aa, 21aa, 22aa) on the document, 24 px targets at 100 % and 200 % text, and pressed
// states and result bars in forced colours (Chromium's emulation, set through DevTools).
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PkEngagementMeter } from '../src/components/engagement-meter/pk-engagement-meter.js';
import { meterModel } from '../src/components/engagement-meter/meter-model.js';
import type { PkPulsePoll } from '../src/components/pulse-poll/pk-pulse-poll.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';
import type { SessionClient } from '../src/core/client/session-client.js';
import type { Role } from '../src/core/protocol/wire.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import { expectPageAccessible } from './axe-page.js';
import { button, clientOnHub, mount, uniqueRoom, waitForText } from './support.js';

const ROLES: Role[] = ['participant', 'facilitator', 'producer'];
const config = {
  question: 'Pick',
  kind: 'single',
  options: [
    { value: 'a', label: 'Alpha' },
    { value: 'b', label: 'Bravo' },
  ],
  allowChange: true,
  anonymous: true,
  results: 'live',
};

/** A page: a heading, a poll and a meter in a <pk-session user-role>, at `fontSize` of the browser's text. */
async function page(hub: MemoryHub, room: string, role: Role, fontSize = '100%') {
  const root = await mount<HTMLElement>(html`<main style="font-size: ${fontSize}" lang="en">
    <h1>Session</h1>
    <pk-session room=${room} user-role=${role} participant-id=${`${role}-1`} participant-name="Sam" .transport=${new MemoryTransport(hub)}>
      <pk-pulse-poll poll-id="q" question="Pick" allow-change><option value="a">Alpha</option><option value="b">Bravo</option></pk-pulse-poll>
      <pk-engagement-meter meter-id="m" min-group="1"></pk-engagement-meter>
    </pk-session>
  </main>`);
  const poll = root.querySelector('pk-pulse-poll') as PkPulsePoll;
  const meter = root.querySelector('pk-engagement-meter') as PkEngagementMeter;
  await waitUntil(() => poll.ctl.handle?.loaded && meter.ctl.handle?.loaded, 'widgets load');
  if (role !== 'participant') {
    await waitUntil(() => poll.shadowRoot!.querySelector('[part~=controls]'), 'poll controls');
    // The pulse shows once presence is reported: the hand queue, the shares, the pause toggle.
    await waitForText(meter, /Raised hands \(1\)/);
    await waitUntil(
      () => [...meter.shadowRoot!.querySelectorAll('button')].some((b) => /Pause live numbers/.test(b.textContent ?? '')),
      'the pulse',
    );
  }
  return { root, poll, meter };
}

/** Others in the room: votes, states, a raised hand and a timer, so every part of the views shows. */
async function busyRoom(hub: MemoryHub, room: string): Promise<SessionClient[]> {
  const fac = clientOnHub(hub, room, 'fay', 'facilitator');
  await fac.topic('poll:q', pollModel).send('open', { config, seconds: null });
  await fac.topic('poll:q', pollModel).send('timer', { seconds: 600, moreTime: 30 });
  const people = ['p1', 'p2', 'p3'].map((id) => clientOnHub(hub, room, id));
  await people[0]!.topic('poll:q', pollModel).send('vote', { round: 1, choices: ['a'] });
  await people[1]!.topic('meter:m', meterModel).send('state', { state: 'confused' });
  await people[2]!.topic('meter:m', meterModel).send('hand', { raised: true });
  return [fac, ...people];
}

const shadowAll = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

describe('whole pages with the poll and the meter, in every role', () => {
  let hub: MemoryHub;
  let room: string;
  let clients: SessionClient[] = [];
  beforeEach(async () => {
    hub = new MemoryHub();
    room = uniqueRoom('pages');
    clients = await busyRoom(hub, room);
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  for (const role of ROLES) {
    it(`${role}: axe finds no WCAG 2.2 A/AA violation on the page, before and after acting`, async () => {
      const { poll, meter } = await page(hub, room, role);
      const check = async (when: string) => {
        try {
          await expectPageAccessible();
        } catch (err) {
          throw new Error(`${role}, ${when}: ${(err as Error).message}`, { cause: err });
        }
      };
      await check('first view');
      if (role === 'participant') {
        await poll.vote(['b']);
        await meter.raiseHand(true);
        await waitForText(meter, /Your hand is raised/);
      } else {
        button(meter, /Pause live numbers/).click();
        button(poll, /Reveal results/).click();
        await waitUntil(() => poll.pollState.revealed, 'revealed');
      }
      await poll.updateComplete;
      await meter.updateComplete;
      await check('after acting');
    });
  }

  for (const fontSize of ['100%', '200%']) {
    for (const role of ROLES) {
      it(`${role} at ${fontSize} text: every interactive target is at least 24 by 24 px`, async () => {
        const { poll, meter } = await page(hub, room, role, fontSize);
        const small: string[] = [];
        for (const el of [poll, meter]) {
          for (const t of shadowAll(el, 'button, select, input[type=text], label.choice')) {
            const r = t.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue; // not rendered (a visually hidden label's input)
            if (r.width < 24 || r.height < 24)
              small.push(`<${el.localName}> ${t.localName} "${t.textContent?.trim()}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
          }
        }
        expect(small).to.deep.equal([]);
      });
    }
  }

  describe('forced colours', () => {
    before(() => executeServerCommand('forced-colors', { value: 'active' }));
    after(() => executeServerCommand('forced-colors', { value: 'none' }));

    /** The colour `Highlight` resolves to here. */
    const highlight = (): string => {
      const probe = document.createElement('div');
      probe.style.cssText = 'forced-color-adjust: none; background: Highlight';
      document.body.append(probe);
      const c = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return c;
    };

    it('pressed toggles and result bars are drawn in system colours, distinct from unpressed ones', async () => {
      await waitUntil(() => matchMedia('(forced-colors: active)').matches, 'forced colours are on');
      const f = await page(hub, room, 'facilitator');
      const p = await page(hub, room, 'participant');
      const hl = highlight();
      // Poll: pause (pressed) beside reveal (not pressed); result bars.
      const pause = button(f.poll, /Pause live results/);
      pause.click();
      await waitUntil(() => pause.getAttribute('aria-pressed') === 'true', 'paused');
      const reveal = button(f.poll, /Reveal results/);
      expect(getComputedStyle(pause).backgroundColor, 'pressed toggle').to.equal(hl);
      expect(getComputedStyle(reveal).backgroundColor, 'unpressed toggle').to.not.equal(hl);
      const bar = f.poll.shadowRoot!.querySelector('[part~=bar]')!;
      expect(getComputedStyle(bar, '::before').backgroundColor, 'poll result bar').to.equal(hl);
      // Meter: the facilitator's bars; the participant's pressed state.
      await waitUntil(() => f.meter.shadowRoot!.querySelector('[part~=bar]'), 'meter bars');
      const meterBar = f.meter.shadowRoot!.querySelector('[part~=bar]')!;
      expect(getComputedStyle(meterBar, '::before').backgroundColor, 'meter bar').to.equal(hl);
      await p.meter.setState('confused');
      const pressed = await waitUntil(() => p.meter.shadowRoot!.querySelector('[aria-pressed=true]'), 'pressed state').then(() =>
        p.meter.shadowRoot!.querySelector<HTMLElement>('[aria-pressed=true]')!,
      );
      expect(getComputedStyle(pressed).backgroundColor, 'meter pressed state').to.equal(hl);
      // Poll: the selected choice keeps an outline (its inset shadow is dropped).
      const choice = p.poll.shadowRoot!.querySelector<HTMLInputElement>('input[value=b]')!;
      choice.click();
      await p.poll.updateComplete;
      const label = choice.closest('label')!;
      expect(getComputedStyle(label).outlineStyle, 'selected choice outlined').to.equal('solid');
    });
  });
});
