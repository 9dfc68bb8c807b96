// The tech-help flow as people meet it, through real sessions on one MemoryHub: a participant asks
// through <pk-help-button> (diagnostics only with consent), a producer works the request in
// <pk-producer-console> and replies, the participant sees it; another participant never sees it;
// a participant's console shows the notice only. Plus the same model on the local transport.
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/components/help-button/define.js';
import '../../src/components/producer-console/define.js';
import type { PkHelpButton } from '../../src/components/help-button/pk-help-button.js';
import type { PkProducerConsole } from '../../src/components/producer-console/pk-producer-console.js';
import { helpModel } from '../../src/components/help-button/help-model.js';
import { browserFamily } from '../../src/components/help-button/help-diagnostics.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import type { Ack, Role } from '../../src/core/protocol/wire.js';
import { expectPageAccessible } from '../axe-page.js';
import { shadowText, uniqueRoom, widgetOnHub } from '../support.js';

const helpButton = html`<pk-help-button></pk-help-button>`;
const reportingButton = html`<pk-help-button report-status></pk-help-button>`;
const console_ = html`<pk-producer-console></pk-producer-console>`;

const text = (el: Element) => shadowText(el);
const until = (cond: () => boolean, what: string) => waitUntil(cond, what, { timeout: 8000 });
/** The refusal in an ack, if any. */
const errorOf = (a: Ack) => ('error' in a ? a.error : undefined);
/** An operation as a page would put it on the wire. */
const forged = (clientId: string, type: string, data: unknown) => ({
  opId: `op-${clientId}-${type}-${Math.random().toString(36).slice(2, 10)}`,
  clientId,
  topic: 'help:room',
  type,
  data,
  createdAt: Date.now(),
});
const q = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

/** Opens the dialog, picks a kind, types a text, ticks consent (or not), sends. */
async function ask(button: PkHelpButton, kind: string, words: string, consent: boolean) {
  q(button, '[part="button"]').click();
  await until(() => q<HTMLDialogElement>(button, 'dialog').open, 'dialog opens');
  q<HTMLInputElement>(button, `input[value="${kind}"]`).click();
  q<HTMLTextAreaElement>(button, 'textarea').value = words;
  if (consent) q<HTMLInputElement>(button, 'input[name="consent"]').click();
  q<HTMLButtonElement>(button, 'button[type="submit"]').click();
  await until(() => button.handle!.pending.length === 0 && button.request !== null, 'the request is accepted');
}

describe('browser family in diagnostics', () => {
  it('names the family of real user-agent strings, never more', () => {
    const cases: Array<[string, string]> = [
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', 'chrome'],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
        'edge',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'firefox'],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', 'safari'],
      [
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
        'samsung',
      ],
      ['Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 OPR/120.0.0.0', 'opera'],
      ['curl/8.0', 'other'],
    ];
    for (const [ua, family] of cases) expect(browserFamily(ua), ua).to.equal(family);
  });
});

describe('tech-help requests, two people on one hub', () => {
  it('a participant asks with consent, a producer acknowledges, walks the checklist and replies, the participant sees it; nobody else does', async () => {
    const hub = new MemoryHub({ models: [helpModel] });
    const room = uniqueRoom('help');
    const { el: ana } = await widgetOnHub<PkHelpButton>(hub, room, { id: 'ana', name: 'Ana' }, reportingButton, 'pk-help-button');
    const { el: ben } = await widgetOnHub<PkHelpButton>(hub, room, { id: 'ben', name: 'Ben' }, helpButton, 'pk-help-button');
    const { el: pro } = await widgetOnHub<PkProducerConsole>(
      hub,
      room,
      { id: 'pro', name: 'Pria', role: 'producer' },
      console_,
      'pk-producer-console',
    );

    // The consent box shows what would be shared before anything is sent.
    q(ana, '[part="button"]').click();
    await until(() => q<HTMLDialogElement>(ana, 'dialog').open, 'dialog opens');
    expect(text(ana)).to.match(/Connection type\s*memory/);
    expect(q(ana, 'dialog').contains(ana.shadowRoot!.activeElement), 'focus is inside the dialog').to.equal(true);
    // Keys go to the page in front: another file's page may be there when files run side by side.
    await executeServerCommand('bring-to-front');
    await sendKeys({ press: 'Escape' });
    await until(() => !q<HTMLDialogElement>(ana, 'dialog').open, 'Escape closes');
    expect(ana.shadowRoot!.activeElement).to.equal(q(ana, '[part="button"]'));

    await ask(ana, 'cant_hear', 'No sound since the break', true);
    await ask(ben, 'cant_see_screen', '', false);
    await until(() => pro.requests.length === 2, 'the producer sees both requests');
    await until(
      () => /No sound since the break/.test(text(pro)) && /No connection details shared/.test(text(pro)),
      `queue shows: ${text(pro)}`,
    );
    expect(pro.requests[0]!.diagnostics).to.include({ transport: 'memory', state: 'open', browser: browserFamily(navigator.userAgent) });
    expect(pro.requests[1]!.diagnostics).to.equal(null);
    // The people present, with their role, language and connection (Ana's page reports them, Ben's does not) and whether they asked.
    await until(
      () =>
        /Ana\s*Participant\s*en(-[A-Z]+)?\s*open · memory\s*0\s*Waiting/.test(text(pro)) &&
        /Ben\s*Participant\s*Not reported/.test(text(pro)),
      `health: ${text(pro)}`,
    );

    const article = () => q(pro, `[data-request="${ana.request!.id}"]`);
    article().querySelector<HTMLButtonElement>('[data-act="ack"]')!.click();
    await until(() => /Pria is looking into it/.test(text(ana)), `Ana sees who handles it: ${text(ana)}`);
    article().querySelector<HTMLInputElement>('[data-step="identify"]')!.click();
    const input = article().querySelector<HTMLInputElement>('input[name="text"]')!;
    input.value = 'Please reload the page.';
    article().querySelector<HTMLButtonElement>('[data-act="reply"]')!.click();
    await until(() => ana.request!.replies.length === 1, 'the reply reaches Ana');
    await until(() => /Reply from Pria: Please reload the page\./.test(text(ana)), `Ana reads it: ${text(ana)}`);
    expect(pro.requests[0]!.steps.identify).to.be.a('number');
    article().querySelector<HTMLButtonElement>('[data-act="resolve"]')!.click();
    await until(() => ana.request!.status === 'resolved', 'resolved reaches Ana');
    // Announced politely (the live region speaks the latest change once its throttle allows).
    const spoken = () => q(ana, '[role="status"][aria-live="polite"]').textContent ?? '';
    await waitUntil(() => spoken().includes('Marked as resolved.'), `announced: "${spoken()}"`, { timeout: 15000 });

    // Ben's page holds nothing of Ana's request, and his own is untouched.
    expect(ben.handle!.state.requests.map((r) => r.who.id)).to.deep.equal(['ben']);
    expect(JSON.stringify(ben.handle!.state)).not.to.match(/No sound|reload|Ana/);
  });

  it('a participant cannot forge staff operations through the page, and their console shows only the notice', async () => {
    const hub = new MemoryHub({ models: [helpModel] });
    const room = uniqueRoom('help');
    const { el: ana } = await widgetOnHub<PkHelpButton>(hub, room, { id: 'ana', name: 'Ana' }, reportingButton, 'pk-help-button');
    await ask(ana, 'other', 'Video frozen', false);
    const { el: ben } = await widgetOnHub<PkProducerConsole>(hub, room, { id: 'ben', name: 'Ben' }, console_, 'pk-producer-console');
    await until(() => /This console is for facilitators and producers\./.test(text(ben)), 'notice');
    expect(text(ben)).not.to.match(/Video frozen|Help requests/);
    expect(ben.requests).to.deep.equal([]);
    // Straight to the authority, past the view and its pre-check: refused, with a clear message.
    const wire = new MemoryTransport(hub);
    await wire.connect({ room, identity: { id: 'ben', name: 'Ben', role: 'participant' } });
    const [ack] = await wire.send([forged('ben', 'resolve', { id: ana.request!.id })]);
    expect(ack!.status).to.equal('rejected');
    expect(errorOf(ack!)).to.include({ code: 'forbidden', message: 'Only a facilitator or producer can resolve a help request.' });
    // Nor does the connection health of anyone else reach a participant.
    const health = await wire.fetch('status:room', 0);
    expect(health.events.length, 'Ana reported her connection').to.be.greaterThan(0);
    expect(health.events.every((e) => e.type === 'hidden')).to.equal(true);
    await wire.close();
    expect(ana.request!.status).to.equal('open');
  });

  it('works on the local transport too: the embedded authority refuses forgeries and projects per viewer', async () => {
    const room = uniqueRoom('help-local');
    const as = async (id: string, role: Role = 'participant') => {
      const t = new LocalTransport({ models: [helpModel] });
      await t.connect({ room, identity: { id, name: id, role } });
      return t;
    };
    const lia = await as('lia');
    const max = await as('max');
    const [asked] = await lia.send([
      forged('lia', 'ask', {
        kind: 'cant_hear',
        text: 'No sound here',
        diagnostics: { state: 'open', transport: 'local', queued: 0, language: 'en', browser: 'chrome' },
      }),
    ]);
    expect(asked!.status).to.equal('applied');
    const [reply] = await max.send([forged('max', 'reply', { id: asked!.opId, text: 'forged' })]);
    expect(errorOf(reply!)?.code).to.equal('forbidden');
    const [withdraw] = await max.send([forged('max', 'withdraw', { id: asked!.opId })]);
    expect(errorOf(withdraw!)?.code).to.equal('forbidden');
    const seen = await max.fetch('help:room', 0);
    expect(seen.events.map((e) => e.type)).to.deep.equal(['hidden']);
    expect(JSON.stringify(seen)).not.to.match(/No sound|actor|chrome/);
    const staff = await as('sam', 'producer');
    expect((await staff.fetch('help:room', 0)).events[0]!.data).to.include({ text: 'No sound here' });
    await Promise.all([lia.close(), max.close(), staff.close()]);
  });

  it('every state of both elements is accessible as a whole page', async () => {
    const hub = new MemoryHub({ models: [helpModel] });
    const room = uniqueRoom('help');
    const { el: ana } = await widgetOnHub<PkHelpButton>(hub, room, { id: 'ana', name: 'Ana' }, helpButton, 'pk-help-button');
    q(ana, '[part="button"]').click();
    await until(() => q<HTMLDialogElement>(ana, 'dialog').open, 'dialog opens');
    await expectPageAccessible();
    q<HTMLButtonElement>(ana, '.head button').click();
    await ask(ana, 'cant_hear', 'No sound', true);
    await expectPageAccessible();
    const { el: pro } = await widgetOnHub<PkProducerConsole>(
      hub,
      room,
      { id: 'fay', name: 'Fay', role: 'facilitator' },
      console_,
      'pk-producer-console',
    );
    await until(() => /No sound/.test(text(pro)), 'queue');
    await expectPageAccessible();
  });
});
