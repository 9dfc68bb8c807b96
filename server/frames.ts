/**
 * Turns hub outputs into what goes on the wire for one viewer. A projected event whose data the
 * model left as stored is the same for every viewer who may see its actor, and the same for every
 * viewer who may not, so its JSON is built at most twice per event however many streams carry it.
 * Data a model's `viewEvent` rewrote for this viewer (a survey answer stripped for other
 * participants) is keyed by its own JSON: one cached key per event once let a facilitator's frame,
 * answers included, go to participants, or a participant's stripped frame go to the facilitator.
 */
import type { Actor } from '../src/core/protocol/wire.js';
import type { HubOutput } from './hub.js';
import { projectFor, viewStateFor } from './projection.js';

type EventOut = Extract<HubOutput, { kind: 'event' }>;
type SnapshotOut = Extract<HubOutput, { kind: 'snapshot' }>;

const cache = new WeakMap<object, Map<string, string>>();

/** JSON of the event envelope as `viewer` may see it. */
export function eventJson(out: EventOut, viewer: Actor): string {
  const projected = projectFor(out.model, out.state, out.event, viewer);
  const key = ('actor' in projected ? 'a' : 'n') + (projected.data === out.event.data ? '' : JSON.stringify(projected.data));
  let m = cache.get(out);
  if (!m) cache.set(out, (m = new Map()));
  let json = m.get(key);
  if (json === undefined) m.set(key, (json = JSON.stringify(projected)));
  return json;
}

/** JSON of `{topic, seq, state}` for `viewer`, or null when the model cannot give a view. */
export function snapshotJson(out: SnapshotOut, viewer: Actor): string | null {
  const state = viewStateFor(out.model, out.state, viewer);
  return state === undefined ? null : JSON.stringify({ topic: out.topic, seq: out.seq, state });
}
