/**
 * What the two live streams (SSE, http/sse.ts; WebSocket, ws.ts) share about flow:
 * - `CatchUp`: live outputs that arrive while a stream replays history are held, at most
 *   `catchUpBuffer` of them; past that the stream keeps only the latest presence and, once live,
 *   sends `resync` instead of what it dropped.
 * - `Backpressure`: past its byte limit a stream stops taking live outputs (the client cannot
 *   keep up, and buffering more only grows memory); once the unsent bytes fell below half the
 *   limit it sends `resync`, and the client catches up by fetch. A replay waits for the buffer
 *   to drain (`drained`) between pages instead of buffering the whole history.
 */
import type { HubOutput } from './hub.js';

/** How often a stream that fell behind looks at its buffer again, in ms. */
const POLL_MS = 25;
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** Outputs held while a replay runs; `release()` ends the replay. */
export class CatchUp {
  #held: HubOutput[] | null = [];
  #overflowed = false;

  constructor(private readonly max: number) {}

  /** Holds `out` while the replay runs (true), or says it is live (false: deliver it). */
  hold(out: HubOutput): boolean {
    const held = this.#held;
    if (!held) return false;
    if (!this.#overflowed && held.length >= this.max) {
      this.#overflowed = true;
      this.#held = held.filter((o) => o.kind === 'presence').slice(-1);
    }
    if (!this.#overflowed) held.push(out);
    else if (out.kind === 'presence') this.#held = [out];
    return true;
  }

  /**
   * Ends the replay: the held outputs, in order, and whether some were dropped (then only the
   * latest presence is left, and the stream must send `resync`).
   */
  release(): { held: HubOutput[]; overflowed: boolean } {
    const held = this.#held ?? [];
    this.#held = null;
    return { held, overflowed: this.#overflowed };
  }
}

/** Where a stream writes: its unsent bytes, and whether it closed. */
export interface FlowSink {
  /** Bytes written but not sent yet. */
  buffered(): number;
  /** The stream is closed (waits end). */
  closed(): boolean;
}

/** Backpressure of one stream (see the file comment). */
export class Backpressure {
  #overflowed = false;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly sink: FlowSink,
    private readonly limit: number,
    /** The stream stopped taking live outputs (log it). */
    private readonly onBehind: () => void,
    /** The buffer drained: send `resync`. */
    private readonly onRecovered: () => void,
  ) {}

  /** The stream fell behind: it takes no live outputs (nor heartbeats, nor presence) until it recovered. */
  get behind(): boolean {
    return this.#overflowed;
  }

  /** After a live write: past the limit the stream falls behind until its buffer is below half. */
  check(): void {
    if (this.#overflowed || this.sink.buffered() <= this.limit) return;
    this.#overflowed = true;
    this.onBehind();
    this.#timer = setInterval(() => {
      if (this.sink.closed()) return this.stop();
      if (this.sink.buffered() > this.limit / 2) return;
      this.stop();
      this.#overflowed = false;
      this.onRecovered();
    }, POLL_MS);
  }

  /** Waits (without buffering more) until the unsent bytes are within the limit, or the stream closed. */
  async drained(): Promise<void> {
    while (!this.sink.closed() && this.sink.buffered() > this.limit) await pause();
  }

  /** Stops watching (the stream closed). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
