import { DEFAULT_MAX_OP_BYTES } from '../protocol/authority.js';
import { callEach } from '../protocol/listeners.js';
import {
  STATUS_TRANSITIONS,
  TransportError,
  type ConnectionStatus,
  type ConnectOptions,
  type Presence,
  type PresenceListener,
  type StatusListener,
  type SubscribeHandlers,
  type TransportLimits,
} from '../protocol/transport.js';
import { isActor, isTopic, type EventEnvelope, type Operation } from '../protocol/wire.js';

/**
 * Pieces the embedded transports (memory, local) share: status bookkeeping, limits, presence
 * delivery and input checks. Internal to `src/core/transports`: what an authority shares with the reference
 * server (the safe step and projection, presence per viewer) is in `src/core/protocol`.
 */

/** Limits the embedded transports use unless told otherwise. */
export const DEFAULT_LIMITS: Readonly<TransportLimits> = { maxBatch: 100, maxPage: 500, maxOpBytes: DEFAULT_MAX_OP_BYTES };

/** What an embedded transport still holds; the conformance suite expects zeros after close(). */
export interface DebugCounts {
  /** Open subscriptions. */
  subscriptions: number;
  /** Live timers (intervals, timeouts). */
  timers: number;
  /** Registered listeners (status, presence, channel, abort signal). */
  listeners: number;
}

/** Merges caller limits over the defaults, ignoring values that are not positive integers. */
export function resolveLimits(partial: Partial<TransportLimits> | undefined): TransportLimits {
  const pick = (v: number | undefined, d: number) => (Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : d);
  return {
    maxBatch: pick(partial?.maxBatch, DEFAULT_LIMITS.maxBatch),
    maxPage: pick(partial?.maxPage, DEFAULT_LIMITS.maxPage),
    maxOpBytes: pick(partial?.maxOpBytes, DEFAULT_LIMITS.maxOpBytes),
  };
}

/**
 * Connection status plus its listeners. Listeners run synchronously, but a change made from inside
 * a listener is queued, so every listener sees every status in the order it happened.
 */
export class StatusCell {
  status: ConnectionStatus = 'idle';
  readonly #listeners = new Set<StatusListener>();
  readonly #queue: ConnectionStatus[] = [];
  #emitting = false;
  #clearWhenIdle = false;

  /** Moves to `next` when STATUS_TRANSITIONS allows it; returns whether it moved. */
  set(next: ConnectionStatus): boolean {
    if (next === this.status) return false;
    if (!STATUS_TRANSITIONS[this.status].includes(next)) {
      console.warn(`[pulsekit] ignored status change ${this.status} -> ${next}`);
      return false;
    }
    this.status = next;
    this.#queue.push(next);
    if (!this.#emitting) this.#flush();
    return true;
  }

  on(listener: StatusListener): () => void {
    if (this.status === 'closed') return () => {};
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Drops every listener once pending notifications (including `closed`) went out. */
  dispose(): void {
    if (this.#emitting) this.#clearWhenIdle = true;
    else this.#listeners.clear();
  }

  get size(): number {
    return this.#listeners.size;
  }

  #flush(): void {
    this.#emitting = true;
    try {
      for (let s = this.#queue.shift(); s !== undefined; s = this.#queue.shift()) callEach(this.#listeners, 'status listener', s);
    } finally {
      this.#emitting = false;
      if (this.#clearWhenIdle) {
        this.#clearWhenIdle = false;
        this.#listeners.clear();
      }
    }
  }
}

/** Calls presence listeners in a microtask so a listener never runs inside the transport's own call stack. */
export function emitPresence(listeners: ReadonlySet<PresenceListener>, presence: Presence): void {
  queueMicrotask(() => callEach(listeners, 'presence listener', presence));
}

/** Throws a non-retryable TransportError when connect() options cannot work. */
export function checkConnectOptions(options: ConnectOptions | undefined): void {
  if (!options || typeof options.room !== 'string' || options.room.length < 1 || options.room.length > 256) {
    throw new TransportError('bad_request', 'connect() needs a room name of 1-256 characters.', false);
  }
  if (!isActor(options.identity)) throw new TransportError('bad_request', 'connect() needs an identity {id, name, role}.', false);
}

/**
 * The opening every transport's connect() shares: refuses a closed or already connected transport
 * and bad options, moves to `connecting`, and closes the transport when the signal aborts later.
 * Synchronous on purpose: an abort right after connect() must find the listener in place. Returns
 * `'aborted'` for a signal that was already aborted (the caller closes and throws), else what stops
 * listening to the signal (or null without one).
 */
export function beginConnect(cell: StatusCell, options: ConnectOptions, close: () => Promise<void>): 'aborted' | (() => void) | null {
  const from = cell.status;
  if (from === 'closed') throw notOpenError(from);
  if (from !== 'idle' && from !== 'failed') throw new TransportError('already_connected', `connect() called while ${from}.`, false);
  checkConnectOptions(options);
  const { signal } = options;
  if (signal?.aborted) return 'aborted';
  cell.set('connecting');
  if (!signal) return null;
  const onAbort = () => void close();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** The error every call gets when the transport is not open. */
export function notOpenError(status: ConnectionStatus): TransportError {
  if (status === 'closed') return new TransportError('closed', 'The transport is closed.', false);
  if (status === 'offline') return new TransportError('offline', 'The connection is offline.', true);
  if (status === 'failed') return new TransportError('failed', 'The transport failed; call connect() again.', false);
  return new TransportError('not_connected', 'Call connect() first.', true);
}

/** Refuses a batch that is not an array or exceeds `maxBatch`: nothing of it is applied. */
export function checkBatch(ops: Operation[], limits: TransportLimits): void {
  if (!Array.isArray(ops)) throw new TransportError('bad_request', 'send() takes an array of operations.', false);
  if (ops.length > limits.maxBatch) {
    throw new TransportError('too_large', `Batch of ${ops.length} operations exceeds maxBatch ${limits.maxBatch}.`, false);
  }
}

/** Refuses a fetch() or subscribe() from something that is not a topic or a cursor. */
export function checkCursor(topic: string, since: number): void {
  if (!isTopic(topic)) throw new TransportError('bad_request', `"${String(topic)}" is not a topic.`, false);
  if (!Number.isSafeInteger(since) || since < 0) throw new TransportError('bad_request', 'since must be a non-negative integer.', false);
}

/** Validates fetch() arguments and returns the effective page size. */
export function checkFetch(topic: string, since: number, limit: number | undefined, limits: TransportLimits): number {
  checkCursor(topic, since);
  if (limit === undefined) return limits.maxPage;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TransportError('bad_request', 'limit must be a positive integer.', false);
  return Math.min(limit, limits.maxPage);
}

/** Delivers to a subscriber and keeps the transport alive if the subscriber throws. */
export function deliverSafely(onEvent: (e: EventEnvelope) => void, event: EventEnvelope): void {
  callEach([onEvent], 'subscriber onEvent', event);
}

/** Tells a subscriber to catch up by fetch; a throwing handler cannot break the transport's loop. */
export function resyncSafely(handlers: SubscribeHandlers, reason: string): void {
  callEach([handlers.onResync], 'subscriber onResync', reason);
}
