/**
 * Storage reads (fetches, subscription replays) per participant and room: at most `concurrency`
 * run at once, at most `queued` wait; beyond that a read is refused with 429 `too_many_requests`
 * (issue #17). The database answers one query at a time, so without it one participant asking for
 * 20,000 topics at once put 40,000 queries ahead of every other room's writes.
 */
import { ApiError } from './errors.js';

/** The lane of a participant's reads in a room. */
export const readKey = (room: string, participant: string): string => `${room}\u0000${participant}`;

interface Lane {
  running: number;
  waiting: (() => void)[];
}

export class ReadGate {
  #lanes = new Map<string, Lane>();

  constructor(
    private readonly concurrency: number,
    private readonly queued: number,
  ) {}

  /**
   * Runs `read` in the lane of `key` (room + participant); throws 429 when the lane is full, unless
   * `alwaysWait` (for work bounded elsewhere: subscription replays, at most one per topic followed).
   */
  async run<T>(key: string, read: () => Promise<T>, alwaysWait = false): Promise<T> {
    let lane = this.#lanes.get(key);
    if (!lane) this.#lanes.set(key, (lane = { running: 0, waiting: [] }));
    if (lane.running < this.concurrency) {
      lane.running += 1;
    } else {
      if (!alwaysWait && lane.waiting.length >= this.queued) {
        throw new ApiError(
          429,
          'too_many_requests',
          `At most ${this.concurrency + this.queued} reads per participant may be pending; wait for the answers.`,
          true,
          { 'Retry-After': '1' },
        );
      }
      await new Promise<void>((resolve) => lane!.waiting.push(resolve)); // the finishing read hands its slot over
    }
    try {
      return await read();
    } finally {
      const next = lane.waiting.shift();
      if (next) next();
      else if (--lane.running === 0) this.#lanes.delete(key);
    }
  }
}
