// What a keyboard and screen reader user meets, read from a widget: where focus is, what its polite
// live region says, and a key pressed on a control.
import { waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

/** The element focused inside the widget's shadow root (null: focus left the widget). */
export const focused = (el: Element): Element | null => el.shadowRoot!.activeElement;

/** What the widget's polite live region says now. */
export const spoken = (el: Element): string => el.shadowRoot!.querySelector('[role=status][aria-live=polite]')?.textContent?.trim() ?? '';

const describeEl = (el: Element | null) => (el ? `<${el.localName}${el.id ? ` id=${el.id}` : ''}> "${el.textContent?.trim()}"` : 'nothing (body)');

/** Waits until focus is on an element of the widget that passes `test`. */
export async function waitForFocus(el: Element, test: (f: Element) => boolean, what: string): Promise<void> {
  await waitUntil(() => {
    const f = focused(el);
    return !!f && test(f);
  }, `${what}; focus is on ${describeEl(focused(el))}`, { timeout: 4000 });
}

/** Focuses a control and presses a key on it (Enter by default), as a keyboard user does. */
export async function press(target: HTMLElement, key = 'Enter'): Promise<void> {
  target.focus();
  await sendKeys({ press: key });
}
