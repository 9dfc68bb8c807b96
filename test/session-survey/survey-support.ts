// Helpers for <pk-session-survey> tests: a real survey in a real <pk-session> on a MemoryHub, and
// the clicks and keystrokes a person makes.
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define-all.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Role } from '../../src/core/protocol/wire.js';
import { shadowText } from '../support.js';

/** A survey inside a <pk-session> on `hub`, as one person. */
export async function surveyOnHub(hub: MemoryHub, room: string, who: { id: string; role?: Role }, survey: ReturnType<typeof html>) {
  const transport = new MemoryTransport(hub);
  const session =
    await fixture<PkSession>(html`<pk-session room=${room} user-role=${who.role ?? 'participant'} participant-id=${who.id} participant-name=${who.id} .transport=${transport}
    >${survey}</pk-session
  >`);
  const el = session.querySelector('pk-session-survey') as PkSessionSurvey;
  await waitUntil(() => transport.status === 'open' && !!el.ctl.handle?.loaded, 'survey loads');
  await el.updateComplete;
  return { session, el, transport };
}

/** The survey's shadow root. */
export const root = (el: Element) => el.shadowRoot!;
/** The first match in the survey's shadow root. */
export const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => root(el).querySelector<T>(sel);
/** Every match in the survey's shadow root. */
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...root(el).querySelectorAll<T>(sel)];

/** Clicks the radio/checkbox of question `id` whose label (or cell) is `n`-th. */
export async function pick(el: PkSessionSurvey, id: string, n: number): Promise<void> {
  const input = $$<HTMLInputElement>(el, `#q-${id} input`)[n];
  if (!input) throw new Error(`no input ${n} in ${id}: ${shadowText(el)}`);
  input.click();
  await el.updateComplete;
}

/** Types `text` into the text field of question `id`. */
export async function type(el: PkSessionSurvey, id: string, text: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#i-${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Presses the form's main button (Next, Send answers or Update answers). */
export async function next(el: PkSessionSurvey): Promise<void> {
  $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
  await el.updateComplete;
}
