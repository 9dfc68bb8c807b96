import { callEach } from '../protocol/listeners.js';
import type { StoredEvent, TopicModel } from '../protocol/model.js';
import type { SessionClient } from './session-client.js';
import { envelopeProblem, type Ack, type Actor, type EventEnvelope, type Operation, type RejectReason } from '../protocol/wire.js';

/**
 * Where one of my operations stands. `saving`: its outbox write is in flight, so a reload now could
 * lose it; the others come once it is durable (or kept in memory when the outbox failed).
 */
export type PendingStatus = 'saving' | 'queued' | 'sending' | 'sent';

/** One of my operations the authority has not confirmed yet. */
export interface PendingOp {
  /** The operation. */
  op: Operation;
  /** saving (being stored on this device), queued (waiting for a connection), sending (in flight), sent (acknowledged, event not seen yet). */
  status: PendingStatus;
  /**
   * Whether it is stored on this device (the outbox), so it survives a reload: false while saving,
   * and when the outbox failed and the operation is kept in this page's memory only.
   */
  durable: boolean;
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
 * Folding budget per task, in ms. A long history (a 10,000-post thread replayed by the
 * subscription) is folded in slices of this size with a task boundary between them, so the page
 * paints what is folded so far instead of freezing until the whole history is in.
 */
const SLICE_MS = 8;
/** Events always folded at once in a task, whatever the clock says (live traffic never waits). */
const MIN_SYNC = 64;
/**
 * Most events of a backlog folded in one call of the model's fold: a 500-event page in one, since
 * each call copies what it changes once (at 100,000 posts, about a slice's worth of time).
 */
const RUN = 1024;

/** Runs `fn` in a later task (not a microtask), so the browser can render in between. */
const nextTask: (fn: () => void) => void = (() => {
  if (typeof window !== 'undefined' && typeof MessageChannel === 'function') {
    // Not throttled like timers in background tabs, and no 4 ms clamp on nested calls.
    const queue: Array<() => void> = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
})();

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * A widget's live view of one topic: the state confirmed by the authority, with my pending
 * operations applied on top (optimistic), reconciled by opId as events arrive. Several widgets on a
 * page share one handle per topic through the session. Events are folded as they arrive, except
 * that a long burst (a history replayed on open) is folded in slices of a few milliseconds with the
 * page free to render in between: `state` then grows until `loaded`.
 */
export class TopicHandle<S> {
  /** Topic name. */
  readonly topic: string;
  /** Model folding this topic's events. */
  readonly model: TopicModel<S>;
  /** State confirmed by the authority. */
  confirmed: S;
  /**
   * Highest seq received from the authority, in order. Folded into `confirmed`, or waiting to be
   * when a long history is folded in slices (`backlog`); fetches and subscriptions continue from it.
   */
  cursor = 0;
  /** My operations not confirmed yet, in send order. */
  pending: PendingOp[] = [];
  /** Latest rejection of one of my operations, until dismissed. */
  lastError: TopicError | null = null;
  /** Authority time and opId of the latest folded event (a widget's clock estimates skew from it). */
  lastEvent: { at: number; opId: string } | null = null;

  #listeners = new Set<TopicListener>();
  #optimistic: S | null = null;
  /** Highest seq folded into `confirmed`. */
  #folded = 0;
  /** Received events not folded yet, in order (`#backlog[#next]` is the next one to fold). */
  #backlog: EventEnvelope[] = [];
  #next = 0;
  #sliceScheduled = false;
  /** Waiting for the backlog to be folded (see `drained()`). */
  #drainWaiters: Array<() => void> = [];
  /** Start of the current task's synchronous folding, and how many events it folded. */
  #taskStart: number | null = null;
  #taskFolded = 0;
  /** The authority's head when this handle started catching up (`learnHead`); -1 when it was not usable. */
  #head: number | null = null;
  #loaded = false;
  /** The session finished a catch-up from the cursor (only trusted when the head is unknown). */
  #sessionCaughtUp = false;
  /** @internal reference count, managed by the session. */
  refs = 0;

  readonly #session: SessionClient;

  constructor(session: SessionClient, topic: string, model: TopicModel<S>) {
    this.#session = session;
    this.topic = topic;
    this.model = model;
    this.confirmed = model.initial();
  }

  /**
   * True once the handle has caught up with the authority: every event up to the topic's head as it
   * was when the handle started (subscribe time) is folded into `confirmed`. Events the subscription
   * delivers before that are history being replayed, not a sign of being loaded. Stays true (until
   * a `restart()`).
   */
  get loaded(): boolean {
    if (!this.#loaded && this.#caughtUp()) this.#loaded = true;
    return this.#loaded;
  }

  /**
   * @internal The session finished a catch-up from the cursor, or its subscription delivered a live
   * event: relied on only when the authority's head is not known. Listeners hear of it once.
   */
  caughtUp(): void {
    if (this.loaded) return;
    this.#sessionCaughtUp = true;
    this.changed();
  }

  /** Received events still waiting to be folded (a long history is folded in slices). */
  get backlog(): number {
    return this.#backlog.length - this.#next;
  }

  /** @internal Resolves once every received event is folded (at once when nothing is waiting). */
  drained(): Promise<void> {
    return this.backlog === 0 ? Promise.resolve() : new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Highest seq folded into `confirmed` (equals `cursor` unless a `backlog` is being folded). */
  get folded(): number {
    return this.#folded;
  }

  /** Confirmed state with my pending operations applied. */
  get state(): S {
    if (this.#optimistic === null) this.#optimistic = this.#computeOptimistic();
    return this.#optimistic;
  }

  /** The identity this handle acts as. */
  get me(): Actor {
    return this.#session.identity;
  }

  /** Number of my operations on this topic waiting for a connection. */
  get queued(): number {
    return this.pending.filter((p) => p.status !== 'sent').length;
  }

  /**
   * Sends an operation: checked locally with the model (so an impossible action fails at once and
   * is never queued), stored durably in the outbox, shown optimistically, then delivered.
   * Resolves with the authority's ack (or the local rejection). `opId` is for a caller that must
   * name the operation before sending it (an event announcing it); by default a new one is made.
   */
  send<D>(type: string, data: D, opId?: string): Promise<Ack> {
    return this.#session.enqueue(this, type, data, opId);
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
    this.#session.release(this);
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
    this.cursor = event.seq;
    if (this.backlog === 0 && this.#mayFoldNow()) {
      this.#fold(event);
      this.changed();
    } else {
      // A long replay: keep it in order and fold it in slices, letting the page paint in between.
      this.#backlog.push(event);
      this.#scheduleSlice();
    }
    return true;
  }

  /** Whether this task may still fold synchronously (a small budget per task, then slices). */
  #mayFoldNow(): boolean {
    if (this.#taskStart === null) {
      this.#taskStart = now();
      this.#taskFolded = 0;
      nextTask(() => (this.#taskStart = null));
    }
    return this.#taskFolded++ < MIN_SYNC || now() - this.#taskStart < SLICE_MS;
  }

  #fold(event: EventEnvelope): void {
    const before = this.confirmed;
    try {
      this.confirmed = this.model.evolve(this.confirmed, event);
    } catch (err) {
      console.warn(`[pulsekit] ${this.topic}: the model could not fold event ${event.seq}:`, err);
    }
    this.#passed(event);
    if (this.pending.length > 0) {
      const i = this.pending.findIndex((p) => p.op.opId === event.opId);
      if (i >= 0) {
        this.pending.splice(i, 1);
        // One of mine: the authority accepted it, and this is its event as stored (with my actor).
        if (event.actor) this.#session.accepted(this.model, event as StoredEvent, before);
      }
    }
  }

  #passed(event: EventEnvelope): void {
    this.#folded = event.seq;
    this.lastEvent = { at: event.at, opId: event.opId };
  }

  #scheduleSlice(): void {
    if (this.#sliceScheduled) return;
    this.#sliceScheduled = true;
    nextTask(() => this.#foldSlice());
  }

  /** Folds the backlog for one slice of time, notifies once, and yields to the page. */
  #foldSlice(): void {
    this.#sliceScheduled = false;
    if (this.backlog === 0) return;
    const start = now();
    while (this.#next < this.#backlog.length && now() - start < SLICE_MS) {
      // A run in one fold of a model that has one (decisions §64); a fold that throws leaves the
      // state it began from as it was, so the run is then folded one event at a time, and only the
      // event the model throws on is skipped. With operations of mine pending, one event at a time:
      // the session is told of each one accepted, with the state before it.
      if (!this.model.fold || this.pending.length > 0) this.#fold(this.#backlog[this.#next++]!);
      else {
        const run = this.#backlog.slice(this.#next, this.#next + RUN);
        this.#next += run.length;
        try {
          this.confirmed = this.model.fold(this.confirmed, run);
          this.#passed(run.at(-1)!);
        } catch {
          for (const event of run) this.#fold(event);
        }
      }
    }
    const done = this.#next >= this.#backlog.length;
    if (done) {
      this.#backlog = [];
      this.#next = 0;
    } else {
      this.#scheduleSlice();
    }
    this.changed();
    if (done) for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }

  #caughtUp(): boolean {
    if (this.backlog > 0) return false;
    if (this.#head === null || this.#head < 0) return this.#sessionCaughtUp;
    return this.#folded >= this.#head;
  }

  /**
   * @internal The authority's head as the first page of the session's catch-up reported it (the
   * handle started or restarted since): `loaded` waits until everything up to it is folded. Without
   * a usable head, the session's own catch-up decides.
   */
  learnHead(head: number): void {
    if (this.#head !== null) return;
    this.#head = Number.isSafeInteger(head) && head >= 0 ? head : -1;
    if (this.loaded) this.changed();
  }

  /** @internal Replaces the confirmed state with an authority snapshot. */
  applySnapshot(seq: number, state: S): void {
    if (seq <= this.cursor) return;
    this.confirmed = state;
    this.cursor = this.#folded = seq;
    // Whatever was waiting to be folded is older than the snapshot.
    this.#backlog = [];
    this.#next = 0;
    // My acknowledged ops the snapshot already covers must not be applied a second time.
    this.pending = this.pending.filter((p) => p.status !== 'sent' || (p.seq ?? Infinity) > seq);
    this.changed();
  }

  /**
   * @internal Forgets everything folded, to fold the topic again from the start: the authority's
   * history now ends before this handle's cursor, so what was folded came from a history it lost
   * (restored from a backup, or its storage replaced) and would be wrong under what follows.
   */
  restart(): void {
    this.confirmed = this.model.initial();
    this.cursor = this.#folded = 0;
    this.#backlog = [];
    this.#next = 0;
    this.#head = null;
    // Not loaded until the history is folded again: widgets announce and report only loaded states.
    this.#loaded = this.#sessionCaughtUp = false;
    // Acknowledged ops waiting for their event point at seqs of the lost history.
    this.pending = this.pending.filter((p) => p.status !== 'sent');
    this.changed();
    for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }

  /**
   * @internal Shows one of my operations (once per opId). The record is OutboxDelivery's: it sets
   * the status and durability until the authority answers; the handle drops it once its event is
   * folded, or when it is refused.
   */
  addPending(pending: PendingOp): void {
    if (this.pending.some((p) => p.op.opId === pending.op.opId)) return;
    this.pending.push(pending);
    this.changed();
  }

  /** @internal Applies the authority's ack for one of my operations. */
  settle(ack: Ack, op: Operation): void {
    const i = this.pending.findIndex((p) => p.op.opId === ack.opId);
    if (ack.status === 'rejected') {
      if (i >= 0) this.pending.splice(i, 1);
      this.lastError = { ...ack.error, opId: ack.opId, type: op.type };
    } else if (i >= 0) {
      // Keep it until its event is folded, unless the event is already in: no flicker either way.
      if (ack.seq <= this.#folded) this.pending.splice(i, 1);
      else {
        this.pending[i].status = 'sent';
        this.pending[i].seq = ack.seq;
      }
    }
    this.changed();
  }

  /** @internal Notifies listeners. */
  changed(): void {
    this.#optimistic = null;
    callEach(this.#listeners, 'topic listener');
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
