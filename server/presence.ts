/**
 * Who is connected, per room (never persisted): distinct participant ids with at least one open
 * stream (SSE or WebSocket). Also counts streams per participant for the connection limit. Changes
 * are broadcast through the hub at most once per `intervalMs` per room.
 */
import type { Presence } from '../src/core/transport.js';
import type { Actor } from '../src/core/wire.js';
import { presenceFor } from './frames.js';
import type { Hub } from './hub.js';

interface Entry {
  actor: Actor;
  streams: number;
}

export class PresenceTracker {
  #rooms = new Map<string, Map<string, Entry>>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs: number,
  ) {}

  /** Open streams of this participant in this room. */
  streams(room: string, id: string): number {
    return this.#rooms.get(room)?.get(id)?.streams ?? 0;
  }

  /** Records one more stream of `actor`; returns its removal (safe to call twice). */
  join(room: string, actor: Actor): () => void {
    let people = this.#rooms.get(room);
    if (!people) this.#rooms.set(room, (people = new Map()));
    const entry = people.get(actor.id);
    if (entry) {
      entry.streams += 1;
      entry.actor = { ...actor };
    } else {
      people.set(actor.id, { actor: { ...actor }, streams: 1 });
      this.#changed(room);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const p = this.#rooms.get(room);
      const e = p?.get(actor.id);
      if (!p || !e) return;
      e.streams -= 1;
      if (e.streams <= 0) {
        p.delete(actor.id);
        if (p.size === 0) this.#rooms.delete(room);
        this.#changed(room);
      }
    };
  }

  /** Presence of a room as `viewer` may see it. */
  get(room: string, viewer: Actor): Presence {
    return presenceFor(this.#raw(room), viewer);
  }

  /** Stops pending broadcasts. */
  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #raw(room: string): { count: number; participants: Actor[] } {
    const people = this.#rooms.get(room);
    return { count: people?.size ?? 0, participants: people ? [...people.values()].map((e) => e.actor) : [] };
  }

  #changed(room: string): void {
    if (this.#timers.has(room)) return;
    this.#timers.set(
      room,
      setTimeout(() => {
        this.#timers.delete(room);
        const raw = this.#raw(room);
        this.hub.broadcast(room, () => ({ kind: 'presence', ...raw }));
      }, this.intervalMs),
    );
  }
}
