import { rejectedAck } from '../protocol/acks.js';
import { fingerprint, modelMap, safeProject, stepSafely, type SeenOp } from '../protocol/authority.js';
import { kindOf, type RoomFacts, type StoredEvent, type TopicModel } from '../protocol/model.js';
import { countParticipants } from '../protocol/presence.js';
import type { FetchResult } from '../protocol/transport.js';
import { reject, type Ack, type Actor, type EventEnvelope, type Operation } from '../protocol/wire.js';

/** Options of a MemoryHub. */
export interface MemoryHubOptions {
  /** Models the hub knows from the start; more can come through `registerModel`. */
  models?: TopicModel<any>[];
  /** Authority clock; tests pass a fake one. */
  now?: () => number;
  /**
   * Most events kept per topic (default: unlimited). Older ones are folded into a snapshot that
   * fetch() returns instead, as the viewer may see it (the model's `viewState`).
   */
  maxLog?: number;
}

/** What the hub calls back on a connected MemoryTransport. */
export interface HubMember {
  /** Who is connected (the actor of every op it sends). */
  readonly identity: Actor;
  /** A topic's head moved; pull what is new. */
  topicAdvanced(topic: string): void;
  /** Presence in the room changed; `present` lists the actor of every present connection. */
  presenceChanged(present: Actor[]): void;
}

/** Events a member has not seen yet; `resyncFrom` is set when trimmed history forced a jump. */
export interface Pending {
  events: EventEnvelope[];
  resyncFrom?: number;
}

/** One member's handle on a room of the hub. */
export interface HubConnection {
  /** Applies a batch in order, storing each event before its ack exists. */
  apply(ops: Operation[], maxOpBytes: number): Ack[];
  /** Reads a topic page for this member. */
  read(topic: string, since: number, limit: number): FetchResult;
  /** Everything after `cursor`, projected for this member. */
  pending(topic: string, cursor: number): Pending;
  /** Marks the connection present or away (a dropped connection is away). */
  setPresent(present: boolean): void;
  /** Leaves the room for good. */
  detach(): void;
}

interface TopicLog {
  log: StoredEvent[];
  head: number;
  state: unknown;
  /** Where trimmed history ends: events after `base.seq` are in `log`. */
  base: { seq: number; state: unknown } | null;
}

interface Room {
  topics: Map<string, TopicLog>;
  ops: Map<string, SeenOp>;
  members: Map<HubMember, boolean>;
}

/** An in-process authority for any number of rooms: the reference for every other transport. */
export class MemoryHub {
  private readonly models: Map<string, TopicModel<any>>;
  private readonly now: () => number;
  private readonly maxLog: number;
  private readonly rooms = new Map<string, Room>();

  constructor(options: MemoryHubOptions = {}) {
    this.models = modelMap(options.models ?? []);
    this.now = options.now ?? Date.now;
    const max = options.maxLog;
    this.maxLog = max !== undefined && Number.isSafeInteger(max) && max > 0 ? max : Infinity;
  }

  /** Teaches the hub a topic kind. Re-registering a kind replaces its model. */
  registerModel(model: TopicModel<any>): void {
    this.models.set(model.kind, model);
  }

  /** Joins `room` on behalf of a transport (used by MemoryTransport). */
  attach(roomName: string, member: HubMember): HubConnection {
    const room = this.room(roomName);
    room.members.set(member, false);
    return {
      apply: (ops, maxOpBytes) => this.apply(room, member.identity, ops, maxOpBytes),
      read: (topic, since, limit) => this.read(room, member.identity, topic, since, limit),
      pending: (topic, cursor) => this.pending(room, member.identity, topic, cursor),
      setPresent: (present) => {
        if (room.members.get(member) === present || !room.members.has(member)) return;
        room.members.set(member, present);
        this.presenceChanged(room);
      },
      detach: () => {
        const wasPresent = room.members.get(member);
        if (!room.members.delete(member)) return;
        if (wasPresent) this.presenceChanged(room);
      },
    };
  }

  private room(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = { topics: new Map(), ops: new Map(), members: new Map() };
      this.rooms.set(name, room);
    }
    return room;
  }

  private apply(room: Room, actor: Actor, ops: Operation[], maxOpBytes: number): Ack[] {
    const acks: Ack[] = [];
    const advanced = new Set<string>();
    const facts: RoomFacts = { present: countParticipants([...room.members].filter(([, p]) => p).map(([m]) => m.identity)) };
    for (const raw of ops) {
      let op: Operation;
      try {
        // A real wire would serialize; cloning keeps the caller's later mutations out of the log.
        op = structuredClone(raw);
      } catch {
        acks.push(rejectedAck(raw, reject('bad_operation', 'Operation is not serializable.')));
        continue;
      }
      const seen = typeof op?.opId === 'string' ? room.ops.get(op.opId) : undefined;
      const t = typeof op?.topic === 'string' ? room.topics.get(op.topic) : undefined;
      const step = stepSafely(this.models, op, actor, seen, t?.state, t?.head ?? 0, this.now(), maxOpBytes, facts);
      if (step.event) {
        const log = t ?? { log: [], head: 0, state: undefined, base: null };
        room.topics.set(step.event.topic, log);
        log.log.push(step.event);
        log.head = step.event.seq;
        log.state = step.state;
        room.ops.set(op.opId, { seq: step.event.seq, topic: step.event.topic, fp: fingerprint(op) });
        this.trim(log);
        advanced.add(step.event.topic);
      }
      acks.push(step.ack);
    }
    for (const topic of advanced) {
      for (const [member, present] of room.members) if (present) member.topicAdvanced(topic);
    }
    return acks;
  }

  private trim(t: TopicLog): void {
    if (t.log.length <= this.maxLog) return;
    const drop = t.log.splice(0, t.log.length - this.maxLog);
    const model = this.models.get(kindOf(drop[0]!.topic));
    let state = t.base ? t.base.state : model?.initial();
    for (const e of drop) state = model ? model.evolve(state, e) : state;
    t.base = { seq: drop[drop.length - 1]!.seq, state };
  }

  private read(room: Room, viewer: Actor, topic: string, since: number, limit: number): FetchResult {
    const t = room.topics.get(topic);
    if (!t) return { events: [], head: 0, hasMore: false };
    const result: FetchResult = { events: [], head: t.head, hasMore: false };
    let from = since;
    if (t.base && since < t.base.seq) {
      // As the viewer may see it (another participant's survey answers stay out), like the server's.
      const model = this.models.get(kindOf(topic));
      let state = t.base.state;
      try {
        if (model?.viewState) state = model.viewState(state, viewer);
      } catch (err) {
        console.warn(`[pulsekit] viewState of ${topic} threw; sending the initial state instead of the raw one`, err);
        state = model!.initial();
      }
      result.snapshot = { seq: t.base.seq, state: structuredClone(state) };
      from = t.base.seq;
    }
    const page = this.slice(viewer, t, topic, from, limit + 1);
    result.hasMore = page.length > limit;
    result.events = page.slice(0, limit);
    return result;
  }

  private pending(room: Room, viewer: Actor, topic: string, cursor: number): Pending {
    const t = room.topics.get(topic);
    if (!t || cursor >= t.head) return { events: [] };
    if (t.base && cursor < t.base.seq) {
      return { events: this.slice(viewer, t, topic, t.base.seq, Infinity), resyncFrom: t.base.seq };
    }
    return { events: this.slice(viewer, t, topic, cursor, Infinity) };
  }

  private slice(viewer: Actor, t: TopicLog, topic: string, after: number, count: number): EventEnvelope[] {
    const first = (t.base?.seq ?? 0) + 1;
    const start = Math.max(0, after + 1 - first);
    const end = count === Infinity ? t.log.length : Math.min(t.log.length, start + count);
    const model = this.models.get(kindOf(topic));
    // Clone per viewer, as a wire would: one subscriber mutating its copy cannot touch another's.
    return t.log.slice(start, end).map((e) => structuredClone(safeProject(model, t.state, e, viewer)));
  }

  private presenceChanged(room: Room): void {
    const present = [...room.members].filter(([, p]) => p).map(([m]) => m.identity);
    for (const [member, p] of room.members) if (p) member.presenceChanged(present);
  }
}
