// Helpers for <pk-discussion-thread> tests: real elements on a real MemoryHub authority.
import { html, waitUntil } from '@open-wc/testing';
import '../../src/define-all.js';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { threadModel } from '../../src/components/discussion-thread/thread-model.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { widgetOnHub, type Who } from '../support.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Ack, Actor, Operation } from '../../src/core/protocol/wire.js';

export { threadModel };

/** A thread inside a <pk-session> on a shared hub, as one person; waits until its history is loaded. */
export async function threadOnHub(
  hub: MemoryHub,
  room: string,
  who: Who,
  tpl: ReturnType<typeof html>,
  transport: MemoryTransport = new MemoryTransport(hub),
  waitLoaded = true,
): Promise<{ session: PkSession; thread: PkDiscussionThread; transport: MemoryTransport }> {
  const { session, el: thread } = await widgetOnHub<PkDiscussionThread>(hub, room, who, tpl, 'pk-discussion-thread', {
    transport,
    waitOpen: waitLoaded,
  });
  if (waitLoaded) await waitUntil(() => thread.threadLoaded, 'thread history loaded', { timeout: 5000 });
  await thread.updateComplete;
  return { session, thread, transport };
}

let seq = 0;
/** Sends ops straight to the authority as `actor` (a scripted participant), in batches. */
export async function seed(
  hub: MemoryHub,
  room: string,
  actor: Actor,
  ops: Array<{ type: string; data: unknown }>,
  topic = 'thread:t',
): Promise<Ack[]> {
  hub.registerModel(threadModel);
  const link = new MemoryTransport(hub);
  await link.connect({ room, identity: actor });
  const acks: Ack[] = [];
  try {
    for (let i = 0; i < ops.length; i += 100) {
      const batch: Operation[] = ops.slice(i, i + 100).map((o) => ({
        opId: `seed-${actor.id}-${Date.now().toString(36)}-${seq++}`,
        clientId: actor.id,
        topic,
        type: o.type,
        data: o.data,
        createdAt: Date.now(),
      }));
      acks.push(...(await link.send(batch)));
    }
  } finally {
    await link.close();
  }
  return acks;
}

/** Types into a composer textarea the way a person does (value + input event). */
export async function typeInto(el: PkDiscussionThread, text: string, which = '#compose-root'): Promise<HTMLTextAreaElement> {
  const area = el.shadowRoot!.querySelector<HTMLTextAreaElement>(which);
  if (!area) throw new Error(`no ${which}`);
  area.focus();
  area.value = text;
  area.setSelectionRange(text.length, text.length);
  area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  return area;
}

/** Clicks the submit button of the composer that holds `which`. */
export async function submit(el: PkDiscussionThread, which = '#compose-root'): Promise<void> {
  const area = el.shadowRoot!.querySelector<HTMLTextAreaElement>(which)!;
  area.closest('form')!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await el.updateComplete;
}

/** The rendered posts. */
export const articles = (el: PkDiscussionThread): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>('article[data-id]')];

/** The article whose body contains `text`. */
export function postWith(el: PkDiscussionThread, text: string | RegExp): HTMLElement {
  const a = articles(el).find((x) => (typeof text === 'string' ? (x.textContent ?? '').includes(text) : text.test(x.textContent ?? '')));
  if (!a)
    throw new Error(
      `no post with ${String(text)} in: ${articles(el)
        .map((x) => x.textContent?.replace(/\s+/g, ' '))
        .join(' | ')}`,
    );
  return a;
}

/** A button inside `root` (a post or the element) by its visible text or accessible label. */
export function btn(root: Element | ShadowRoot, re: RegExp): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find(
    (x) => re.test((x.textContent ?? '').replace(/\s+/g, ' ').trim()) || re.test(x.getAttribute('aria-label') ?? ''),
  );
  if (!b) throw new Error(`no button ${re} in: ${(root as Element).textContent?.replace(/\s+/g, ' ')}`);
  return b;
}

/**
 * Chromium reports "ResizeObserver loop completed with undelivered notifications" on window.onerror
 * when a virtualized list measures rows during layout. It is benign (the spec's notice that the
 * rest is delivered next frame), but mocha's onerror would count it as a failure: filter it out,
 * pass every other error on.
 */
export function ignoreResizeObserverNotice(): void {
  const w = window as unknown as { onerror: OnErrorEventHandler & { pkFiltered?: boolean } };
  if (w.onerror?.pkFiltered) return;
  const original = w.onerror;
  w.onerror = function (message, ...rest) {
    if (typeof message === 'string' && /ResizeObserver loop/.test(message)) return true;
    return original ? original.call(window, message, ...rest) : false;
  };
  w.onerror.pkFiltered = true;
}

/**
 * Resolves once this page is visible. The test runner runs two files at once and shows one of
 * them, and tab tests (thread-tabs, poll-tabs…) bring their own tabs to the front: a hidden page
 * gets no animation frames, so a virtualized list lays nothing out and focus cannot be given back.
 */
export function untilVisible(timeout = 60000): Promise<void> {
  if (document.visibilityState === 'visible') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      document.removeEventListener('visibilitychange', check);
      reject(new Error(`the page stayed hidden for ${timeout} ms`));
    }, timeout);
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', check);
      resolve();
    };
    document.addEventListener('visibilitychange', check);
  });
}
