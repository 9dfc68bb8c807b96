/**
 * Delivers the queued xAPI statements to the LRS (docs/decisions.md, 28). One loop per server
 * process: it takes the oldest batch that no other forwarder holds (`Storage.forwardStatements`),
 * POSTs it, and the storage then removes what the LRS stored and parks what it refused for good,
 * atomically. A batch the LRS refuses is sent again one statement at a time, so one bad statement
 * is parked alone and the rest go on. While the LRS cannot take statements (down, 5xx, 429) the
 * loop pauses with jittered exponential backoff, never shorter than the LRS's `Retry-After`, and
 * nothing in the queue changes. New statements wake an idle loop (`wake()`); an idle loop also
 * looks every `idlePollMs` (statements of a process that died, with several instances).
 */
import type { Logger } from '../log.js';
import type { ForwardOutcome, QueuedStatement, QueueFigures, Storage } from '../storage/types.js';
import type { LrsAnswer, LrsClient } from './client.js';

export interface ForwarderOptions {
  storage: Storage;
  client: Pick<LrsClient, 'post'>;
  batchSize: number;
  retry: { baseMs: number; capMs: number };
  idlePollMs: number;
  log: Logger;
}

/** What `/v1/health` says about delivery. */
export interface LrsFigures {
  /** Statements waiting in the storage (every process's), and parked ones. */
  queued: number;
  parked: number;
  /** Age of the oldest queued statement in seconds (null: none queued). */
  oldestS: number | null;
  /** Statements this process delivered since it started. */
  forwarded: number;
  /** True while the LRS cannot take statements; `lastStatus` is its last answer (null: no answer). */
  failing: boolean;
  lastStatus?: number | null;
}

type Unavailable = Extract<LrsAnswer, { kind: 'unavailable' }>;

/** `/v1/health` reads the queue's figures at most this often while the queue does not change. */
const FIGURES_MS = 1000;

export class Forwarder {
  #loop: Promise<void> | null = null;
  #closed = false;
  /** New statements were queued since the loop last looked. */
  #woken = false;
  #interrupt: (() => void) | null = null;
  /** Aborts the request in flight at shutdown, once the grace period is over. */
  readonly #abort = new AbortController();
  #failures = 0;
  #pauseUntil = 0;
  /** Set by a batch during which the LRS became unavailable. */
  #unavailable: Unavailable | null = null;
  #lastStatus: number | null = null;
  #forwarded = 0;
  /** The last figures read, and when (null: the queue changed since). */
  #figures: { at: number; read: Promise<QueueFigures> } | null = null;
  #lastFigures: QueueFigures = { queued: 0, parked: 0, oldestAt: null };

  constructor(private readonly o: ForwarderOptions) {}

  /** Starts the loop (once). */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Statements were queued: an idle loop looks at once (a paused one keeps its pause). */
  wake(): void {
    this.#woken = true;
    this.#figures = null;
    this.#interrupt?.();
  }

  /**
   * The figures for `/v1/health`. Read from the storage again once the queue changed here (so an
   * acknowledged operation's statements are in them), else at most once a second (other instances'
   * changes), so a flood of health checks costs the database little.
   */
  async figures(): Promise<LrsFigures> {
    const now = Date.now();
    if (!this.#figures || now - this.#figures.at >= FIGURES_MS) {
      const read = this.o.storage.queueFigures().then(
        (f) => (this.#lastFigures = f),
        () => this.#lastFigures, // storage trouble: the last figures; forwarding reports the trouble
      );
      this.#figures = { at: now, read };
    }
    const f = await this.#figures.read;
    return {
      queued: f.queued,
      parked: f.parked,
      oldestS: f.oldestAt === null ? null : Math.max(0, Math.round((Date.now() - f.oldestAt) / 1000)),
      forwarded: this.#forwarded,
      failing: this.#failures > 0,
      ...(this.#failures > 0 ? { lastStatus: this.#lastStatus } : {}),
    };
  }

  /** Stops the loop: a request in flight may finish within `graceMs`, then it is aborted (its statements stay queued). */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    this.#interrupt?.();
    const timer = setTimeout(() => this.#abort.abort(), graceMs);
    await this.#loop;
    clearTimeout(timer);
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      const pause = this.#pauseUntil - Date.now();
      if (pause > 0) {
        await this.#sleep(pause, false);
        continue;
      }
      this.#woken = false;
      this.#unavailable = null;
      let handed: number;
      let delivered = 0;
      try {
        handed = await this.o.storage.forwardStatements(this.o.batchSize, async (batch) => {
          const outcome = await this.#send(batch);
          delivered = outcome.done.length;
          return outcome;
        });
      } catch (err) {
        if (this.#closed) break;
        this.o.log.error('xapi.queue_failed', { err: err as Error });
        this.#backOff({ kind: 'unavailable', status: null, reason: `storage: ${(err as Error).message}` });
        continue;
      }
      this.#forwarded += delivered;
      if (handed > 0) this.#figures = null;
      if (this.#closed) break;
      if (this.#unavailable) {
        this.#backOff(this.#unavailable);
        continue;
      }
      if (handed > 0 && this.#failures > 0) {
        this.o.log.info('xapi.lrs_back', { after: this.#failures });
        this.#failures = 0;
      }
      if (handed === 0) await this.#sleep(this.o.idlePollMs, true);
    }
  }

  /** Sends a batch; what the LRS could not take now stays queued (and `#unavailable` says why). */
  async #send(batch: QueuedStatement[]): Promise<ForwardOutcome> {
    const outcome: ForwardOutcome = { done: [], parked: [] };
    const answer = await this.o.client.post(
      batch.map((s) => s.body),
      this.#abort.signal,
    );
    if (answer.kind === 'stored') {
      outcome.done = batch.map((s) => s.id);
    } else if (answer.kind === 'unavailable') {
      this.#unavailable = answer;
    } else if (batch.length === 1) {
      this.#settle(batch[0]!, answer, outcome);
    } else {
      // The LRS refused the batch because of some of its statements: find them, one at a time.
      for (const s of batch) {
        const alone = await this.o.client.post([s.body], this.#abort.signal);
        if (alone.kind === 'unavailable') {
          this.#unavailable = alone;
          break;
        }
        if (alone.kind === 'stored') outcome.done.push(s.id);
        else this.#settle(s, alone, outcome);
      }
    }
    return outcome;
  }

  /** A statement sent alone that the LRS did not store: already there (409: done) or refused for good (parked). */
  #settle(s: QueuedStatement, answer: Extract<LrsAnswer, { kind: 'conflict' | 'refused' }>, outcome: ForwardOutcome): void {
    if (answer.kind === 'conflict') {
      // Our ids are stable: the LRS holds this statement (or one it stored under the same id, if
      // the settings changed since). Sending it again could never succeed.
      this.o.log.warn('xapi.conflict', { id: s.id, room: s.room, cursor: s.cursor, reason: answer.reason });
      outcome.done.push(s.id);
      return;
    }
    this.o.log.error('xapi.parked', { id: s.id, room: s.room, cursor: s.cursor, status: answer.status, reason: answer.reason });
    outcome.parked.push({ id: s.id, status: answer.status, reason: answer.reason });
  }

  #backOff(answer: Unavailable): void {
    this.#failures += 1;
    this.#lastStatus = answer.status;
    const { baseMs, capMs } = this.o.retry;
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(30, this.#failures - 1));
    const delay = Math.max(ceiling / 2 + (Math.random() * ceiling) / 2, answer.retryAfterMs ?? 0);
    this.#pauseUntil = Date.now() + delay;
    const fields = {
      status: answer.status,
      reason: answer.reason,
      attempt: this.#failures,
      retryInMs: Math.round(delay),
      retryAfterMs: answer.retryAfterMs,
    };
    if (answer.settings)
      this.o.log.error('xapi.lrs_refused', {
        ...fields,
        note: 'the LRS refuses the server itself: check PULSEKIT_LRS_URL and the credentials',
      });
    else this.o.log.warn('xapi.lrs_unavailable', fields);
  }

  /** Waits `ms`; `wakeable`: new statements end the wait too. Shutdown always does. */
  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.#closed || (wakeable && this.#woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.#interrupt = () => {
        if (wakeable || this.#closed) done();
      };
    });
  }
}
