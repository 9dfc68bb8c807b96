import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host every second while `active()` is true (countdowns), and never otherwise. */
export class ClockController implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly active: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const want = this.active();
    if (want && !this.#timer) this.#timer = setInterval(() => this.host.requestUpdate(), 1000);
    if (!want && this.#timer) this.#stop();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
