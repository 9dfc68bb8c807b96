/**
 * Who is connected, per room (never persisted): distinct participant ids with at least one open
 * stream (SSE or WebSocket). Also counts streams per participant for the connection limit. Changes
 * are broadcast through the hub at most once per `intervalMs` per room.
 *
 * With several server processes (cluster/redis-cluster.ts), each shares its own streams (`share`)
 * and receives the others' (`setRemote`), which count for presence and for the connection limit
 * alike. A process that dies stops refreshing its share, and it expires.
 */
import { countParticipants, presenceFor } from '../src/core/protocol/presence.js';
import type { Presence } from '../src/core/protocol/transport.js';
import { canModerate, type Actor } from '../src/core/protocol/wire.js';
import type { Hub } from './hub.js';

/** One participant's open streams in one process. */
export interface SharedPerson {
  actor: Actor;
  streams: number;
}

export interface PresenceOptions {
  /** The first stream of a room opened in this process (the authority keeps the room current). */
  onOpen?(room: string): void;
  /** This process's streams of a room changed: `people` is its new list (empty: none left). */
  share?(room: string, people: SharedPerson[]): void;
}

interface Remote {
  people: SharedPerson[];
  /** Expiry (ms since epoch): the other process refreshes its share before then, or is gone. */
  until: number;
}

export class PresenceTracker {
  #rooms = new Map<string, Map<string, SharedPerson>>();
  #remote = new Map<string, Map<string, Remote>>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #expiry: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs: number,
    private readonly options: PresenceOptions = {},
  ) {}

  /** Open streams of this participant in this room, in every process. */
  streams(room: string, id: string): number {
    let n = this.#rooms.get(room)?.get(id)?.streams ?? 0;
    for (const r of this.#live(room)) n += r.people.find((p) => p.actor.id === id)?.streams ?? 0;
    return n;
  }

  /** True while this process has a stream open in `room`. */
  has(room: string): boolean {
    return this.#rooms.has(room);
  }

  /** Rooms with streams open in this process, and each one's participants. */
  local(): Map<string, SharedPerson[]> {
    return new Map(
      [...this.#rooms].map(([room, people]) => [room, [...people.values()].map((p) => ({ actor: { ...p.actor }, streams: p.streams }))]),
    );
  }

  /** Records one more stream of `actor`; returns its removal (safe to call twice). */
  join(room: string, actor: Actor): () => void {
    let people = this.#rooms.get(room);
    if (!people) {
      this.#rooms.set(room, (people = new Map()));
      this.options.onOpen?.(room);
    }
    const entry = people.get(actor.id);
    if (entry) {
      entry.streams += 1;
      entry.actor = { ...actor };
    } else {
      people.set(actor.id, { actor: { ...actor }, streams: 1 });
    }
    this.#changed(room);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const p = this.#rooms.get(room);
      const e = p?.get(actor.id);
      if (!p || !e) return;
      e.streams -= 1;
      if (e.streams <= 0) p.delete(actor.id);
      if (p.size === 0) this.#rooms.delete(room);
      this.#changed(room);
    };
  }

  /** Another process's streams of `room` (an empty list: it has none), valid until `until`. */
  setRemote(room: string, instance: string, people: SharedPerson[], until: number): void {
    let m = this.#remote.get(room);
    if (!m) this.#remote.set(room, (m = new Map()));
    if (people.length === 0) m.delete(instance);
    else m.set(instance, { people, until });
    if (m.size === 0) this.#remote.delete(room);
    this.#expiry ??= setInterval(() => this.#expire(), 1000);
    this.#expiry.unref?.();
    this.#changed(room, false);
  }

  /**
   * Presence of a room as `viewer` may see it. Every stream that opens asks; participants see only
   * counts, which are counted here without copying the list of people (in a room of thousands that
   * copy made joining quadratic).
   */
  get(room: string, viewer: Actor): Presence {
    if (canModerate(viewer.role) || this.#live(room).length > 0) return presenceFor(viewer, this.#raw(room).participants);
    const people = this.#rooms.get(room);
    let participantCount = 0;
    for (const p of people?.values() ?? []) if (p.actor.role === 'participant') participantCount += 1;
    return { count: people?.size ?? 0, participantCount };
  }

  /** Participants present in `room` now, in every process (staff not counted), without waiting for the next broadcast. */
  participants(room: string): number {
    return countParticipants(this.#raw(room).participants);
  }

  /** Stops pending broadcasts. */
  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    if (this.#expiry) clearInterval(this.#expiry);
    this.#expiry = null;
  }

  #live(room: string): Remote[] {
    const now = Date.now();
    return [...(this.#remote.get(room)?.values() ?? [])].filter((r) => r.until > now);
  }

  #raw(room: string): { count: number; participants: Actor[] } {
    const all = new Map<string, Actor>();
    for (const r of this.#live(room)) for (const p of r.people) all.set(p.actor.id, p.actor);
    for (const p of this.#rooms.get(room)?.values() ?? []) all.set(p.actor.id, p.actor);
    return { count: all.size, participants: [...all.values()].map((a) => ({ ...a })) };
  }

  /** Drops the shares of processes that stopped refreshing them (killed, or cut off from Redis). */
  #expire(): void {
    const now = Date.now();
    for (const [room, m] of this.#remote) {
      let gone = false;
      for (const [instance, r] of m) {
        if (r.until > now) continue;
        m.delete(instance);
        gone = true;
      }
      if (m.size === 0) this.#remote.delete(room);
      if (gone) this.#changed(room, false);
    }
    if (this.#remote.size === 0 && this.#expiry) {
      clearInterval(this.#expiry);
      this.#expiry = null;
    }
  }

  /** Broadcasts the room's presence (and shares this process's part) at most once per interval. */
  #changed(room: string, local = true): void {
    if (local) this.#shareDue.add(room);
    if (this.#timers.has(room)) return;
    this.#timers.set(
      room,
      setTimeout(() => {
        this.#timers.delete(room);
        if (this.#shareDue.delete(room)) this.options.share?.(room, this.local().get(room) ?? []);
        const raw = this.#raw(room);
        if (raw.count !== this.#sent.get(room)?.count || !sameIds(raw.participants, this.#sent.get(room)!.participants)) {
          this.#sent.set(room, raw);
          if (raw.count === 0) this.#sent.delete(room);
          // One output for the whole room: its frames are built once per kind of viewer (frames.ts).
          const out = { kind: 'presence' as const, ...raw };
          this.hub.broadcast(room, () => out);
        }
      }, this.intervalMs),
    );
  }

  #shareDue = new Set<string>();
  /** What was broadcast last per room: a change of stream counts alone is not news to the room. */
  #sent = new Map<string, { count: number; participants: Actor[] }>();
}

function sameIds(a: readonly Actor[], b: readonly Actor[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((x) => x.id));
  return b.every((x) => ids.has(x.id));
}
