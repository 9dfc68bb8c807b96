import { isActor, type Actor } from '../protocol/wire.js';

/**
 * Presence across the tabs of one browser over a room's BroadcastChannel: each instance says hello,
 * beats every `heartbeatMs`, and says bye on close; a peer that stops beating expires after `ttlMs`
 * (a crashed or frozen tab never says bye).
 */

/** A presence message on the channel. */
export interface PresenceMessage {
  presence: 'hello' | 'beat' | 'bye';
  /** Instance id of the sender (one per transport, so two tabs of one person are two peers). */
  from: string;
  actor: Actor;
}

/** True when `m` is a well-formed presence message. */
export function isPresenceMessage(m: unknown): m is PresenceMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  return (o.presence === 'hello' || o.presence === 'beat' || o.presence === 'bye') && typeof o.from === 'string' && isActor(o.actor);
}

/** Timing of channel presence. */
export interface PresenceTiming {
  heartbeatMs: number;
  ttlMs: number;
}

/** Tracks who else is present in the room, from channel messages. */
export class ChannelPresence {
  readonly #peers = new Map<string, { actor: Actor; seen: number }>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #lastKey = '';

  readonly #instance: string;
  readonly #self: Actor;
  readonly #post: (m: PresenceMessage) => void;
  readonly #changed: (present: Actor[]) => void;
  readonly #timing: PresenceTiming;

  constructor(
    instance: string,
    self: Actor,
    post: (m: PresenceMessage) => void,
    changed: (present: Actor[]) => void,
    timing: PresenceTiming,
  ) {
    this.#instance = instance;
    this.#self = self;
    this.#post = post;
    this.#changed = changed;
    this.#timing = timing;
  }

  /** Announces this instance and starts beating. */
  start(): void {
    if (this.#timer !== null) return;
    this.#send('hello');
    this.#timer = setInterval(() => {
      this.#send('beat');
      this.#sweep();
    }, this.#timing.heartbeatMs);
    this.#report();
  }

  /** Says bye and stops the timer; start() may follow (a page back from the bfcache). */
  stop(): void {
    if (this.#timer === null) return;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#send('bye');
    this.#peers.clear();
    this.#lastKey = '';
  }

  /** Number of live timers (for debugCounts). */
  get timers(): number {
    return this.#timer === null ? 0 : 1;
  }

  /** Applies a message from another instance. */
  handle(m: PresenceMessage): void {
    if (m.from === this.#instance) return;
    if (m.presence === 'bye') {
      this.#peers.delete(m.from);
    } else {
      const known = this.#peers.has(m.from);
      this.#peers.set(m.from, { actor: { id: m.actor.id, name: m.actor.name, role: m.actor.role }, seen: Date.now() });
      // Answer a newcomer at once, so it does not wait a full heartbeat to learn who is here.
      if (m.presence === 'hello' && !known) this.#send('beat');
    }
    this.#report();
  }

  /** Everyone present, this instance first. */
  present(): Actor[] {
    return [this.#self, ...[...this.#peers.values()].map((p) => p.actor)];
  }

  #sweep(): void {
    const cutoff = Date.now() - this.#timing.ttlMs;
    for (const [id, p] of this.#peers) if (p.seen < cutoff) this.#peers.delete(id);
    this.#report();
  }

  #report(): void {
    const present = this.present();
    const key = [...new Set(present.map((a) => `${a.id}\u0000${a.name}\u0000${a.role}`))].sort().join('\u0001');
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    this.#changed(present);
  }

  #send(presence: PresenceMessage['presence']): void {
    this.#post({ presence, from: this.#instance, actor: this.#self });
  }
}
