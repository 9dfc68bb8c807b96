// Shared test helpers: real elements, real transports; nothing here fakes behaviour.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { render, type ReactiveElement, type TemplateResult } from 'lit';
import '../src/define-all.js';
import type { PkPulsePoll } from '../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSession } from '../src/components/session/pk-session.js';
import { MemoryOutbox } from '../src/core/client/outbox.js';
import { SessionClient } from '../src/core/client/session-client.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import type { Role } from '../src/core/protocol/wire.js';

/**
 * Renders a template whose root is a plain element. open-wc's fixture() waits a frame for roots
 * without updateComplete, and frames stop while another test file's real tabs hide this page; so
 * wait for the Pulsekit elements inside instead.
 */
// Removed after each test.
const mounted: HTMLElement[] = [];
afterEach(() => mounted.splice(0).forEach((m) => m.remove()));
export async function mount<T extends Element = HTMLElement>(tpl: TemplateResult): Promise<T> {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  render(tpl, container);
  for (const el of container.querySelectorAll('*')) await (el as Partial<ReactiveElement>).updateComplete;
  return container.firstElementChild as T;
}

let n = 0;
/** A room name no other test uses. */
export const uniqueRoom = (prefix = 'room'): string => `${prefix}-${Date.now().toString(36)}-${n++}`;

/** Text of an element's shadow root, whitespace collapsed. */
export const shadowText = (el: Element): string => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Waits until the element's shadow text matches. */
export async function waitForText(el: Element, re: RegExp, timeout = 4000): Promise<void> {
  await waitUntil(() => re.test(shadowText(el)), `expected ${re} in: ${shadowText(el)}`, { timeout });
}

/** Finds a button in a shadow root by its visible text. */
export function button(el: Element, re: RegExp): HTMLButtonElement {
  const b = [...(el.shadowRoot?.querySelectorAll('button') ?? [])].find((x) => re.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${re} in: ${shadowText(el)}`);
  return b;
}

/** Who a test's session is signed in as. */
export type Who = { id: string; role?: Role; name?: string };

/**
 * Any widget (the first `tag` in `content`) inside a <pk-session> on a shared MemoryHub, as `who`;
 * waits for the transport to open unless `waitOpen` is false (a transport a test holds back).
 */
export async function widgetOnHub<E extends HTMLElement & { updateComplete: Promise<unknown> }>(
  hub: MemoryHub,
  room: string,
  who: Who,
  content: ReturnType<typeof html>,
  tag: string,
  { transport = new MemoryTransport(hub), waitOpen = true }: { transport?: MemoryTransport; waitOpen?: boolean } = {},
): Promise<{ session: PkSession; el: E; transport: MemoryTransport }> {
  const session = await fixture<PkSession>(html`<pk-session
    room=${room}
    user-role=${who.role ?? 'participant'}
    participant-id=${who.id}
    participant-name=${who.name ?? who.id}
    .transport=${transport}
    >${content}</pk-session
  >`);
  const el = session.querySelector(tag) as E;
  if (waitOpen) await waitUntil(() => transport.status === 'open', 'transport opens', { timeout: 5000 });
  await el.updateComplete;
  return { session, el, transport };
}

/** A poll inside a <pk-session> on a shared MemoryHub, as one participant. */
export async function pollOnHub(
  hub: MemoryHub,
  room: string,
  who: Who,
  poll: ReturnType<typeof html>,
): Promise<{ session: PkSession; poll: PkPulsePoll; transport: MemoryTransport }> {
  const { session, el, transport } = await widgetOnHub<PkPulsePoll>(hub, room, who, poll, 'pk-pulse-poll');
  return { session, poll: el, transport };
}

/**
 * Renders `tpl` and checks the authoring-mistake contract every widget keeps: a visible alert that
 * says the widget cannot be shown and why (matching `re`), the same reason logged, and accessible.
 */
export async function expectAuthoringError(tpl: ReturnType<typeof html>, re: RegExp): Promise<void> {
  const errors: string[] = [];
  const orig = console.error;
  console.error = (...a: unknown[]) => errors.push(a.join(' '));
  try {
    const el = await fixture<HTMLElement>(tpl);
    const alert = el.shadowRoot!.querySelector('[role=alert]');
    expect(alert, 'an alert is rendered').to.exist;
    expect(alert!.textContent).to.match(/cannot be shown/);
    expect(alert!.textContent).to.match(re);
    expect(
      errors.some((e) => re.test(e)),
      'the error is logged',
    ).to.equal(true);
    await expect(el).to.be.accessible();
  } finally {
    console.error = orig;
  }
}

/** A session client on its own (no element), for driving the authority directly. */
export function clientOnHub(hub: MemoryHub, room: string, id: string, role: Role = 'participant'): SessionClient {
  const client = new SessionClient({ room, transport: new MemoryTransport(hub), identity: { id, role }, outbox: new MemoryOutbox() });
  void client.start();
  return client;
}

/** Runs `during` with console.warn captured (and silenced) into `warned`, which `during` may watch. */
export async function withWarnings<T>(during: (warned: string[]) => Promise<T>): Promise<{ value: T; warned: string[] }> {
  const warned: string[] = [];
  const { warn } = console;
  console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
  try {
    return { value: await during(warned), warned };
  } finally {
    console.warn = warn;
  }
}

/**
 * Runs `during` while Chromium fails this page's requests whose URL contains `pattern`
 * (scripts/wtr-fault-plugin.mjs: a real network error as far as the page can tell), with
 * console.error and console.warn captured into `logged`, which `during` may watch. For a lazy chunk
 * that never arrives; the test file must be the first in its page to load that chunk.
 */
export async function whileRequestsFail<T>(
  pattern: string,
  during: (logged: string[]) => Promise<T>,
): Promise<{ value: T; logged: string[] }> {
  const logged: string[] = [];
  const { error, warn } = console;
  console.error = console.warn = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
  await executeServerCommand('requests-fail', { pattern });
  try {
    return { value: await during(logged), logged };
  } finally {
    await executeServerCommand('requests-pass');
    console.error = error;
    console.warn = warn;
  }
}

/** A story with loaders (stories/*.stories.ts), as the story tests render it. */
export interface LoadedStory {
  loaders: Array<() => Promise<Record<string, unknown>>>;
  render: (args: unknown, ctx: { loaded: Record<string, unknown> }) => unknown;
}

/** Runs a story's loaders and renders it into a fresh `<main>` of the page; remove the host when done. */
export async function mountStory(story: LoadedStory): Promise<HTMLElement> {
  const loaded = Object.assign({}, ...(await Promise.all(story.loaders.map((l) => l()))));
  const host = document.createElement('main');
  document.body.append(host);
  render(story.render({}, { loaded }) as Parameters<typeof render>[0], host);
  return host;
}

/**
 * Holds `name` the way another tab upgrading it would: an open of the next version whose upgrade
 * transaction stays busy, so every other open of the database waits. `release()` aborts the
 * upgrade: the database stays as it was and the waiting opens go on. (A real blocked open, not a
 * fake: the browser's own queueing is what the widget meets.)
 */
export async function holdDatabase(name: string): Promise<{ release(): void }> {
  const version = (await indexedDB.databases()).find((d) => d.name === name)?.version ?? 0;
  let released = false;
  await new Promise<void>((held) => {
    const open = indexedDB.open(name, version + 1);
    open.onupgradeneeded = () => {
      const tx = open.transaction!;
      const store = open.result.createObjectStore('__hold');
      const spin = () => {
        if (released) tx.abort();
        else store.count().onsuccess = spin;
      };
      spin();
      held();
    };
    open.onerror = (e) => e.preventDefault(); // the abort on release
  });
  return { release: () => void (released = true) };
}
