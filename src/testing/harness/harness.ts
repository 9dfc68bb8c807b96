/**
 * The base of the widget harnesses (`pulsekit/testing`): a small object around one element that
 * finds its inner parts the way the element exposes them (parts, roles, labels; never internal
 * class names) and acts on them the way a person does: focus and click on the real controls inside
 * the shadow root, typing into the real fields, then waiting for the element to render.
 * In the style of Material Web's harnesses (`testing/harness.ts` there). No test framework needed.
 */

/** What a harness wraps: any Pulsekit element (a Lit element, so it has `updateComplete`). */
export type HarnessTarget = HTMLElement & { readonly updateComplete: Promise<unknown> };

/** A name to find a control or question by: a string matches the whole text (spaces collapsed), a RegExp any part. */
export type NameMatch = string | RegExp;

/** Collapses runs of white space and trims: how a person reads the text. */
export const squash = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** Whether `text` is the name asked for. */
export const nameMatches = (text: string, name: NameMatch): boolean =>
  typeof name === 'string' ? squash(text) === squash(name) : name.test(squash(text));

/** Text of a node as it is read: without the subtrees hidden from assistive technology (`aria-hidden`). */
function readText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
  return [...node.childNodes].map(readText).join('');
}

/**
 * The accessible name of a control, in the order the ARIA name computation takes its sources
 * (simplified): `aria-labelledby`, `aria-label`, its `<label>`s, its own text, its `title`.
 */
export function accessibleName(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const ids = el.getAttribute('aria-labelledby');
  if (ids)
    return squash(
      ids
        .split(/\s+/)
        .map((id) => readText(root.getElementById(id) ?? document.createTextNode('')))
        .join(' '),
    );
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  const labels = (el as HTMLInputElement).labels;
  if (labels?.length) return squash([...labels].map(readText).join(' '));
  return squash(readText(el)) || squash(el.getAttribute('title'));
}

/** Waits (polling, not animation frames: a page in the background gets none) until `check` gives a truthy value. */
export async function waitFor<T>(check: () => T | null | undefined | false, message: () => string, timeout = 5000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeout} ms: ${message()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The shared half of every widget harness: finding controls, clicking, typing, pressing keys, reading. */
export class Harness<E extends HarnessTarget = HarnessTarget> {
  /** The element this harness drives. */
  readonly element: E;

  /** Wraps `element` (already in the page). */
  constructor(element: E) {
    this.element = element;
  }

  /** The element's shadow root, where its controls live. */
  get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error(`<${this.element.localName}> has no shadow root yet: is it defined and in the page?`);
    return root;
  }

  /** Waits for the element's pending render. */
  async settle(): Promise<void> {
    await this.element.updateComplete;
  }

  /** Everything the element shows, as one line of text. */
  text(): string {
    return squash(this.root.textContent);
  }

  /** Waits until the element's text matches `re` (default 5 s). */
  async waitForText(re: RegExp, timeout = 5000): Promise<void> {
    await waitFor(
      () => re.test(this.text()),
      () => `expected ${re} in <${this.element.localName}>: ${this.text()}`,
      timeout,
    );
  }

  /** The status line (`part="status"`): connection, queued actions, the widget's own state; '' when none. */
  status(): string {
    return [...this.root.querySelectorAll('[part~=status]')].map((p) => squash(p.textContent)).join(' · ');
  }

  /** The alerts (`part="error"`, `role="alert"`) the element shows: refusals and failures, as text. */
  errors(): string[] {
    return [...this.root.querySelectorAll('[part~=error]')].filter((p) => p.closest('[role=alert]')).map((p) => squash(p.textContent));
  }

  /** The first match of `selector` in the shadow root (inside `within` if given), or null. */
  find<T extends Element = HTMLElement>(selector: string, within: ParentNode = this.root): T | null {
    return within.querySelector<T>(selector);
  }

  /** Every match of `selector` in the shadow root (inside `within` if given). */
  findAll<T extends Element = HTMLElement>(selector: string, within: ParentNode = this.root): T[] {
    return [...within.querySelectorAll<T>(selector)];
  }

  /** The part named `name` (`[part~=name]`); throws, saying what is shown, when it is not there. */
  part<T extends Element = HTMLElement>(name: string, within: ParentNode = this.root): T {
    const found = within.querySelector<T>(`[part~="${name}"]`);
    if (!found) throw new Error(`no part "${name}" in <${this.element.localName}>: ${this.text()}`);
    return found;
  }

  /** The button whose accessible name is `name` (inside `within` if given); throws when there is none. */
  button(name: NameMatch, within: ParentNode = this.root): HTMLButtonElement {
    const found = this.findAll<HTMLButtonElement>('button', within).find((b) => nameMatches(accessibleName(b), name));
    if (!found) throw new Error(`no button ${String(name)} in <${this.element.localName}>: ${squash((within as Element).textContent)}`);
    return found;
  }

  /** Whether a button named `name` is shown. */
  hasButton(name: NameMatch, within: ParentNode = this.root): boolean {
    return this.findAll('button', within).some((b) => nameMatches(accessibleName(b), name));
  }

  /**
   * Focuses `control` and clicks it, as a pointer or Enter/Space would, then waits for the render.
   * A person cannot press a disabled control: that throws.
   */
  async click(control: HTMLElement): Promise<void> {
    if ((control as HTMLButtonElement).disabled) throw new Error(`"${accessibleName(control)}" is disabled`);
    control.focus();
    control.click();
    await this.settle();
  }

  /** Presses the button named `name` (see `button()`). */
  async press(name: NameMatch, within: ParentNode = this.root): Promise<void> {
    await this.click(this.button(name, within));
  }

  /**
   * Types `text` into `field` as a person does: focus, the new value with the caret at its end, an
   * `input` event; then waits for the render. Replaces what was there.
   */
  async type(field: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
    if (field.disabled) throw new Error(`"${accessibleName(field)}" is disabled`);
    field.focus();
    field.value = text;
    // Fields without a caret (type=number, email) have no selection to set.
    if (field.selectionStart !== null) field.setSelectionRange(text.length, text.length);
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
    await this.settle();
  }

  /** Picks the `<option>` whose text or value is `option` in `select`, as a person does (a `change` event). */
  async select(select: HTMLSelectElement, option: NameMatch): Promise<void> {
    const found = [...select.options].find((o) => nameMatches(o.textContent ?? '', option) || nameMatches(o.value, option));
    if (!found) throw new Error(`no option ${String(option)} in "${accessibleName(select)}"`);
    select.focus();
    select.value = found.value;
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await this.settle();
  }

  /**
   * Presses `key` on `target` (default: what has focus in the element) as keydown then keyup, for
   * the element's own keyboard handling (arrows, Home, End, Escape, j/k). A synthetic key does not
   * run the browser's default action: use `click()` to press a button.
   */
  async key(key: string, target: Element | null = this.focused()): Promise<void> {
    if (!target) throw new Error(`nothing in <${this.element.localName}> has focus to press ${key} on`);
    const init = { key, bubbles: true, composed: true, cancelable: true };
    target.dispatchEvent(new KeyboardEvent('keydown', init));
    target.dispatchEvent(new KeyboardEvent('keyup', init));
    await this.settle();
  }

  /** The element inside the shadow root that has focus, or null. */
  focused(): HTMLElement | null {
    return this.root.activeElement as HTMLElement | null;
  }
}
