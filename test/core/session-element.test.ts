// <pk-session>: which session widgets get, rebuilding on input changes, bad inputs, events.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { defaultSession } from '../../src/core/client/default-session.js';
import type { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { quietFor } from '../quiet.mjs';
import { mount, shadowText, uniqueRoom, waitForText } from '../support.js';

const sessionOf = (poll: PkPulsePoll): SessionClient | null => (poll as unknown as { ctl: { session: SessionClient | null } }).ctl.session;

const pendingOf = (poll: PkPulsePoll): number =>
  (poll as unknown as { ctl: { handle: { pending: unknown[] } | null } }).ctl.handle?.pending.length ?? -1;

let pollN = 0;
const freshId = () => `se-${Date.now().toString(36)}-${pollN++}`;
const poll = (id = freshId()) =>
  html`<pk-pulse-poll poll-id=${id} question="Pick one"><option value="a">Alpha</option><option value="b">Bravo</option></pk-pulse-poll>`;

/** Records console output of one level while `fn` runs. */
async function capture(level: 'warn' | 'error', fn: () => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  const orig = console[level];
  console[level] = (...a: unknown[]) => void out.push(a.map(String).join(' '));
  try {
    await fn();
  } finally {
    console[level] = orig;
  }
  return out;
}

describe('<pk-session>', () => {
  it('widgets inside get that session; a second widget shares it', async () => {
    const hub = new MemoryHub();
    const transport = new MemoryTransport(hub);
    const el = await fixture<PkSession>(
      html`<pk-session room=${uniqueRoom()} .transport=${transport}>${poll()}<div>${poll()}</div></pk-session>`,
    );
    const [p1, p2] = [...el.querySelectorAll('pk-pulse-poll')] as PkPulsePoll[];
    await waitUntil(() => sessionOf(p1) !== null && sessionOf(p2) !== null, 'widgets bind');
    expect(el.session).to.be.ok;
    expect(sessionOf(p1)).to.equal(el.session);
    expect(sessionOf(p2)).to.equal(el.session);
    expect(el.session!.transport).to.equal(transport);
    expect(sessionOf(p1)).to.not.equal(defaultSession());
  });

  it('widgets outside any session use the default local session, one for all of them', async () => {
    const wrap = await mount(html`<div>${poll()}<section>${poll()}</section></div>`);
    const [p1, p2] = [...wrap.querySelectorAll('pk-pulse-poll')] as PkPulsePoll[];
    await waitUntil(() => sessionOf(p1) !== null && sessionOf(p2) !== null, 'widgets bind');
    expect(sessionOf(p1)).to.equal(sessionOf(p2));
    expect(sessionOf(p1)).to.equal(defaultSession());
    expect(sessionOf(p1)!.room).to.equal('default');
    expect(sessionOf(p1)!.transport).to.be.instanceOf(LocalTransport);
    // And it works: a vote is recorded locally.
    await p1.vote(['b']);
    await waitForText(p1, /Your vote: Bravo/);
  });

  it('changing room builds a new session; the widget follows it and shows that room’s state', async () => {
    const roomA = uniqueRoom('a');
    const roomB = uniqueRoom('b');
    const el = await fixture<PkSession>(html`<pk-session room=${roomA} participant-id="pat">${poll('rooms')}</pk-session>`);
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => sessionOf(p) === el.session && el.session?.status === 'open', 'bound and open');
    const first = el.session!;
    await p.vote(['a']);
    await waitForText(p, /Your vote: Alpha/);

    el.room = roomB;
    await el.updateComplete;
    const second = el.session!;
    expect(second).to.not.equal(first);
    expect(second.room).to.equal(roomB);
    await waitUntil(() => sessionOf(p) === second, 'the widget moves to the new session');
    await waitUntil(() => first.status === 'closed', 'the old session is closed');
    await waitUntil(() => p.pollState.responded === 0 && !!p.shadowRoot!.querySelector('button[type=submit]'), 'room B has no vote yet');
    expect(shadowText(p)).to.not.match(/Your vote/);

    el.setAttribute('room', roomA);
    await el.updateComplete;
    await waitUntil(() => sessionOf(p) === el.session && el.session!.room === roomA);
    await waitForText(p, /Your vote: Alpha/);
  });

  // A transport serves one session (its `closed` state is final, docs/transport.md). Changing only
  // the room while keeping a host-supplied transport cannot work, so the element says what to do.
  it('changing only room while a host-supplied transport is set logs what to do instead', async () => {
    const hub = new MemoryHub();
    const el = await fixture<PkSession>(
      html`<pk-session room=${uniqueRoom('ta')} participant-id="pat" .transport=${new MemoryTransport(hub)}>${poll('t')}</pk-session>`,
    );
    await waitUntil(() => el.session?.status === 'open');
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(' '));
    try {
      el.room = uniqueRoom('tb');
      await el.updateComplete;
    } finally {
      console.error = orig;
    }
    expect(
      errors.some((e) => /set a new `transport`/.test(e)),
      errors.join('\n'),
    ).to.equal(true);
  });

  it('changing room together with a new transport moves the widget to the new room on that transport', async () => {
    const hub = new MemoryHub();
    const roomA = uniqueRoom('ta');
    const roomB = uniqueRoom('tb');
    const tA = new MemoryTransport(hub);
    const el = await fixture<PkSession>(html`<pk-session room=${roomA} participant-id="pat" .transport=${tA}>${poll('t')}</pk-session>`);
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => sessionOf(p) === el.session && tA.status === 'open');
    await p.vote(['a']);
    await waitForText(p, /Your vote: Alpha/);

    const tB = new MemoryTransport(hub);
    el.room = roomB;
    el.transport = tB;
    await el.updateComplete;
    expect(el.session!.transport).to.equal(tB);
    await waitUntil(() => sessionOf(p) === el.session && tB.status === 'open', 'the widget is on the new transport');
    expect(tA.status, 'the old transport is closed').to.equal('closed');
    await waitUntil(() => !!p.shadowRoot!.querySelector('button[type=submit]'), 'room B: not voted yet');
    await p.vote(['b']);
    await waitForText(p, /Your vote: Bravo/);
    expect(p.pollState.tally).to.deep.equal({ b: 1 });
  });

  it('changing role rebuilds the session with the new role: facilitator controls appear', async () => {
    const el = await fixture<PkSession>(html`<pk-session room=${uniqueRoom()} participant-id="fay">${poll()}</pk-session>`);
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => sessionOf(p) === el.session);
    expect(p.shadowRoot!.querySelector('[part~=controls]')).to.not.exist;
    el.setAttribute('user-role', 'facilitator');
    await waitUntil(() => sessionOf(p)?.identity.role === 'facilitator', 'new session as facilitator');
    await waitUntil(() => !!p.shadowRoot!.querySelector('[part~=controls]'), 'controls shown');
  });

  it('a role that is not a role falls back to participant, with a warning', async () => {
    let el!: PkSession;
    const warnings = await capture('warn', async () => {
      el = await fixture<PkSession>(html`<pk-session room=${uniqueRoom()} user-role="admin">${poll()}</pk-session>`);
    });
    expect(
      warnings.some((w) => /user-role="admin"/.test(w) && /participant/.test(w)),
      warnings.join('\n'),
    ).to.equal(true);
    expect(el.session!.identity.role).to.equal('participant');
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => sessionOf(p) === el.session);
    await p.updateComplete;
    expect(p.shadowRoot!.querySelector('[part~=controls]'), 'no facilitator controls').to.not.exist;

    // The valid roles are taken as given, silently.
    const ok = await capture('warn', async () => {
      const f = await fixture<PkSession>(html`<pk-session room=${uniqueRoom()} user-role="producer"></pk-session>`);
      expect(f.session!.identity.role).to.equal('producer');
    });
    expect(ok.filter((w) => /role=/.test(w))).to.deep.equal([]);
  });

  it("user-role, not ARIA's role: the page passes axe's aria-roles rule; the old role attribute still works with an error naming user-role", async () => {
    const el = await fixture<PkSession>(
      html`<pk-session room=${uniqueRoom()} user-role="facilitator" participant-id="fay">${poll()}</pk-session>`,
    );
    expect(el.session!.identity.role).to.equal('facilitator');
    expect(el.userRole).to.equal('facilitator');
    expect(el.hasAttribute('role'), 'no ARIA role on the provider').to.equal(false);
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => !!p.shadowRoot!.querySelector('[part~=controls]'), 'facilitator controls');
    await expect(el).to.be.accessible();

    let legacy!: PkSession;
    const errors = await capture('error', async () => {
      legacy = await fixture<PkSession>(html`<pk-session room=${uniqueRoom()} role="producer"></pk-session>`);
    });
    expect(legacy.session!.identity.role, 'the old attribute still works').to.equal('producer');
    expect(
      errors.filter((e) => /role="producer"/.test(e) && /user-role="producer"/.test(e)),
      errors.join('\n'),
    ).to.have.length(1);
  });

  it('an endpoint with no network transport loaded logs an error and still works locally', async () => {
    let el!: PkSession;
    const errors = await capture('error', async () => {
      el = await fixture<PkSession>(
        html`<pk-session room=${uniqueRoom()} endpoint="https://pulse.example.test/api">${poll('ep')}</pk-session>`,
      );
    });
    expect(
      errors.some((e) => e.includes('https://pulse.example.test/api') && /no network transport/.test(e)),
      errors.join('\n'),
    ).to.equal(true);
    expect(el.session!.transport).to.be.instanceOf(LocalTransport);
    const p = el.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => sessionOf(p) === el.session && el.session!.status === 'open', 'local session open');
    await p.vote(['a']);
    await waitForText(p, /Your vote: Alpha/);
    await waitUntil(() => pendingOf(p) === 0 && p.pollState.responded === 1, 'the vote is confirmed by the local authority');
  });

  it('fires pk-session-change (bubbling, composed) with the new session, on connect and on each rebuild', async () => {
    const events: Array<CustomEvent<{ session: SessionClient }>> = [];
    const onChange = (e: Event) => void events.push(e as CustomEvent<{ session: SessionClient }>);
    document.addEventListener('pk-session-change', onChange);
    try {
      const el = await fixture<PkSession>(html`<pk-session room=${uniqueRoom()}></pk-session>`);
      expect(events.length).to.equal(1);
      expect(events[0].target).to.equal(el);
      expect(events[0].bubbles && events[0].composed).to.equal(true);
      expect(events[0].detail.session).to.equal(el.session);

      el.participantName = 'Ana';
      await el.updateComplete;
      expect(events.length).to.equal(2);
      expect(events[1].detail.session).to.equal(el.session);
      expect(el.session!.identity.name).to.equal('Ana');

      // A re-render with nothing changed does not rebuild.
      el.requestUpdate();
      await el.updateComplete;
      el.room = String(el.room); // the same value, set again
      await el.updateComplete;
      expect(events.length).to.equal(2);
    } finally {
      document.removeEventListener('pk-session-change', onChange);
    }
  });

  it('removing the element closes its session; moving it keeps the session', async () => {
    const hub = new MemoryHub();
    const transport = new MemoryTransport(hub);
    const wrap = await mount<HTMLElement>(
      html`<div><pk-session room=${uniqueRoom()} .transport=${transport}>${poll()}</pk-session><section></section></div>`,
    );
    const el = wrap.querySelector('pk-session') as PkSession;
    await waitUntil(() => transport.status === 'open');
    const s = el.session!;

    wrap.querySelector('section')!.append(el); // a move: disconnect + connect in one task
    await quietFor(20, 'new session or closed transport after the move', () => el.session !== s || transport.status !== 'open');

    el.remove();
    await waitUntil(() => transport.status === 'closed', 'the transport is closed on removal');
    expect(el.session).to.equal(null);
  });
});
