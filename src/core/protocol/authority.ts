import { rejectedAck } from './acks.js';
import { kindOf, projectEvent, type RoomFacts, type StoredEvent, type TopicModel } from './model.js';
import {
  operationProblem,
  PROTOCOL_VERSION,
  reject,
  type Ack,
  type Actor,
  type EventEnvelope,
  type Operation,
  type RejectReason,
} from './wire.js';

/**
 * The authority's single step, shared by every authority we ship (MemoryTransport, LocalTransport,
 * the reference server): check an operation, decide it with the topic's model, and produce the
 * event to store and the ack to return. Storage and fan-out stay with the caller, which must store
 * the event before it sends the ack.
 */

/** Default size limit of one operation's JSON. */
export const DEFAULT_MAX_OP_BYTES = 16 * 1024;

/** Fingerprint of an operation's content, to tell a retry from a reused opId. */
export const fingerprint = (op: Operation): string => JSON.stringify([op.clientId, op.topic, op.type, op.data]);

/** What the authority already knows about an opId. */
export interface SeenOp {
  seq: number;
  topic: string;
  fp: string;
}

/** Result of one authority step. */
export interface StepResult<S> {
  ack: Ack;
  /** Present when the op was applied: store it (and `state`) before acknowledging. */
  event?: StoredEvent;
  /** New topic state after the event. */
  state?: S;
}

/**
 * Decides one operation. `seen` is what the store has for this opId (or undefined), `state` and
 * `head` the topic's current state and last seq, `room` what the authority knows of the room
 * (participants present) for models that decide on it (a poll's quorum).
 */
export function authorityStep<S>(
  models: ReadonlyMap<string, TopicModel<any>>,
  op: Operation,
  actor: Actor,
  seen: SeenOp | undefined,
  state: S | undefined,
  head: number,
  now: number,
  maxOpBytes = DEFAULT_MAX_OP_BYTES,
  room: RoomFacts = { present: null },
): StepResult<S> {
  const refused = (error: RejectReason): StepResult<S> => ({ ack: rejectedAck(op, error) });
  const problem = operationProblem(op);
  if (problem) return refused(reject('bad_operation', problem));
  // Identity before the opId memory: every event carries its opId, so if a resend of someone
  // else's op with a guessed clientId could answer 'duplicate' (a match) or 'op_id_reused' (not),
  // anyone could learn who cast an anonymous vote or wrote an anonymous post.
  if (op.clientId !== actor.id) return refused(reject('forbidden', 'clientId does not match the connected participant.'));
  const { opId, topic } = op;
  if (seen) {
    if (seen.fp !== fingerprint(op)) return refused(reject('op_id_reused', 'This opId was already used for a different operation.'));
    return { ack: { opId, topic: seen.topic, status: 'duplicate', seq: seen.seq } };
  }
  const model = models.get(kindOf(topic));
  if (!model) return refused(reject('unknown_topic', `No model for topic kind "${kindOf(topic)}".`));
  const bytes = JSON.stringify(op).length;
  const limit = Math.min(maxOpBytes, model.maxDataBytes ?? maxOpBytes);
  if (bytes > limit) return refused(reject('too_large', `Operation is ${bytes} bytes; the limit is ${limit}.`));
  const current = state ?? (model.initial() as S);
  let decision;
  try {
    decision = model.decide(current, op, actor, now, room);
  } catch (err) {
    // A model that throws on hostile data must not take the authority down with it.
    return refused(reject('bad_operation', `Model rejected malformed data: ${(err as Error).message}`));
  }
  if (!decision.ok) return refused(decision.error);
  const event: StoredEvent = {
    v: PROTOCOL_VERSION,
    topic,
    seq: head + 1,
    opId,
    type: decision.type ?? op.type,
    data: decision.data,
    at: now,
    actor: { id: actor.id, name: actor.name, role: actor.role },
  };
  return { ack: { opId, topic, status: 'applied', seq: event.seq }, event, state: model.evolve(current, event) as S };
}

/** A registry of models by kind, for authorities. */
export function modelMap(models: Iterable<TopicModel<any>>): Map<string, TopicModel<any>> {
  const map = new Map<string, TopicModel<any>>();
  for (const m of models) map.set(m.kind, m);
  return map;
}

/**
 * `authorityStep`, but a model whose `evolve` throws rejects only its own op (non-retryable, since a
 * retry would throw again) instead of failing the whole batch.
 */
export function stepSafely(...args: Parameters<typeof authorityStep>): StepResult<unknown> {
  try {
    return authorityStep(...args);
  } catch (err) {
    console.error('[pulsekit] the topic model threw while applying an operation', err);
    return { ack: rejectedAck(args[1], reject('model_error', `The topic model failed: ${(err as Error)?.message ?? String(err)}`)) };
  }
}

/**
 * Projects a stored event for a viewer; every authority's delivery path (the embedded ones and the
 * reference server) uses it. A model whose `actorVisible` or `viewEvent` throws on odd state must
 * not break delivery, and must not leak either: the viewer's own event goes whole; anyone else's
 * goes without its actor and, when the model rewrites data per viewer (`viewEvent`), with `data:
 * null`, since nothing then says which parts this viewer may see (models ignore data they cannot read).
 */
export function safeProject(model: TopicModel<any> | undefined, state: unknown, event: StoredEvent, viewer: Actor): EventEnvelope {
  try {
    return projectEvent(model, state, event, viewer);
  } catch (err) {
    console.warn(`[pulsekit] projecting ${event.topic} #${event.seq} threw; sending it without what the model might hide`, err);
    if (event.actor.id === viewer.id) return { ...event };
    const { actor: _actor, ...rest } = event;
    return model?.viewEvent ? { ...rest, data: null } : rest;
  }
}
