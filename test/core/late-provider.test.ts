// Load order never matters: a widget joins the closest <pk-session> whenever that provider appears
// or changes (defined later, moved in, moved out), and a session that waits for its network
// transport uses it once it arrives. Each test registers its own tag prefix, so "not defined yet"
// is real, not simulated.
import { expect, waitUntil } from '@open-wc/testing';
import { definePulsePoll, type PkPulsePoll } from '../../src/components/pulse-poll/index.js';
import { defineSession, type PkSession } from '../../src/components/session/index.js';
import { setEndpointTransportFactory } from '../../src/core/transports/endpoint-transports.js';
import type { SessionClient } from '../../src/core/client/session-client.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { uniqueRoom } from '../support.js';

const sessionOf = (poll: Element): SessionClient | null => (poll as unknown as { ctl: { session: SessionClient | null } }).ctl.session;
let prefixN = 0;
const freshPrefix = () => `late${Date.now().toString(36)}x${prefixN++}`;

/** Markup for a session around a poll, both under `prefix`, in a container on the page. */
function place(prefix: string, room: string, role = 'facilitator'): { session: PkSession; poll: PkPulsePoll; container: HTMLElement } {
  const container = document.createElement('div');
  container.innerHTML = `<${prefix}-session room="${room}" role="${role}" participant-id="sam" participant-name="Sam">
      <${prefix}-pulse-poll poll-id="warmup" question="Ready?"><option value="y">Yes</option><option value="n">No</option></${prefix}-pulse-poll>
    </${prefix}-session>`;
  document.body.append(container);
  return {
    session: container.querySelector(`${prefix}-session`) as PkSession,
    poll: container.querySelector(`${prefix}-pulse-poll`) as PkPulsePoll,
    container,
  };
}

describe('late providers', () => {
  const containers: HTMLElement[] = [];
  afterEach(() => containers.splice(0).forEach((c) => c.remove()));

  it('a widget defined before its <pk-session> joins it once the provider is defined, and lets go of the default session', async () => {
    const prefix = freshPrefix();
    const room = uniqueRoom('late');
    definePulsePoll({ prefix });
    const { session, poll, container } = place(prefix, room);
    containers.push(container);
    // The page's scripts have run (this is a test page), so the widget serves itself meanwhile.
    await waitUntil(() => sessionOf(poll) !== null, 'the widget binds a session');
    const interim = sessionOf(poll)!;
    expect(interim.room).to.equal('default');

    defineSession({ prefix });
    await waitUntil(() => sessionOf(poll)?.room === room, 'the widget moves to its provider');
    expect(sessionOf(poll)).to.equal(session.session);
    expect(sessionOf(poll)!.identity.role).to.equal('facilitator');
    expect(sessionOf(poll)!.identity.name).to.equal('Sam');
    // Nothing else used the interim default session: it is closed, and its database with it.
    await waitUntil(() => interim.status === 'closed', 'the unused default session closes', { timeout: 5000 });
    // And the facilitator's view is there.
    await waitUntil(() => !!poll.shadowRoot?.querySelector('[part~="controls"]'), 'facilitator controls');
  });

  it('a widget moved into a <pk-session> joins it; moved into another, it follows; moved out, it is on its own again', async () => {
    const prefix = freshPrefix();
    definePulsePoll({ prefix });
    defineSession({ prefix });
    const a = place(prefix, uniqueRoom('a'));
    const b = place(prefix, uniqueRoom('b'), 'participant');
    containers.push(a.container, b.container);
    const loose = document.createElement(`${prefix}-pulse-poll`) as PkPulsePoll;
    loose.setAttribute('poll-id', 'loose');
    loose.setAttribute('question', 'Loose?');
    loose.options = [
      { value: 'y', label: 'Yes' },
      { value: 'n', label: 'No' },
    ];
    const outside = document.createElement('div');
    containers.push(outside);
    outside.append(loose);
    document.body.append(outside);
    await waitUntil(() => sessionOf(loose)?.room === 'default', 'outside any provider: the default session');

    a.session.append(loose);
    await waitUntil(() => sessionOf(loose) === a.session.session && a.session.session !== null, 'moved into a provider');
    b.session.append(loose);
    await waitUntil(() => sessionOf(loose) === b.session.session && b.session.session !== null, 'moved into another provider');
    expect(sessionOf(loose)!.identity.role).to.equal('participant');
    outside.append(loose);
    await waitUntil(() => sessionOf(loose)?.room === 'default', 'moved out again: the default session');
  });

  it('a <pk-session endpoint> whose network transport loads after it uses that transport, without a reload', async () => {
    const prefix = freshPrefix();
    definePulsePoll({ prefix });
    defineSession({ prefix });
    const hub = new MemoryHub();
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
    let session: PkSession;
    let poll: PkPulsePoll;
    try {
      setEndpointTransportFactory(null);
      const container = document.createElement('div');
      container.innerHTML = `<${prefix}-session room="net" endpoint="https://pulse.example/api"><${prefix}-pulse-poll poll-id="p" question="Q?"><option value="y">Yes</option><option value="n">No</option></${prefix}-pulse-poll></${prefix}-session>`;
      containers.push(container);
      document.body.append(container);
      session = container.querySelector(`${prefix}-session`) as PkSession;
      poll = container.querySelector(`${prefix}-pulse-poll`) as PkPulsePoll;
      await waitUntil(() => session.session !== null, 'a session');
      // No network transport yet, and the page's scripts have run: local meanwhile, and it says so.
      expect(session.session!.transport).to.be.instanceOf(LocalTransport);
      expect(errors.join('\n')).to.match(/no network transport is loaded/);
    } finally {
      console.error = orig;
    }
    // Stands in for network.js arriving: the endpoint factory is the public plug-in point.
    const built: string[] = [];
    setEndpointTransportFactory((endpoint) => {
      built.push(endpoint);
      return new MemoryTransport(hub);
    });
    try {
      await waitUntil(() => session.session?.transport instanceof MemoryTransport, 'the session rebuilt on the network transport');
      expect(built).to.deep.equal(['https://pulse.example/api']);
      await waitUntil(() => sessionOf(poll) === session.session, 'the widget follows');
    } finally {
      setEndpointTransportFactory(null);
    }
  });
});
