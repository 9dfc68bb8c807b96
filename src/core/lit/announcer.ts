import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Throttles what a widget says in its polite live region: a class voting at once would otherwise
 * flood a screen reader. The latest message wins; at most one announcement per interval.
 */
export class AnnouncerController implements ReactiveController {
  /** Text currently in the live region. */
  text = '';
  #pending: string | null = null;
  #pendingImportant = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 5000,
  ) {
    host.addController(this);
  }

  /**
   * Queues a polite announcement. An `important` one (a time warning, a poll opening or closing) is
   * rare and time-critical: it is said at once, and ordinary ones queued after it in the same
   * interval do not replace it.
   */
  say(message: string, important = false): void {
    if (!message || message === this.text) return;
    if (this.#pendingImportant && !important) return;
    this.#pending = message;
    this.#pendingImportant = important;
    if (important && this.#timer) clearTimeout(this.#timer);
    if (important) this.#timer = null;
    // Never render from inside the widget's own update (a message said in `updated()`): next task at the earliest.
    const wait = important ? 0 : Math.max(0, this.#last + this.intervalMs - Date.now());
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = null;
    if (this.#pending === null) return;
    this.text = this.#pending;
    this.#pending = null;
    this.#pendingImportant = false;
    this.#last = Date.now();
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
