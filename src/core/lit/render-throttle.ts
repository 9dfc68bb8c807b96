import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host at most once per `intervalMs` (250 ms: four times a second), however many
 * changes arrive: a class of thousands signalling at once must not flood the page or a screen
 * reader. The first change renders at once; changes during the interval are folded into one render
 * at its end. It can also tick (expiry and fading happen without events) through the same gate.
 */
export class ThrottleController implements ReactiveController {
  /** Renders requested through this controller so far. */
  fired = 0;
  #last = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #tick: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly intervalMs = 250,
    private readonly clock: () => number = () => performance.now(),
  ) {
    host.addController(this);
  }

  /** Asks for a render; it happens now, or once at the end of the current interval. */
  request(): void {
    if (this.#timer) return;
    const wait = this.#last + this.intervalMs - this.clock();
    if (wait <= 0) this.#fire();
    else
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#fire();
      }, wait);
  }

  /** Ticks every `everyMs` (through the throttle) while `on` is true; stops otherwise. */
  ticking(on: boolean, everyMs = 1000): void {
    if (on && !this.#tick) this.#tick = setInterval(() => this.request(), everyMs);
    if (!on && this.#tick) this.#stopTick();
  }

  #fire(): void {
    this.#last = this.clock();
    this.fired++;
    this.host.requestUpdate();
  }

  #stopTick(): void {
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopTick();
  }
}
