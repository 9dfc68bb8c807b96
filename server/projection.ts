/**
 * What one viewer may see: events through `projectEvent` (the model's `actorVisible`), snapshots
 * through the model's `viewState`. A model that throws hides the actor / gives no snapshot.
 */
import { projectEvent, type StoredEvent, type TopicModel } from '../src/core/model.js';
import type { Actor, EventEnvelope } from '../src/core/wire.js';

/** The event as `viewer` may see it. */
export function projectFor(model: TopicModel<any> | undefined, state: unknown, event: StoredEvent, viewer: Actor): EventEnvelope {
  try {
    return projectEvent(model, state ?? model?.initial(), event, viewer);
  } catch {
    const { actor: _hidden, ...rest } = event;
    return event.actor.id === viewer.id ? { ...event } : rest;
  }
}

/** True when the model coalesces into per-viewer snapshots (it defines `viewState`). */
export const snapshots = (model: TopicModel<any> | undefined): boolean => typeof model?.viewState === 'function';

/** The state as `viewer` may see it, or undefined when the model cannot say. */
export function viewStateFor(model: TopicModel<any> | undefined, state: unknown, viewer: Actor): unknown {
  if (!model?.viewState) return undefined;
  try {
    return model.viewState(state ?? model.initial(), viewer);
  } catch {
    return undefined;
  }
}
