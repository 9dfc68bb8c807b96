/**
 * The outbound half of a session: my operations, from the durable outbox to the authority's ack.
 * Each one is checked, stored, shown as pending on its topic's handle, sent in batches with capped,
 * jittered backoff, and resent until acknowledged (the authority deduplicates by opId, so a resend
 * never counts twice); its `send()` is answered once. Internal to `src/core/client` (SessionClient
 * composes it with TopicSync).
 */
import { rejectedAck } from '../protocol/acks.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../protocol/backoff.js';
import { newOpId } from '../protocol/ids.js';
import { kindOf } from '../protocol/model.js';
import { TransportError } from '../protocol/transport.js';
import { ackProblem, reject, type Ack, type Operation } from '../protocol/wire.js';
import { IdbOutbox, type Outbox } from './outbox.js';
import type { SessionClient, SessionOptions } from './session-client.js';
import type { PendingOp, TopicHandle } from './topic-handle.js';

/**
 * One of my operations while delivery holds it: the PendingOp its topic's handle shows, and whether
 * it is parked (see `opened()`).
 */
interface Outgoing extends PendingOp {
  /**
   * An in-page authority refused it `unknown_topic` because no widget of its kind has opened a
   * topic here yet: it waits (in the outbox too) until one does.
   */
  parked?: boolean;
}

/** Ready to go out: stored (or kept in memory) and not parked. */
const ready = (p: Outgoing): boolean => p.status !== 'saving' && !p.parked;

/** Delivers one session's operations; the session's open topics show them as pending. */
export class OutboxDelivery {
  readonly #session: Pick<SessionClient, 'room' | 'transport' | 'identity'>;
  /** The session's open topics (TopicSync's map), to show my operations on. */
  readonly #topics: ReadonlyMap<string, TopicHandle<any>>;
  /** Tells the session that the queued or unsaved count changed. */
  readonly #notify: () => void;
  readonly #outbox: Outbox;
  readonly #ownsOutbox: boolean;
  readonly #backoff: BackoffOptions;
  readonly #maxQueued: number;
  /**
   * My operations until the authority answers them, in send order. Each record is also what its
   * topic's handle shows, so its status and durability are written in one place: `saving` while
   * its outbox write is in flight (lost if the page goes now), `durable` false after that when the
   * outbox failed and it is delivered from this page's memory only.
   */
  #ops = new Map<string, Outgoing>();
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #flushing = false;
  #started = false;
  #closed = false;
  #unwatch: (() => void) | undefined;
  /**
   * Resolvers of send() promises by opId. Held here, not by the handle: a widget moved in the DOM
   * releases its handle and opens a new one, and the ack must still reach the first caller.
   */
  #waiters = new Map<string, (ack: Ack) => void>();
  /**
   * Most ops per batch after the authority refused a batch as too large. Batches are cut by count
   * (`limits.maxBatch`), but a server also caps a request's bytes: several long posts can pass every
   * per-op limit and still make a body it refuses. Halving until one op is alone finds the size.
   */
  #batchCap = Infinity;

  constructor(
    session: Pick<SessionClient, 'room' | 'transport' | 'identity'>,
    topics: ReadonlyMap<string, TopicHandle<any>>,
    notify: () => void,
    options: SessionOptions,
  ) {
    this.#session = session;
    this.#topics = topics;
    this.#notify = notify;
    this.#outbox = options.outbox ?? new IdbOutbox();
    this.#ownsOutbox = !options.outbox;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#maxQueued = options.maxQueued ?? 500;
  }

  /** Number of my operations not yet acknowledged. */
  get queued(): number {
    return this.#count(ready);
  }

  /** Number of my operations that leaving the page now would lose (see `SessionClient.unsaved`). */
  get unsaved(): number {
    return this.#count((p) => !p.durable);
  }

  #count(test: (p: Outgoing) => boolean): number {
    let n = 0;
    for (const p of this.#ops.values()) if (test(p)) n++;
    return n;
  }

  /**
   * Starts delivering: what an earlier page left in the outbox (reload, crash, offline) goes first,
   * and from now on what other tabs cannot send for a topic open here. Call it before any await of
   * the session's start, so nothing queued meanwhile waits for the connection twice.
   */
  async start(): Promise<void> {
    this.#started = true;
    // Another tab holds ops for a topic it cannot send and this page has open: deliver them here.
    this.#unwatch = this.#outbox.watch?.(this.#outboxRoom, (topics) => void this.#adopt(topics));
    await this.#restore(() => true);
  }

  /** A handle was opened: it shows my ops of its topic, and parked ops of its kind go out. */
  opened(handle: TopicHandle<any>): void {
    let unparked = false;
    for (const p of this.#ops.values()) {
      if (p.op.topic === handle.topic) handle.addPending(p);
      if (p.parked && kindOf(p.op.topic) === handle.model.kind) {
        p.parked = false;
        unparked = true;
      }
    }
    if (unparked) {
      this.#notify();
      this.flushSoon(true);
    }
  }

  /** Creates, checks, stores and queues one operation; resolves with the authority's ack or the local refusal. */
  async send<D>(handle: TopicHandle<any>, type: string, data: D, opId = newOpId()): Promise<Ack> {
    const { identity } = this.#session;
    const op: Operation<D> = { opId, clientId: identity.id, topic: handle.topic, type, data, createdAt: Date.now() };
    if (this.#closed) return this.#refuse(handle, op, reject('closed', 'This session has been closed.'));
    // Check against what we know now: an impossible action fails at once instead of waiting in a queue.
    let decision;
    try {
      decision = handle.model.decide(handle.state, op, identity, Date.now());
    } catch (err) {
      decision = { ok: false as const, error: reject('bad_operation', (err as Error).message) };
    }
    if (!decision.ok) return this.#refuse(handle, op, decision.error);
    if (this.queued >= this.#maxQueued) {
      return this.#refuse(handle, op, reject('outbox_full', `More than ${this.#maxQueued} actions are waiting to be sent.`, true));
    }
    const acked = new Promise<Ack>((resolve) => this.#waiters.set(op.opId, resolve));
    // Shown at once, as being saved: it counts as queued (and is sent) only once it is durable.
    const pending: PendingOp = { op, status: 'saving', durable: false };
    handle.addPending(pending);
    this.#track(pending);
    try {
      await this.#outbox.put(this.#outboxRoom, op);
      pending.durable = true;
    } catch (err) {
      // Without durable storage (private mode quota, blocked IndexedDB) we still deliver from memory.
      console.warn('[pulsekit] outbox write failed; the action is kept in memory only:', err);
    }
    pending.status = 'queued';
    this.#notify();
    this.flushSoon(false);
    return acked;
  }

  /** Removes an op from the outbox once its event was folded and its statements delivered (a reload must not deliver them again). */
  forget(opId: string): void {
    this.#outbox.remove([opId]).catch((err) => console.warn('[pulsekit] outbox cleanup failed:', err));
  }

  /** Sends what waits as soon as possible; `resetBackoff` when the connection came (back): no waiting out an old delay. */
  flushSoon(resetBackoff: boolean): void {
    if (resetBackoff) this.#attempt = 0;
    if (this.#retryTimer && resetBackoff) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    if (!this.#retryTimer) queueMicrotask(() => void this.#flush());
  }

  #refuse(handle: TopicHandle<any>, op: Operation, error: ReturnType<typeof reject>): Ack {
    const ack = rejectedAck(op, error);
    handle.settle(ack, op);
    return ack;
  }

  /** The outbox key: the room, plus the authority when the transport names one (see `outboxScope`). */
  get #outboxRoom(): string {
    const scope = this.#session.transport.outboxScope;
    return scope ? `${this.#session.room} @ ${scope}` : this.#session.room;
  }

  /** Resolves the send() waiting for this ack, if any. */
  #answer(ack: Ack): void {
    this.#waiters.get(ack.opId)?.(ack);
    this.#waiters.delete(ack.opId);
  }

  /** Takes over my ops of `topics` from the shared outbox (another tab could not send them). */
  async #adopt(topics: string[]): Promise<void> {
    const open = new Set(topics.filter((t) => this.#topics.has(t)));
    if (open.size === 0 || this.#closed) return;
    await this.#restore((op) => open.has(op.topic));
    this.flushSoon(true);
  }

  /** Takes the stored ops `wanted` picks into delivery; without a readable outbox, continues without them. */
  async #restore(wanted: (op: Operation) => boolean): Promise<void> {
    try {
      // Another identity's leftovers (a shared computer, another participant-id) stay for their
      // owner: the authority would refuse them from us, and they would be lost.
      for (const op of await this.#outbox.list(this.#outboxRoom))
        if (op.clientId === this.#session.identity.id && wanted(op)) this.#track({ op, status: 'queued', durable: true });
    } catch (err) {
      console.warn('[pulsekit] could not read the outbox; continuing without it:', err);
    }
  }

  /** Takes an op into delivery (once per opId) and shows it on its topic's handle, if one is open. */
  #track(pending: PendingOp): void {
    const { op } = pending;
    if (this.#ops.has(op.opId)) return;
    this.#ops.set(op.opId, pending);
    this.#topics.get(op.topic)?.addPending(pending);
    this.#notify();
  }

  async #flush(): Promise<void> {
    // One batch at a time: what is `sending` is this batch, so the next one never picks it up.
    if (this.#flushing || this.#closed || !this.#started) return;
    const { transport } = this.#session;
    if (transport.status !== 'open') return; // a status change to open flushes again
    const batch = [...this.#ops.values()].filter(ready).slice(0, Math.min(transport.limits.maxBatch, this.#batchCap));
    if (batch.length === 0) return;
    this.#flushing = true;
    this.#mark(batch, 'sending');
    try {
      const acks = await transport.send(batch.map((p) => p.op));
      this.#attempt = 0;
      if (batch.length === this.#batchCap) this.#batchCap *= 2; // grow back after smaller batches pass
      await this.#applyAcks(batch, acks);
    } catch (err) {
      this.#mark(batch, 'queued');
      if (err instanceof TransportError && err.code === 'too_large' && batch.length > 1) {
        // Too large together, maybe not alone: send fewer at a time (flushed again below).
        this.#batchCap = Math.max(1, Math.floor(batch.length / 2));
      } else if (err instanceof TransportError && !err.retryable && (err.code === 'too_large' || err.code === 'bad_request')) {
        // The authority will never take these: say so instead of retrying forever.
        await this.#applyAcks(
          batch,
          batch.map((p) => rejectedAck(p.op, reject(err.code, err.message))),
        );
      } else if (err instanceof TransportError && !err.retryable && transport.status !== 'open') {
        // Closed or failed (a token that no longer works): keep the ops and wait for the status to
        // come back to open, which flushes again; retrying now would only spin.
      } else {
        // Retryable, or refused while the transport still says open (a 404 from a misrouted
        // endpoint, say): keep the ops and back off. Without the timer this resent at once, forever.
        this.#scheduleRetry();
      }
    } finally {
      this.#flushing = false;
    }
    if (this.queued > 0 && !this.#retryTimer) void this.#flush();
  }

  /** Sets the status of a batch's ops; each handle that shows one of them changes once. */
  #mark(batch: Outgoing[], status: 'queued' | 'sending'): void {
    const topics = new Set<string>();
    for (const p of batch) {
      p.status = status;
      topics.add(p.op.topic);
    }
    for (const topic of topics) this.#topics.get(topic)?.changed();
  }

  async #applyAcks(batch: Outgoing[], acks: Ack[]): Promise<void> {
    const done: string[] = [];
    const parked = new Set<string>();
    let retryLater = false;
    for (const p of batch) {
      const { op } = p;
      const ack = acks.find((a) => a && a.opId === op.opId);
      if (!ack || ackProblem(ack)) {
        // A missing or broken ack leaves the op's fate unknown: keep it, resend (idempotent).
        if (ack) console.warn('[pulsekit] dropped a malformed ack:', ackProblem(ack));
        retryLater = true;
        continue;
      }
      if (ack.status === 'rejected' && ack.error.retryable) {
        retryLater = true;
        p.status = 'queued';
        continue;
      }
      if (ack.status === 'rejected' && ack.error.code === 'unknown_topic' && !this.#topics.has(op.topic)) {
        // A leftover of a widget this page does not have (yet: an in-page authority knows a kind
        // only once its widget opens it). It stays in the outbox, waits here until such a widget
        // opens, and other tabs that have one open are told to send it.
        p.parked = true;
        p.status = 'queued';
        parked.add(op.topic);
        continue;
      }
      this.#ops.delete(op.opId);
      done.push(op.opId);
      this.#topics.get(op.topic)?.settle(ack, op);
      this.#answer(ack);
    }
    try {
      await this.#outbox.remove(done);
    } catch (err) {
      console.warn('[pulsekit] outbox cleanup failed (the authority deduplicates any resend):', err);
    }
    if (parked.size > 0) this.#outbox.announce?.(this.#outboxRoom, [...parked]);
    if (retryLater) this.#scheduleRetry();
    this.#notify();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || this.#closed) return;
    const delay = backoffDelay(this.#attempt++, this.#backoff);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#flush();
    }, delay);
  }

  /**
   * Stops delivering. Nothing is lost: queued ops stay in the outbox for the next page. Their send()
   * promises settle now, as retryable (callers must not resend: the next session delivers the op itself).
   */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#unwatch?.();
    const message = 'The session closed before the authority answered; the action stays queued.';
    for (const [opId, resolve] of this.#waiters) resolve(rejectedAck(this.#ops.get(opId)?.op ?? { opId }, reject('closed', message, true)));
    this.#waiters.clear();
  }

  /** Closes the outbox once the transport is closed, if the session made it: a host's may serve other sessions (and the next page's). */
  closeOutbox(): void {
    if (this.#ownsOutbox) this.#outbox.close();
  }
}
