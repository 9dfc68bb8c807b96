// What a keyboard and screen reader user meets, read from a widget: where focus is, what its polite
// live region says, a key pressed on a control, and the 24 px target-size floor measured on what is
// rendered (axe on whole pages is test/axe-page.ts).
import { waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

/** The element focused inside the widget's shadow root (null: focus left the widget). */
export const focused = (el: Element): Element | null => el.shadowRoot!.activeElement;

/** What the widget's polite live region says now. */
export const spoken = (el: Element): string => el.shadowRoot!.querySelector('[role=status][aria-live=polite]')?.textContent?.trim() ?? '';

const describeEl = (el: Element | null) =>
  el ? `<${el.localName}${el.id ? ` id=${el.id}` : ''}> "${el.textContent?.trim()}"` : 'nothing (body)';

/** Waits until focus is on an element of the widget that passes `test`. */
export async function waitForFocus(el: Element, test: (f: Element) => boolean, what: string): Promise<void> {
  await waitUntil(
    () => {
      const f = focused(el);
      return !!f && test(f);
    },
    `${what}; focus is on ${describeEl(focused(el))}`,
    { timeout: 4000 },
  );
}

/** Focuses a control and presses a key on it (Enter by default), as a keyboard user does. */
export async function press(target: HTMLElement, key = 'Enter'): Promise<void> {
  target.focus();
  await sendKeys({ press: key });
}

const INTERACTIVE = 'button, input:not([type=hidden]), select, textarea, summary, a[href]';

/**
 * Interactive targets in `el`'s shadow root smaller than 24 × 24 CSS px (WCAG 2.5.8), described.
 * A control drawn invisibly over its label (opacity 0) is measured by that label; a link inside
 * a sentence is exempt (the "inline" exception).
 */
export function targetsTooSmall(el: Element, min = 24): string[] {
  const out: string[] = [];
  for (const t of el.shadowRoot!.querySelectorAll<HTMLElement>(INTERACTIVE)) {
    if (t.closest('.visually-hidden') || t.getClientRects().length === 0) continue;
    if (t.localName === 'a' && t.closest('p, li, blockquote')) continue;
    const box = getComputedStyle(t).opacity === '0' && t.parentElement ? t.parentElement : t;
    const r = box.getBoundingClientRect();
    if (r.width < min - 0.5 || r.height < min - 0.5)
      out.push(
        `${t.localName}${t.getAttribute('type') ? `[${t.getAttribute('type')}]` : ''} "${(t.getAttribute('aria-label') ?? t.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      );
  }
  return out;
}
