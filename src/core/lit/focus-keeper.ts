import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * Keeps keyboard focus inside a widget when a render takes the focused control away (the vote form
 * replaced by "Your vote", Open turning into Close, a poll closing under the participant's hands):
 * without it focus falls to `<body>` and a keyboard or screen reader user starts over at the top.
 *
 * Before each render it notes whether focus is inside the widget; after it, when that focus went
 * away, it focuses the element the widget names: the one an action preferred (`prefer`), else the
 * widget's fallback. It never takes focus the widget did not have.
 */
export class FocusKeeper implements ReactiveController {
  #had = false;
  #preferred: (() => HTMLElement | null | undefined) | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly fallback: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  /** Where focus should go if the next renders take it away (an action's natural next step). */
  prefer(target: () => HTMLElement | null | undefined): void {
    this.#preferred = target;
  }

  /** Whether focus is on or inside the widget now. */
  get inside(): boolean {
    const root = this.host.renderRoot as ShadowRoot | undefined;
    return !!root?.activeElement || document.activeElement === this.host;
  }

  hostUpdate(): void {
    this.#had = this.inside;
  }

  hostUpdated(): void {
    if (!this.#had || this.inside) return;
    const target = this.#preferred?.() ?? this.fallback();
    this.#preferred = null;
    target?.focus();
  }
}

/** The first element matching the first selector that matches anything (selectors in order of preference). */
export function firstOf(root: ParentNode, selectors: string[]): HTMLElement | null {
  for (const sel of selectors) {
    const el = root.querySelector<HTMLElement>(sel);
    if (el) return el;
  }
  return null;
}
