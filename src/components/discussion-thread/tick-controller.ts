import type { LitElement, ReactiveController } from 'lit';
import { REFRESH_MS } from './thread-format.js';

/** Re-renders the host every 30 s so relative times stay true. */
export class TickController implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | null = null;
  constructor(private readonly host: LitElement) {
    host.addController(this);
  }
  hostConnected(): void {
    this.#timer ??= setInterval(() => this.host.requestUpdate(), REFRESH_MS);
  }
  hostDisconnected(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
