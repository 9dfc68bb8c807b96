import { isTopic, type Actor } from '../protocol/wire.js';
import { ChannelPresence, isPresenceMessage, type PresenceTiming } from './local-presence.js';

/**
 * What the tabs of one browser tell each other about a room of LocalTransport, over its
 * BroadcastChannel: that a topic's head moved (so their subscriptions read it from IndexedDB), and
 * who is present (ChannelPresence). Without BroadcastChannel the room still works, but other tabs
 * see changes only on their next read and nobody else is present.
 */

/** A message telling other tabs a topic's head moved. */
interface HeadMessage {
  topic: string;
  head: number;
}

const isHeadMessage = (m: unknown): m is HeadMessage =>
  typeof m === 'object' &&
  m !== null &&
  isTopic((m as HeadMessage).topic) &&
  Number.isSafeInteger((m as HeadMessage).head) &&
  (m as HeadMessage).head >= 0;

/** What a room's channel reports to its transport. */
export interface RoomChannelEvents {
  /** Another tab moved `topic`'s head to `head`. */
  head(topic: string, head: number): void;
  /** Who is present changed: every peer that beats, this tab first. */
  presence(present: Actor[]): void;
}

/** One tab's end of a room's channel: head announcements and presence, until `close()`. */
export class RoomChannel {
  #channel: BroadcastChannel | null = null;
  #presence: ChannelPresence | null = null;
  #dropPageListeners: (() => void) | null = null;

  /** Opens channel `name` as peer `instance` (one per transport) acting as `identity`. */
  constructor(name: string, instance: string, identity: Actor, events: RoomChannelEvents, timing: PresenceTiming) {
    if (typeof BroadcastChannel !== 'function') {
      console.warn('[pulsekit] BroadcastChannel is missing: other tabs will not see changes live');
      return;
    }
    const channel = new BroadcastChannel(name);
    channel.onmessage = (e: MessageEvent) => {
      const m: unknown = e.data;
      if (isHeadMessage(m)) events.head(m.topic, m.head);
      else if (isPresenceMessage(m)) this.#presence?.handle(m);
      else console.warn('[pulsekit] dropped a malformed BroadcastChannel message', m);
    };
    this.#channel = channel;
    this.#presence = new ChannelPresence(instance, identity, (m) => this.#post(m), events.presence, timing);
    this.#presence.start();
    this.#watchPage();
  }

  /** Live timers (the presence heartbeat), for debugCounts. */
  get timers(): number {
    return this.#presence?.timers ?? 0;
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
    this.#presence?.stop();
    this.#presence = null;
    if (this.#channel) {
      this.#channel.onmessage = null;
      this.#channel.close();
      this.#channel = null;
    }
  }

  /**
   * A closing tab says bye at once instead of lingering until its heartbeat expires; a tab restored
   * from the back/forward cache says hello again.
   */
  #watchPage(): void {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const hide = () => this.#presence?.stop();
    const show = (e: PageTransitionEvent) => {
      if (e.persisted) this.#presence?.start();
    };
    window.addEventListener('pagehide', hide);
    window.addEventListener('pageshow', show);
    this.#dropPageListeners = () => {
      window.removeEventListener('pagehide', hide);
      window.removeEventListener('pageshow', show);
    };
  }

  #post(m: unknown): void {
    try {
      this.#channel?.postMessage(m);
    } catch (err) {
      console.warn('[pulsekit] BroadcastChannel post failed', err);
    }
  }
}
