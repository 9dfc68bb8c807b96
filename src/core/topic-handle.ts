import type { TopicModel } from './model.js';
import type { SessionClient } from './session-client.js';
import { envelopeProblem, type Ack, type Actor, type EventEnvelope, type Operation, type RejectReason } from './wire.js';

/** Where one of my operations stands. */
export type PendingStatus = 'queued' | 'sending' | 'sent';

/** One of my operations the authority has not confirmed yet. */
export interface PendingOp {
  /** The operation. */
  op: Operation;
  /** queued (waiting for a connection), sending (in flight), sent (acknowledged, event not seen yet). */
  status: PendingStatus;
  /** Seq the authority gave it, once acknowledged. */
  seq?: number;
}

/** A rejection shown to the user. */
export interface TopicError extends RejectReason {
  /** Operation that was refused. */
  opId: string;
  /** Operation type that was refused. */
  type: string;
}

/** Listener for topic changes. */
export type TopicListener = () => void;

/**
 * A widget's live view of one topic: the state confirmed by the authority, with my pending
 * operations applied on top (optimistic), reconciled by opId as events arrive. Several widgets on a
 * page share one handle per topic through the session.
 */
export class TopicHandle<S> {
  /** Topic name. */
  readonly topic: string;
  /** Model folding this topic's events. */
  readonly model: TopicModel<S>;
  /** State confirmed by the authority. */
  confirmed: S;
  /** Highest seq folded into `confirmed`. */
  cursor = 0;
  /** True once the first fetch from the authority has completed. */
  loaded = false;
  /** My operations not confirmed yet, in send order. */
  pending: PendingOp[] = [];
  /** Latest rejection of one of my operations, until dismissed. */
  lastError: TopicError | null = null;

  #listeners = new Set<TopicListener>();
  #optimistic: S | null = null;
  #waiters = new Map<string, (ack: Ack) => void>();
  /** @internal reference count, managed by the session. */
  refs = 0;

  constructor(
    private readonly session: SessionClient,
    topic: string,
    model: TopicModel<S>,
  ) {
    this.topic = topic;
    this.model = model;
    this.confirmed = model.initial();
  }

  /** Confirmed state with my pending operations applied. */
  get state(): S {
    if (this.#optimistic === null) this.#optimistic = this.#computeOptimistic();
    return this.#optimistic;
  }

  /** The identity this handle acts as. */
  get me(): Actor {
    return this.session.identity;
  }

  /** Number of my operations on this topic waiting for a connection. */
  get queued(): number {
    return this.pending.filter((p) => p.status !== 'sent').length;
  }

  /**
   * Sends an operation: checked locally with the model (so an impossible action fails at once and
   * is never queued), stored durably in the outbox, shown optimistically, then delivered.
   * Resolves with the authority's ack (or the local rejection).
   */
  send<D>(type: string, data: D): Promise<Ack> {
    return this.session.enqueue(this, type, data);
  }

  /** Listens to every change (state, pending, errors). Returns the unsubscribe function. */
  subscribe(listener: TopicListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Clears the shown error. */
  dismissError(): void {
    this.lastError = null;
    this.changed();
  }

  /** Gives the handle back; the session closes the subscription when nobody uses it. */
  release(): void {
    this.session.release(this);
  }

  /**
   * @internal Folds one event from the transport. Malformed or repeated events are dropped. Returns
   * false for an event past a gap (seq > cursor + 1): it is not folded, because folding it would
   * move the cursor past events (or a snapshot) never seen; the caller fetches from the cursor.
   */
  receive(event: EventEnvelope): boolean {
    const problem = envelopeProblem(event);
    if (problem || event.topic !== this.topic) {
      console.warn(`[pulsekit] dropped a malformed event on ${this.topic}: ${problem ?? 'wrong topic'}`);
      return true;
    }
    if (event.seq <= this.cursor) return true;
    if (event.seq > this.cursor + 1) return false;
    try {
      this.confirmed = this.model.evolve(this.confirmed, event);
    } catch (err) {
      console.warn(`[pulsekit] ${this.topic}: the model could not fold event ${event.seq}:`, err);
    }
    this.cursor = event.seq;
    const i = this.pending.findIndex((p) => p.op.opId === event.opId);
    if (i >= 0) this.pending.splice(i, 1);
    this.changed();
    return true;
  }

  /** @internal Replaces the confirmed state with an authority snapshot. */
  applySnapshot(seq: number, state: S): void {
    if (seq <= this.cursor) return;
    this.confirmed = state;
    this.cursor = seq;
    // My acknowledged ops the snapshot already covers must not be applied a second time.
    this.pending = this.pending.filter((p) => p.status !== 'sent' || (p.seq ?? Infinity) > seq);
    this.changed();
  }

  /** @internal Adds one of my operations. */
  addPending(op: Operation, status: PendingStatus = 'queued'): void {
    if (this.pending.some((p) => p.op.opId === op.opId)) return;
    this.pending.push({ op, status });
    this.changed();
  }

  /** @internal Sets the status of pending operations. */
  markPending(opIds: Set<string>, status: PendingStatus): void {
    let touched = false;
    for (const p of this.pending) {
      if (opIds.has(p.op.opId) && p.status !== status) {
        p.status = status;
        touched = true;
      }
    }
    if (touched) this.changed();
  }

  /** @internal Applies the authority's ack for one of my operations. */
  settle(ack: Ack, op: Operation): void {
    const i = this.pending.findIndex((p) => p.op.opId === ack.opId);
    if (ack.status === 'rejected') {
      if (i >= 0) this.pending.splice(i, 1);
      this.lastError = { ...ack.error, opId: ack.opId, type: op.type };
    } else if (i >= 0) {
      // Keep it until its event is folded, unless the event is already in: no flicker either way.
      if (ack.seq <= this.cursor) this.pending.splice(i, 1);
      else {
        this.pending[i].status = 'sent';
        this.pending[i].seq = ack.seq;
      }
    }
    this.#waiters.get(ack.opId)?.(ack);
    this.#waiters.delete(ack.opId);
    this.changed();
  }

  /** @internal Settles every waiting send() with a rejection (the session is closing). */
  abandon(code: string, message: string): void {
    for (const [opId, resolve] of this.#waiters) resolve({ opId, topic: this.topic, status: 'rejected', error: { code, message, retryable: true } });
    this.#waiters.clear();
  }

  /** @internal Registers a promise resolver for an ack. */
  waitFor(opId: string, resolve: (ack: Ack) => void): void {
    this.#waiters.set(opId, resolve);
  }

  /** @internal Notifies listeners. */
  changed(): void {
    this.#optimistic = null;
    for (const l of [...this.#listeners]) {
      try {
        l();
      } catch (err) {
        console.error('[pulsekit] topic listener failed:', err);
      }
    }
  }

  #computeOptimistic(): S {
    let state = this.confirmed;
    const now = Date.now();
    for (const p of this.pending) {
      try {
        const d = this.model.decide(state, p.op, this.me, now);
        if (!d.ok) continue;
        state = this.model.evolve(state, {
          v: 1,
          topic: this.topic,
          seq: this.cursor + 1,
          opId: p.op.opId,
          type: d.type ?? p.op.type,
          data: d.data,
          at: now,
          actor: this.me,
        });
      } catch {
        // An op the model cannot fold is simply not shown optimistically.
      }
    }
    return state;
  }
}
