// The producer console's table of people as staff meet it (decisions §48): language, last activity
// and the widgets each person took part in, from their own page's connection report; every column
// sorts, the filter finds people by name, language or widget; 2,000 people keep the DOM small.
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/components/help-button/define.js';
import '../../src/components/producer-console/define.js';
import '../../src/components/pulse-poll/define.js';
import type { PkHelpButton } from '../../src/components/help-button/pk-help-button.js';
import type { PkProducerConsole } from '../../src/components/producer-console/pk-producer-console.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { helpModel } from '../../src/components/help-button/help-model.js';
import { statusModel } from '../../src/components/help-button/status-model.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { HubMember } from '../../src/core/transports/memory-hub.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { shadowText, uniqueRoom, widgetOnHub } from '../support.js';
import { ignoreResizeObserverNotice, untilVisible } from '../discussion-thread/thread-support.js';

const until = (cond: () => boolean, what: string, timeout = 10000) => waitUntil(cond, what, { timeout });
/** The rows in the DOM, in table order (a virtualizer may keep them in another DOM order). */
const rows = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="rowgroup"].rows [role="row"]')].sort(
    (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
  );
const rowOf = (el: Element, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[role="row"][data-id="${id}"]`);
const cells = (row: HTMLElement | null) => [...(row?.querySelectorAll('[role="cell"]') ?? [])].map((c) => c.textContent!.trim());
const header = (el: Element, column: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-sort="${column}"]`)!;
const filterBy = (el: Element, text: string) => {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
};
const poll = (id: string, anonymous: boolean) =>
  html`<pk-pulse-poll poll-id=${id} question="Ready?" anonymous=${String(anonymous)}><option value="y">Yes</option></pk-pulse-poll>`;

/** Pria's console, as a producer on the hub. */
const producerConsole = async (hub: MemoryHub, room: string) =>
  (
    await widgetOnHub<PkProducerConsole>(
      hub,
      room,
      { id: 'pro', name: 'Pria', role: 'producer' },
      html`<pk-producer-console></pk-producer-console>`,
      'pk-producer-console',
    )
  ).el;

describe('the producer console lists the room', function () {
  this.timeout(90000);

  it("shows each person's language, last activity and the widgets they took part in, never an anonymous vote", async () => {
    const hub = new MemoryHub({ models: [helpModel, statusModel] });
    const room = uniqueRoom('columns');
    const { session } = await widgetOnHub<PkHelpButton>(
      hub,
      room,
      { id: 'ana', name: 'Ana' },
      html`${poll('named', false)}${poll('secret', true)}<pk-help-button></pk-help-button>`,
      'pk-help-button',
    );
    const { el: ben } = await widgetOnHub<PkHelpButton>(
      hub,
      room,
      { id: 'ben', name: 'Ben' },
      html`<pk-help-button report-status></pk-help-button>`,
      'pk-help-button',
    );
    const pro = await producerConsole(hub, room);
    for (const p of session.querySelectorAll<PkPulsePoll>('pk-pulse-poll')) await p.vote(['y']);
    await until(() => session.session!.queued === 0, 'both votes accepted');
    const before = Date.now();
    // Ana's page reports from now on (the host opts in): her first report carries what she did.
    session.querySelector<PkHelpButton>('pk-help-button')!.reportStatus = true;

    await until(() => /named/.test(cells(rowOf(pro, 'ana')).join('|')), `Ana's row: ${cells(rowOf(pro, 'ana'))}`);
    const [name, role, language, connection, queued, active, widgets] = cells(rowOf(pro, 'ana'));
    expect([name, role, connection, queued]).to.deep.equal(['Ana', 'Participant', 'open · memory', '0']);
    expect(language).to.match(/^en(-[A-Z]+)?$/);
    expect(active, 'the time of her last vote').to.match(/\d{1,2}:\d{2}/);
    expect(widgets, 'the named poll, never the anonymous one').to.equal('poll:named');
    expect(Date.now() - before).to.be.below(10000);
    await until(() => cells(rowOf(pro, 'ben'))[3] === 'open · memory', 'Ben reports too');
    expect(cells(rowOf(pro, 'ben'))[5], 'Ben did nothing yet').to.equal('');

    // Sorting by a column heading, then the other way; aria-sort says which.
    header(pro, 'active').click();
    await until(() => rows(pro)[0]?.dataset.id === 'ana', 'by activity: Ana (the only one active) first');
    expect(header(pro, 'active').parentElement!.getAttribute('aria-sort')).to.equal('ascending');
    expect(header(pro, 'name').parentElement!.getAttribute('aria-sort')).to.equal('none');
    header(pro, 'role').click();
    await until(() => rows(pro)[0]?.dataset.id === 'pro', 'by role: the producer first');
    header(pro, 'role').click();
    await until(() => rows(pro)[0]?.dataset.id !== 'pro' && rows(pro).at(-1)?.dataset.id === 'pro', 'by role, the other way');
    expect(pro.sort).to.equal('-role');
    expect(header(pro, 'role').parentElement!.getAttribute('aria-sort')).to.equal('descending');

    // The filter finds people by a widget they took part in, or by language.
    filterBy(pro, 'POLL:NAMED');
    await until(
      () =>
        rows(pro)
          .map((r) => r.dataset.id)
          .join() === 'ana',
      'only Ana took part in poll:named',
    );
    filterBy(pro, 'poll:secret');
    await until(() => rows(pro).length === 0, 'nobody is listed for the anonymous poll');
    filterBy(pro, '');
    await until(() => rows(pro).length === 3, 'everyone again');
    expect(shadowText(ben)).to.not.match(/poll:named/);
  });

  it('2,000 people: the DOM keeps a few dozen rows, renders are throttled, and scrolling reaches the last person', async () => {
    ignoreResizeObserverNotice();
    // A virtualized list lays out in animation frames, which only the page in front gets.
    await executeServerCommand('bring-to-front');
    await untilVisible();
    const hub = new MemoryHub({ models: [helpModel, statusModel] });
    const room = uniqueRoom('class');
    const pro = await producerConsole(hub, room);
    const start = performance.now();
    const firedBefore = pro.throttle.fired;
    const now = Date.now();
    for (let i = 0; i < 2000; i++) {
      const identity: Actor = { id: `p${i}`, name: `Person ${String(i).padStart(4, '0')}`, role: 'participant' };
      const member: HubMember = { identity, topicAdvanced: () => {}, presenceChanged: () => {} };
      const link = hub.attach(room, member);
      link.setPresent(true);
      const data = {
        state: i % 50 ? 'open' : 'connecting',
        transport: 'websocket',
        queued: i % 7,
        language: i % 2 ? 'de' : 'ja',
        active: now - i,
        widgets: [`poll:q${i % 3}`],
      };
      const [ack] = link.apply(
        [{ opId: `op-report-${i}-xx`, clientId: identity.id, topic: 'status:room', type: 'report', data, createdAt: now }],
        4096,
      );
      expect(ack!.status).to.equal('applied');
    }
    await until(() => /2,001 people present/.test(shadowText(pro)), 'the console counts the class', 30000);
    await until(() => pro.ctl.status?.state.count === 2000, 'every report reaches the console', 30000);
    await until(() => rowOf(pro, 'p1999') !== null || rows(pro).length > 0, 'rows render');
    const table = pro.shadowRoot!.querySelector('[role="table"]')!;
    await until(() => table.getAttribute('aria-rowcount') === '2002', 'every person counted in the table');
    const inDom = () => pro.shadowRoot!.querySelectorAll('[role="row"]').length;
    // The first 200 rows at once, then the virtualizer (a chunk of its own) keeps only those in view.
    await until(() => inDom() > 1 && inDom() < 120, `the virtualizer renders a few rows (${inDom()} in the DOM)`);
    const seconds = (performance.now() - start) / 1000;
    expect(pro.throttle.fired - firedBefore, `renders in ${seconds.toFixed(1)} s`).to.be.at.most(Math.ceil(seconds) + 2);

    // Scrolling the list to its end brings the last people in, still a bounded number of rows.
    const scroller = pro.shadowRoot!.querySelector<HTMLElement>('.rows')!;
    // Another file's tab may have taken the front meanwhile: without frames the virtualizer stands still.
    await executeServerCommand('bring-to-front');
    await untilVisible();
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => rowOf(pro, 'p1999') !== null, 'the last person by name is rendered at the end', 15000);
    expect(inDom()).to.be.below(120);
    // Sorted by trouble: people reconnecting come before those connected.
    header(pro, 'connection').click();
    await pro.updateComplete;
    await executeServerCommand('bring-to-front');
    await untilVisible();
    // Back to the top (again while the virtualizer lays out the new order, which may keep its place).
    await until(
      () => {
        scroller.scrollTop = 0;
        return rows(pro)[0]?.getAttribute('aria-rowindex') === '2' && cells(rows(pro)[0]!)[3] === 'connecting · websocket';
      },
      'reconnecting first',
      20000,
    ).catch((err: Error) => {
      const seen = rows(pro)
        .slice(0, 3)
        .map((r) => `${r.getAttribute('aria-rowindex')} ${cells(r).join('|')}`);
      throw new Error(
        `${err.message}: ${seen.join(' / ')}; status ${pro.ctl.status?.state.count}; visible ${document.visibilityState}; top ${scroller.scrollTop}`,
      );
    });
    filterBy(pro, 'poll:q1');
    await until(() => table.getAttribute('aria-rowcount') === String(667 + 1), 'a third of the class took part in poll:q1');
  });
});
