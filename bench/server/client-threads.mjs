// The bench's participants in worker threads (client-worker.mjs): N connections spread over a few
// threads, so that the main thread, which drives the votes and holds the observer, is not the one
// working through thousands of incoming frames. `BENCH_CLIENT_THREADS` sets how many (default 2).
import { Worker } from 'node:worker_threads';
import { num } from './harness.mjs';

const WORKER = new URL('./client-worker.mjs', import.meta.url);

/** Connections of `kind` ('ws' | 'sse' | 'relay') held by worker threads; the i-th spec goes to thread i % threads. */
export class ClientThreads {
  /** Starts `threads` workers (BENCH_CLIENT_THREADS, default 2). */
  constructor(threads = Math.floor(num('BENCH_CLIENT_THREADS', 2))) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(WORKER));
    this.nextId = 1;
    this.waiting = new Map();
    /** Called with each vote's `{k, sentAt, ackAt, status, seq}`. */
    this.onAck = null;
    for (const w of this.workers) {
      w.on('message', (m) => {
        if (m.t === 'ack') return this.onAck?.(m);
        const done = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error) done?.reject(new Error(m.error));
        else done?.resolve(m);
      });
      w.on('error', (e) => console.log(`  client thread: ${e.stack ?? e}`));
    }
  }

  #ask(w, msg) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ ...msg, id });
    });
  }

  #all(msg) {
    return Promise.all(this.workers.map((w) => this.#ask(w, msg)));
  }

  /**
   * Connects every spec (`{id, token, url | origin + room, topics}`); resolves with the indexes
   * of the specs that connected and the number that failed. Each worker connects `concurrency / threads` at a time.
   */
  async connect(kind, specs, concurrency = 100) {
    const parts = this.workers.map(() => []);
    specs.forEach((s, i) => parts[i % parts.length].push({ ...s, index: i }));
    const per = Math.max(1, Math.ceil(concurrency / this.workers.length));
    const out = await Promise.all(this.workers.map((w, k) => this.#ask(w, { t: 'connect', kind, specs: parts[k], concurrency: per })));
    const failed = out.reduce((s, o) => s + o.failed, 0);
    for (const e of out.flatMap((o) => o.errors)) console.log(`  connect ${e}`);
    return { connected: out.flatMap((o) => o.connected).sort((a, b) => a - b), failed };
  }

  /** Counts only frames that name `topic` (null: every frame). */
  countTopic(topic) {
    return this.#all({ t: 'countTopic', topic: topic === null ? null : `"topic":"${topic}"` });
  }

  /** Remembers every client's count; `reached` waits for frames past this mark. */
  mark() {
    return this.#all({ t: 'mark' });
  }

  /** Wall-clock time of the last arrival once every client got `delta` frames past its mark, or null after `ms`. */
  async reached(delta, ms = 30_000) {
    const out = await this.#all({ t: 'reached', delta, ms });
    return out.some((o) => o.last === null) ? null : Math.max(...out.map((o) => o.last));
  }

  /** Frames counted over every client. */
  async frames() {
    return (await this.#all({ t: 'frames' })).reduce((s, o) => s + o.frames, 0);
  }

  /** Has the client of spec `i` send `op` (its ack comes to `onAck` with `k`). Spec i must have connected. */
  vote(i, k, op) {
    this.workers[i % this.workers.length].postMessage({ t: 'vote', index: i, k, op });
  }

  /** Closes every connection and ends the threads. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.race([this.#all({ t: 'close' }), new Promise((r) => setTimeout(r, 5000))]);
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
  }
}
