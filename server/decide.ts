/**
 * Decides one group of batches (docs/decisions.md, 15): every operation in arrival order with the
 * shared `stepSafely` (`authorityStep`), against the topic states the authority holds and what the store already
 * has. Synchronous on purpose: it runs inside the room's write transaction, under its lock
 * (storage `write`), so nothing can be stored for the room between the decision and its commit.
 */
import { fingerprint, stepSafely, type SeenOp } from '../src/core/protocol/authority.js';
import { kindOf, type RoomFacts, type StoredEvent, type TopicModel } from '../src/core/protocol/model.js';
import { reject, type Ack, type Actor, type Operation } from '../src/core/protocol/wire.js';
import { rejectedAck } from './isolate.js';
import type { RateGrants } from './rate-limit.js';
import type { AppendEvent, OutgoingStatement, TopicHead } from './storage/types.js';
import type { Committed, SubmitResult } from './authority.js';

/** One batch of a group: who sent it, its raw operations, and the rejections decided before it joined (malformed ops). */
export interface GroupBatch {
  actor: Actor;
  ops: unknown[];
  early: readonly (Ack | null)[];
}

/** A topic the authority did not have in memory when the group was decided: load it and decide again. */
export class TopicNotLoaded extends Error {
  constructor(readonly topic: string) {
    super(`topic ${topic} is not loaded`);
    this.name = 'TopicNotLoaded';
  }
}

export interface GroupInput {
  room: string;
  batches: readonly GroupBatch[];
  models: ReadonlyMap<string, TopicModel<any>>;
  /** What the store knows about the group's opIds (read before the lock, plus what other writers stored since). */
  seen(opId: string): SeenOp | undefined;
  /** A topic's head and state as last committed (undefined: not loaded). */
  topic(topic: string): TopicHead | undefined;
  /** The room cursor of the last stored event. */
  cursor: number;
  grants: RateGrants;
  /** Operations that already spent a token (a failed group decided again must not charge twice). */
  charged: WeakSet<object>;
  maxOpBytes: number;
  now: number;
  /** What the authority knows of the room (participants present), for models that decide on it. */
  facts?: RoomFacts;
  /** The xAPI statements to queue for an applied event, from its topic's state before it (none without an LRS). */
  statementsOf?: StatementsOf;
}

/** Builds the statements to queue for one applied event (server/lrs/statements.ts). */
export type StatementsOf = (room: string, event: StoredEvent, before: unknown, cursor: number) => OutgoingStatement[];

export interface GroupOutcome {
  events: AppendEvent[];
  committed: Committed[];
  /** Each touched topic's head and state after the group. */
  touched: Map<string, TopicHead>;
  /** One result per batch, in order. */
  results: SubmitResult[];
  /** xAPI statements of the events, queued with them. */
  statements: OutgoingStatement[];
}

/** The rate key of a participant in a room. */
export const rateKey = (room: string, actor: Actor) => `${room}\u0000${actor.id}`;

/**
 * Tokens the group needs per participant: one per well-formed operation that is not a retry of a
 * stored one (retries are free, so a client resending its outbox after a reconnect is not
 * throttled) and has not been charged already.
 */
export function tokensWanted(
  room: string,
  batches: readonly GroupBatch[],
  stored: ReadonlyMap<string, SeenOp>,
  charged: WeakSet<object>,
): Map<string, number> {
  const wanted = new Map<string, number>();
  const counted = new Set<string>();
  for (const b of batches) {
    const key = rateKey(room, b.actor);
    for (const [i, raw] of b.ops.entries()) {
      const op = raw as Operation;
      if (b.early[i] || charged.has(op) || stored.has(op.opId) || counted.has(op.opId)) continue;
      counted.add(op.opId);
      wanted.set(key, (wanted.get(key) ?? 0) + 1);
    }
  }
  return wanted;
}

/** Decides every batch in order; throws `TopicNotLoaded` when a topic it needs is not in memory. */
export function decideGroup(input: GroupInput): GroupOutcome {
  const { room, models, grants } = input;
  const seenInGroup = new Map<string, SeenOp>();
  const touched = new Map<string, TopicHead>();
  const events: AppendEvent[] = [];
  const committed: Committed[] = [];
  const results: SubmitResult[] = [];
  const statements: OutgoingStatement[] = [];
  const spent = new Map<string, number>();
  let cursor = input.cursor;
  for (const b of input.batches) {
    const acks: Ack[] = [];
    const key = rateKey(room, b.actor);
    let limited = false;
    for (const [i, raw] of b.ops.entries()) {
      const early = b.early[i];
      if (early) {
        acks.push(early);
        continue;
      }
      const op = raw as Operation;
      const opId = op.opId;
      const seen = seenInGroup.get(opId) ?? input.seen(opId);
      // Retries of applied ops are free; everything else spends a token, once.
      if (!seen && !input.charged.has(op)) {
        const used = spent.get(key) ?? 0;
        if (grants.enabled && used >= (grants.granted.get(key) ?? 0)) {
          limited = true;
          acks.push(rejectedAck(op, reject('rate_limited', 'Too many operations per second; retry shortly.', true)));
          continue;
        }
        spent.set(key, used + 1);
        input.charged.add(op);
      }
      let topic: TopicHead | undefined;
      if (!seen && models.has(kindOf(op.topic))) {
        topic = touched.get(op.topic) ?? input.topic(op.topic);
        if (!topic) throw new TopicNotLoaded(op.topic);
      }
      // A model whose evolve() throws rejects only its own op (model_error, its stack on stderr).
      const step = stepSafely(models, op, b.actor, seen, topic?.state, topic?.head ?? 0, input.now, input.maxOpBytes, input.facts);
      if (step.event) {
        cursor += 1;
        const fp = fingerprint(op);
        events.push({ cursor, event: step.event, fp });
        committed.push({ cursor, event: step.event, state: step.state, fp });
        touched.set(step.event.topic, { head: step.event.seq, state: step.state });
        seenInGroup.set(opId, { seq: step.event.seq, topic: step.event.topic, fp });
        if (input.statementsOf) statements.push(...input.statementsOf(room, step.event, topic?.state, cursor));
      }
      acks.push(step.ack);
    }
    results.push(limited ? { acks, retryAfterS: grants.retryAfterS(key) } : { acks });
  }
  return { events, committed, touched, results, statements };
}
