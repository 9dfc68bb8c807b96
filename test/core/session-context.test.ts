// The session reaches widgets through the community context protocol (decisions §17, §60): the
// nearest <pk-session> wins, also one that appears inside another around widgets already there; a
// widget that leaves a session stops hearing from it; another Pulsekit version's provider is never
// taken; and a host's own @lit/context consumer of our exported `sessionContext` gets the session,
// also from a provider defined after it. Each test registers its own tag prefix, so "not defined yet"
// is real, not simulated.
import { ContextConsumer, ContextProvider, createContext } from '@lit/context';
import { expect, waitUntil } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { definePulsePoll, type PkPulsePoll } from '../../src/components/pulse-poll/index.js';
import { defineSession, type PkSession } from '../../src/components/session/index.js';
import type { SessionClient } from '../../src/core/client/session-client.js';
import { sessionContext } from '../../src/core/lit/session-context.js';
import { VERSION } from '../../src/core/protocol/version.js';
import { uniqueRoom } from '../support.js';

const sessionOf = (poll: Element): SessionClient | null => (poll as unknown as { ctl: { session: SessionClient | null } }).ctl.session;
let prefixN = 0;
const freshPrefix = () => `ctx${Date.now().toString(36)}x${prefixN++}`;
const poll = (prefix: string, id: string) =>
  `<${prefix}-pulse-poll poll-id="${id}" question="Ready?"><option value="y">Yes</option><option value="n">No</option></${prefix}-pulse-poll>`;

/** A host's own element reading our exported context with Lit's ContextConsumer. */
class HostReader extends ReactiveElement {
  readonly consumer = new ContextConsumer(this, { context: sessionContext, subscribe: true });
}
customElements.define('ctx-host-reader', HostReader);

// Stand in for another version's <pk-session> and a reader of its context: the same protocol under
// that version's key.
const otherVersionKey = createContext<{ room: string }>(Symbol.for(`pulsekit.session-context@${VERSION}-other`));
class ForeignSession extends ReactiveElement {
  readonly provider = new ContextProvider(this, { context: otherVersionKey, initialValue: { room: 'theirs' } });
}
customElements.define('ctx-foreign-session', ForeignSession);
class ForeignReader extends ReactiveElement {
  readonly consumer = new ContextConsumer(this, { context: otherVersionKey, subscribe: true });
}
customElements.define('ctx-foreign-reader', ForeignReader);

describe('the session context', () => {
  const containers: HTMLElement[] = [];
  afterEach(() => containers.splice(0).forEach((c) => c.remove()));
  /** Puts markup on the page in a container removed after the test. */
  function put(markup: string): HTMLElement {
    const container = document.createElement('div');
    container.innerHTML = markup;
    containers.push(container);
    document.body.append(container);
    return container;
  }
  /**
   * A session (under `prefix`) holding a poll and an inner session (under `innerPrefix`) holding
   * another; both polls under `prefix`, which is defined with its session.
   */
  function nested(prefix: string, innerPrefix: string) {
    definePulsePoll({ prefix });
    defineSession({ prefix });
    const [outerRoom, innerRoom] = [uniqueRoom('outer'), uniqueRoom('inner')];
    const page = put(
      `<${prefix}-session room="${outerRoom}">${poll(prefix, 'a')}<${innerPrefix}-session room="${innerRoom}">${poll(prefix, 'b')}</${innerPrefix}-session></${prefix}-session>`,
    );
    const [beside, inside] = page.querySelectorAll(`${prefix}-pulse-poll`);
    return { page, beside, inside, outerRoom, innerRoom };
  }

  it('nested sessions: each widget gets the nearest one', async () => {
    const prefix = freshPrefix();
    const { beside, inside, outerRoom, innerRoom } = nested(prefix, prefix);
    await waitUntil(() => sessionOf(beside)?.room === outerRoom && sessionOf(inside)?.room === innerRoom, 'each on its nearest session');
  });

  it('a <pk-session> that upgrades inside another, around a widget already there, takes the widget over', async () => {
    const [prefix, innerPrefix] = [freshPrefix(), freshPrefix()];
    const { page, beside, inside, outerRoom, innerRoom } = nested(prefix, innerPrefix);
    await waitUntil(() => sessionOf(inside)?.room === outerRoom, 'the outer session serves while the inner one is not defined');

    defineSession({ prefix: innerPrefix });
    await waitUntil(() => sessionOf(inside)?.room === innerRoom, 'the nearer session takes over');
    expect(sessionOf(beside)?.room).to.equal(outerRoom);
    // The widget stopped hearing from the outer session: its rebuild does not pull the widget back.
    (page.querySelector(`${prefix}-session`) as PkSession).room = uniqueRoom('outer-renamed');
    await waitUntil(() => sessionOf(beside)?.room !== outerRoom, 'the outer widget follows its session');
    expect(sessionOf(inside)?.room).to.equal(innerRoom);
  });

  it('a widget taken out of a session, and put back elsewhere, no longer follows that session', async () => {
    const prefix = freshPrefix();
    definePulsePoll({ prefix });
    defineSession({ prefix });
    const page = put(`<${prefix}-session room="${uniqueRoom('left')}">${poll(prefix, 'a')}</${prefix}-session>`);
    const session = page.querySelector(`${prefix}-session`) as PkSession;
    const widget = page.querySelector(`${prefix}-pulse-poll`) as PkPulsePoll;
    await waitUntil(() => sessionOf(widget) !== null && sessionOf(widget) === session.session, 'in its session');

    widget.remove();
    const renamed = uniqueRoom('renamed');
    session.room = renamed;
    await waitUntil(() => session.session?.room === renamed, 'the session rebuilt while the widget was out');
    page.append(widget);
    await waitUntil(() => sessionOf(widget)?.room === 'default', 'outside: the default session');
    session.room = uniqueRoom('again');
    await waitUntil(() => session.session?.room !== renamed, 'rebuilt again');
    // Give a stale subscription every chance to pull the widget back.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sessionOf(widget)?.room).to.equal('default');
  });

  it("another Pulsekit version's provider is never taken, and ours never answers its consumers", async () => {
    const prefix = freshPrefix();
    definePulsePoll({ prefix });
    defineSession({ prefix });
    const page = put(
      `<ctx-foreign-session>${poll(prefix, 'a')}</ctx-foreign-session><${prefix}-session room="${uniqueRoom('ours')}"><ctx-foreign-reader></ctx-foreign-reader></${prefix}-session>`,
    );
    const widget = page.querySelector(`${prefix}-pulse-poll`) as PkPulsePoll;
    await waitUntil(() => sessionOf(widget) !== null, 'a session');
    expect(sessionOf(widget)!.room).to.equal('default');

    const ours = page.querySelector(`${prefix}-session`) as PkSession;
    await waitUntil(() => ours.session !== null, 'our session built');
    expect((page.querySelector('ctx-foreign-reader') as ForeignReader).consumer.value).to.equal(undefined);
  });

  it("a host's own @lit/context consumer of sessionContext gets the session, follows its rebuilds, and waits for a provider defined later", async () => {
    const prefix = freshPrefix();
    definePulsePoll({ prefix });
    const room = uniqueRoom('host');
    const page = put(`<${prefix}-session room="${room}">${poll(prefix, 'a')}<ctx-host-reader></ctx-host-reader></${prefix}-session>`);
    const reader = page.querySelector('ctx-host-reader') as HostReader;
    await waitUntil(() => sessionOf(page.querySelector(`${prefix}-pulse-poll`)!) !== null, 'the widget serves itself meanwhile');
    expect(reader.consumer.value).to.equal(undefined);

    defineSession({ prefix });
    const session = page.querySelector(`${prefix}-session`) as PkSession;
    await waitUntil(() => reader.consumer.value?.room === room, 'the host reads the session once its provider is defined');
    expect(reader.consumer.value).to.equal(session.session);
    const renamed = uniqueRoom('renamed');
    session.room = renamed;
    await waitUntil(() => reader.consumer.value?.room === renamed, 'and follows its rebuild');
  });
});
