import { reject, type Actor, type EventEnvelope, type Operation, type RejectReason } from './wire.js';
import type { StatementBuilder } from './xapi-types.js';

/**
 * A topic model is the pure heart of a widget: the authority uses `decide` + `evolve` to accept
 * operations, and the client uses the same functions to apply its own operations optimistically and
 * to fold the events it receives. No DOM, no clock, no randomness: `now` is passed in.
 */

/** An accepted event as the authority stores it: the actor is always known here. */
export interface StoredEvent<D = unknown> extends EventEnvelope<D> {
  actor: Actor;
}

/** The authority's verdict on one operation. */
export type Decision<D = unknown> = { ok: true; type?: string; data: D } | { ok: false; error: RejectReason };

/**
 * What an authority knows about the room beside the topic's state, handed to `decide` (decisions
 * §48). Only authorities pass it: a client's optimistic `decide` gets none, so nothing that depends
 * on it is decided by a client.
 */
export interface RoomFacts {
  /** Participants present (`presentParticipants`: staff never counted); null when the authority cannot tell. */
  present: number | null;
}

/** The pure model of one kind of topic (`poll`, `thread`, ...). */
export interface TopicModel<S = unknown> {
  /** Topic kind this model serves: the part of the topic name before the colon. */
  readonly kind: string;
  /** State of a topic with no events. */
  initial(): S;
  /**
   * Validates an operation against the state and the actor's role; returns the event data to store.
   * `room` is given by authorities only (absent in a client's optimistic apply).
   */
  decide(state: S, op: Operation, actor: Actor, now: number, room?: RoomFacts): Decision;
  /** Folds one event into the state. Must tolerate a missing actor (viewers of anonymous topics). */
  evolve(state: S, event: EventEnvelope): S;
  /**
   * Folds events in order (a catch-up, a replay, a load), giving exactly what `evolve` one at a time
   * would and leaving `state` as it was: lets a model copy what a long history changes once per
   * call instead of once per event (decisions §64). Defaults to `evolve` in a loop.
   */
  fold?(state: S, events: Iterable<EventEnvelope>): S;
  /** Whether `viewer` may see who caused `event`. Defaults to true. */
  actorVisible?(state: S, event: StoredEvent, viewer: Actor): boolean;
  /**
   * The event as `viewer` may receive it, for data only some viewers may see (another participant's
   * survey answers). Called on the stored event, before the actor is stripped. Defaults to as-is.
   */
  viewEvent?(event: StoredEvent, viewer: Actor): StoredEvent;
  /**
   * The state as `viewer` may see it, for snapshots an authority sends instead of many events
   * (a class of thousands voting). Defaults to the whole state.
   */
  viewState?(state: S, viewer: Actor): S;
  /** Largest accepted payload in bytes (JSON). */
  readonly maxDataBytes?: number;
  /**
   * Loads the builder of this kind's xAPI statements (docs/xapi.md). A loader, not the builder, so
   * pages that deliver no statements never download it. (`any`: a builder takes the state as a
   * parameter, which would make every model invariant in its state type.)
   */
  statements?(): Promise<StatementBuilder<any>>;
}

/** Kind part of a topic name. */
export const kindOf = (topic: string): string => topic.slice(0, topic.indexOf(':'));

/**
 * Folds events in order with the model's `fold` when it has one, skipping only an event the model
 * throws on (reported to `skipped`): a fold that throws leaves `state` as it was, so the same events
 * are then folded again one at a time with `evolve`.
 */
export function foldEach<S>(
  model: TopicModel<S>,
  state: S,
  events: readonly EventEnvelope[],
  skipped: (err: unknown, event: EventEnvelope) => void,
): S {
  if (model.fold) {
    try {
      return model.fold(state, events);
    } catch {
      // One at a time below, from the state the fold began with.
    }
  }
  for (const event of events) {
    try {
      state = model.evolve(state, event);
    } catch (err) {
      skipped(err, event);
    }
  }
  return state;
}

/** Projects a stored event for one viewer: strips the actor when the model keeps it private. */
export function projectEvent<S>(model: TopicModel<S> | undefined, state: S, event: StoredEvent, viewer: Actor): EventEnvelope {
  const visible = event.actor.id === viewer.id || !model?.actorVisible || model.actorVisible(state, event, viewer);
  const { actor, ...rest } = model?.viewEvent ? model.viewEvent(event, viewer) : event;
  return visible ? { ...rest, actor } : rest;
}

/** A refusal of `decide`: the reject code and a message for whoever sent the operation. */
export const refuse = (code: string, message: string): Decision => ({ ok: false, error: reject(code, message, false) });

/** An acceptance of `decide`, with the event data to store. */
export const accept = (data: unknown): Decision => ({ ok: true, data });
