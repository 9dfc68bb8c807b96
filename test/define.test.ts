// Registration: define twice, custom prefixes, clashes with other libraries, VERSION.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { defineAll, PkPulsePoll, PkSession, VERSION } from '../src/index.js';
import { definePulsePoll } from '../src/components/pulse-poll/index.js';
import { defineSession } from '../src/components/session/index.js';
import { defineElement } from '../src/core/lit/define.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import { clientOnHub, shadowText, uniqueRoom } from './support.js';

type Level = 'warn' | 'error';

/** Records console.warn/error while `fn` runs (the real console is restored afterwards). */
async function capture<T>(fn: () => T | Promise<T>): Promise<{ result: T; warn: string[]; error: string[] }> {
  const logs: Record<Level, string[]> = { warn: [], error: [] };
  const orig = { warn: console.warn, error: console.error };
  console.warn = (...a: unknown[]) => void logs.warn.push(a.map(String).join(' '));
  console.error = (...a: unknown[]) => void logs.error.push(a.map(String).join(' '));
  try {
    const result = await fn();
    return { result, ...logs };
  } finally {
    console.warn = orig.warn;
    console.error = orig.error;
  }
}

describe('define', () => {
  it('defineAll() and the per-element define functions are safe to call again: same classes, no throw, no warning', async () => {
    // test/support.ts (imported above) already registered the pk- set through src/define-all.ts.
    const poll = customElements.get('pk-pulse-poll');
    const session = customElements.get('pk-session');
    expect(poll, 'pk-pulse-poll is registered').to.exist;
    expect(session, 'pk-session is registered').to.exist;

    const { result, warn, error } = await capture(() => [
      defineAll(),
      defineAll(),
      definePulsePoll(),
      definePulsePoll(),
      defineSession(),
      defineSession(),
    ]);
    const all = ['pk-session', 'pk-pulse-poll', 'pk-engagement-meter', 'pk-session-survey', 'pk-discussion-thread'];
    expect(result).to.deep.equal([all, all, 'pk-pulse-poll', 'pk-pulse-poll', 'pk-session', 'pk-session']);
    expect(warn, 'no warning').to.deep.equal([]);
    expect(error, 'no error').to.deep.equal([]);
    expect(customElements.get('pk-pulse-poll'), 'the first registration is kept').to.equal(poll);
    expect(customElements.get('pk-session')).to.equal(session);

    const el = document.createElement('pk-pulse-poll');
    expect(el).to.be.instanceOf(PkPulsePoll);
  });

  describe('a custom prefix', () => {
    it('defineAll({prefix}) registers <acme-pulse-poll> and <acme-session>, and again is a no-op', async () => {
      const { result, warn } = await capture(() => defineAll({ prefix: 'acme' }));
      expect(result).to.include.members(['acme-session', 'acme-pulse-poll']);
      expect(result.every((t: string) => t.startsWith('acme-'))).to.equal(true);
      expect(document.createElement('acme-pulse-poll')).to.be.instanceOf(PkPulsePoll);
      expect(document.createElement('acme-session')).to.be.instanceOf(PkSession);
      // Its own classes: one constructor can only back one tag.
      expect(customElements.get('acme-pulse-poll')).to.not.equal(customElements.get('pk-pulse-poll'));
      expect(warn).to.deep.equal([]);

      const again = await capture(() => defineAll({ prefix: 'acme' }));
      expect(again.result).to.deep.equal(result);
      expect(again.warn, 'defining the prefix twice does not warn').to.deep.equal([]);
    });

    it('<acme-pulse-poll> inside <acme-session> renders and votes through that session', async () => {
      defineAll({ prefix: 'acme' });
      const hub = new MemoryHub();
      const room = uniqueRoom('acme');
      const transport = new MemoryTransport(hub);
      const host = await fixture<PkSession>(html`<acme-session room=${room} participant-id="ann" .transport=${transport}>
        <acme-pulse-poll poll-id="q" question="Coffee or tea?"><option value="c">Coffee</option><option value="t">Tea</option></acme-pulse-poll>
      </acme-session>`);
      const poll = host.querySelector('acme-pulse-poll') as PkPulsePoll;
      await waitUntil(() => transport.status === 'open', 'the acme-session transport opens');
      await poll.updateComplete;

      expect(poll.shadowRoot!.querySelector('legend')?.textContent).to.equal('Coffee or tea?');
      expect(poll.shadowRoot!.querySelectorAll('input[type=radio]').length).to.equal(2);
      // The poll took its session from the acme provider, not the default local one.
      expect((poll as unknown as { ctl: { session: unknown } }).ctl.session).to.equal(host.session);

      // A vote goes through the acme-session's transport: another client in the room sees it.
      await poll.vote(['t']);
      const other = clientOnHub(hub, room, 'bob');
      try {
        await waitUntil(() => other.transport.status === 'open');
        await waitUntil(async () => (await other.transport.fetch('poll:q', 0)).events.length === 1, 'the vote reaches the hub');
        const page = await other.transport.fetch('poll:q', 0);
        expect((page.events[0].data as { choices: string[] }).choices).to.deep.equal(['t']);
      } finally {
        await other.close();
      }
      await waitUntil(() => /Your vote: Tea/.test(shadowText(poll)), 'the poll shows my vote');
    });
  });

  describe('a clash with another registration', () => {
    it('a different library owning the tag: warns naming the tag and both sides, keeps theirs, does not throw', async () => {
      class Theirs extends HTMLElement {}
      customElements.define('pk-clash-x', Theirs);
      const { result, warn } = await capture(() => defineElement('clash-x', PkPulsePoll));
      expect(result).to.equal('pk-clash-x');
      expect(customElements.get('pk-clash-x'), 'the existing element is kept').to.equal(Theirs);
      expect(warn.length).to.equal(1);
      expect(warn[0]).to.contain('<pk-clash-x>');
      expect(warn[0]).to.match(/another library/);
      expect(warn[0]).to.contain(`Pulsekit ${VERSION}`);
    });

    it('another Pulsekit version owning the tag: warns with both versions', async () => {
      class Older extends HTMLElement {}
      Object.defineProperty(Older, Symbol.for('pulsekit.version'), { value: '0.0.9' });
      customElements.define('pk-clash-y', Older);
      const { warn } = await capture(() => defineElement('clash-y', PkPulsePoll));
      expect(customElements.get('pk-clash-y')).to.equal(Older);
      expect(warn.length).to.equal(1);
      expect(warn[0]).to.contain('<pk-clash-y>');
      expect(warn[0]).to.contain('Pulsekit 0.0.9');
      expect(warn[0]).to.contain(`Pulsekit ${VERSION}`);
    });
  });

  it('an invalid prefix throws a TypeError and registers nothing', () => {
    for (const prefix of ['', 'Acme', '1acme', 'ac me', 'acme-', '-acme', 'ac_me', 'ac--me', 'acme/x']) {
      expect(() => defineAll({ prefix }), `prefix "${prefix}"`).to.throw(TypeError, /prefix/);
      expect(customElements.get(`${prefix}-pulse-poll`), `nothing under "${prefix}"`).to.equal(undefined);
    }
    // Valid multi-part prefixes work.
    expect(defineAll({ prefix: 'my-co2' })).to.include.members(['my-co2-session', 'my-co2-pulse-poll']);
  });

  it('VERSION equals the version in package.json', async () => {
    const pkg = (await (await fetch('/package.json')).json()) as { version: string };
    expect(pkg.version).to.match(/^\d+\.\d+\.\d+/);
    expect(VERSION).to.equal(pkg.version);
  });
});
