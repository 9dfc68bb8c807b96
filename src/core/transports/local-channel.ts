import { isActor, isTopic, type Actor } from '../protocol/wire.js';

/**
 * What the tabs of one browser tell each other about a room of LocalTransport, over its
 * BroadcastChannel: that a topic's head moved (so their subscriptions read it from IndexedDB), and
 * who is present. For presence each tab says hello, beats every `heartbeatMs` and says bye when it
 * closes; a peer that stops beating expires after `ttlMs` (a crashed or frozen tab never says bye).
 * Without BroadcastChannel the room still works, but other tabs see changes only on their next read
 * and nobody else is present.
 */

/** A message telling other tabs a topic's head moved. */
interface HeadMessage {
  topic: string;
  head: number;
}

/** A presence message on the channel. */
interface PresenceMessage {
  presence: 'hello' | 'beat' | 'bye';
  /** Instance id of the sender (one per transport, so two tabs of one person are two peers). */
  from: string;
  actor: Actor;
}

const isHeadMessage = (m: unknown): m is HeadMessage =>
  typeof m === 'object' &&
  m !== null &&
  isTopic((m as HeadMessage).topic) &&
  Number.isSafeInteger((m as HeadMessage).head) &&
  (m as HeadMessage).head >= 0;

function isPresenceMessage(m: unknown): m is PresenceMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  return (o.presence === 'hello' || o.presence === 'beat' || o.presence === 'bye') && typeof o.from === 'string' && isActor(o.actor);
}

/** What a room's channel reports to its transport. */
export interface RoomChannelEvents {
  /** Another tab moved `topic`'s head to `head`. */
  head(topic: string, head: number): void;
  /** Who is present changed: every peer that beats, this tab first. */
  presence(present: Actor[]): void;
}

/** Timing of channel presence. */
export interface PresenceTiming {
  heartbeatMs: number;
  ttlMs: number;
}

/** One tab's end of a room's channel: head announcements and presence, until `close()`. */
export class RoomChannel {
  readonly #instance: string;
  readonly #self: Actor;
  readonly #events: RoomChannelEvents;
  readonly #timing: PresenceTiming;
  #channel: BroadcastChannel | null = null;
  /** The other peers that beat, by instance id. */
  readonly #peers = new Map<string, { actor: Actor; seen: number }>();
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Who was reported present last, so an unchanged set is not reported again. */
  #lastKey = '';
  #dropPageListeners: (() => void) | null = null;

  /** Opens channel `name` as peer `instance` (one per transport) acting as `identity`. */
  constructor(name: string, instance: string, identity: Actor, events: RoomChannelEvents, timing: PresenceTiming) {
    this.#instance = instance;
    this.#self = identity;
    this.#events = events;
    this.#timing = timing;
    if (typeof BroadcastChannel !== 'function') {
      console.warn('[pulsekit] BroadcastChannel is missing: other tabs will not see changes live');
      return;
    }
    const channel = new BroadcastChannel(name);
    channel.onmessage = (e: MessageEvent) => {
      const m: unknown = e.data;
      if (isHeadMessage(m)) events.head(m.topic, m.head);
      else if (isPresenceMessage(m)) this.#handle(m);
      else console.warn('[pulsekit] dropped a malformed BroadcastChannel message', m);
    };
    this.#channel = channel;
    this.#start();
    this.#watchPage();
  }

  /** Live timers (the presence heartbeat), for debugCounts. */
  get timers(): number {
    return this.#timer === null ? 0 : 1;
  }

  /** Listeners held (the channel's, the page's), for debugCounts. */
  get listeners(): number {
    return (this.#channel ? 1 : 0) + (this.#dropPageListeners ? 2 : 0);
  }

  /** Tells the other tabs that `topic`'s head is now `head`. */
  announce(topic: string, head: number): void {
    const message: HeadMessage = { topic, head };
    this.#post(message);
  }

  /** Says bye and closes the channel and its listeners. */
  close(): void {
    this.#dropPageListeners?.();
    this.#dropPageListeners = null;
    this.#stop();
    if (this.#channel) {
      this.#channel.onmessage = null;
      this.#channel.close();
      this.#channel = null;
    }
  }

  /** Announces this tab and starts beating. */
  #start(): void {
    if (this.#timer !== null) return;
    this.#send('hello');
    this.#timer = setInterval(() => {
      this.#send('beat');
      this.#sweep();
    }, this.#timing.heartbeatMs);
    this.#report();
  }

  /** Says bye and stops beating; `#start()` may follow (a page back from the bfcache). */
  #stop(): void {
    if (this.#timer === null) return;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#send('bye');
    this.#peers.clear();
    this.#lastKey = '';
  }

  /**
   * A closing tab says bye at once instead of lingering until its heartbeat expires; a tab restored
   * from the back/forward cache says hello again.
   */
  #watchPage(): void {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const hide = () => this.#stop();
    const show = (e: PageTransitionEvent) => {
      if (e.persisted) this.#start();
    };
    window.addEventListener('pagehide', hide);
    window.addEventListener('pageshow', show);
    this.#dropPageListeners = () => {
      window.removeEventListener('pagehide', hide);
      window.removeEventListener('pageshow', show);
    };
  }

  /** Applies another tab's presence message. */
  #handle(m: PresenceMessage): void {
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

  #sweep(): void {
    const cutoff = Date.now() - this.#timing.ttlMs;
    for (const [id, p] of this.#peers) if (p.seen < cutoff) this.#peers.delete(id);
    this.#report();
  }

  /** Reports everyone present, this tab first, when the set changed. */
  #report(): void {
    const present = [this.#self, ...[...this.#peers.values()].map((p) => p.actor)];
    const key = [...new Set(present.map((a) => `${a.id}\u0000${a.name}\u0000${a.role}`))].sort().join('\u0001');
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    this.#events.presence(present);
  }

  #send(presence: PresenceMessage['presence']): void {
    const message: PresenceMessage = { presence, from: this.#instance, actor: this.#self };
    this.#post(message);
  }

  #post(m: HeadMessage | PresenceMessage): void {
    try {
      this.#channel?.postMessage(m);
    } catch (err) {
      console.warn('[pulsekit] BroadcastChannel post failed', err);
    }
  }
}
