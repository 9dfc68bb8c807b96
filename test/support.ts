// Shared test helpers: real elements, real transports; nothing here fakes behaviour.
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define-all.js';
import type { PkPulsePoll } from '../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSession } from '../src/components/session/pk-session.js';
import { MemoryOutbox } from '../src/core/outbox.js';
import { SessionClient } from '../src/core/session-client.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import type { Role } from '../src/core/wire.js';

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

/** A poll inside a <pk-session> on a shared MemoryHub, as one participant. */
export async function pollOnHub(
  hub: MemoryHub,
  room: string,
  who: { id: string; role?: Role; name?: string },
  poll: ReturnType<typeof html>,
): Promise<{ session: PkSession; poll: PkPulsePoll; transport: MemoryTransport }> {
  const transport = new MemoryTransport(hub);
  const session = await fixture<PkSession>(html`<pk-session
    room=${room}
    role=${who.role ?? 'participant'}
    participant-id=${who.id}
    participant-name=${who.name ?? who.id}
    .transport=${transport}
    >${poll}</pk-session
  >`);
  const el = session.querySelector('pk-pulse-poll') as PkPulsePoll;
  await waitUntil(() => transport.status === 'open', 'transport opens');
  await el.updateComplete;
  return { session, poll: el, transport };
}

/** A session client on its own (no element), for driving the authority directly. */
export function clientOnHub(hub: MemoryHub, room: string, id: string, role: Role = 'participant'): SessionClient {
  const client = new SessionClient({ room, transport: new MemoryTransport(hub), identity: { id, role }, outbox: new MemoryOutbox() });
  void client.start();
  return client;
}
