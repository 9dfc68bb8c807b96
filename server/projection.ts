/**
 * What one viewer may see: events through the same `safeProject` the embedded authorities use (the
 * model's `actorVisible` and `viewEvent`; a model that throws hides the actor, and the data when it
 * filters data), snapshots through the model's `viewState` (a model that throws gives no snapshot).
 */
import type { StoredEvent, TopicModel } from '../src/core/protocol/model.js';
import { safeProject } from '../src/core/protocol/authority.js';
import type { Actor, EventEnvelope } from '../src/core/protocol/wire.js';

/** The event as `viewer` may see it. */
export function projectFor(model: TopicModel<any> | undefined, state: unknown, event: StoredEvent, viewer: Actor): EventEnvelope {
  return safeProject(model, state ?? model?.initial(), event, viewer);
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
