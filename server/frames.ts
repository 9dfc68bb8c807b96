/**
 * Turns hub outputs into what goes on the wire for one viewer, building as little JSON per viewer as
 * the projection allows: a fan-out to thousands of streams otherwise spends its time serializing the
 * same state again for every one of them (docs/decisions.md, 50).
 *
 * The model projects every output for every viewer (`projectFor`, `viewStateFor`), as before; only
 * serializing is shared. A top-level property of the projection that holds the very value the
 * output holds (the stored event's, or the state's) is serialized once per output; the others
 * (rewritten data, the viewer's own entry in a snapshot) for this viewer. A projection's key names
 * everything that can differ between viewers (the property names in order, and the JSON of each
 * property not taken from the output as is), so whole event envelopes are cached per key. (One
 * cached envelope per event keyed by actor visibility alone once let a facilitator's survey answer
 * go to participants while the model also rewrote the data: a key of everything that differs cannot.)
 */
import { presenceFor } from '../src/core/protocol/presence.js';
import { canModerate, type Actor } from '../src/core/protocol/wire.js';
import type { HubOutput } from './hub.js';
import { projectFor, viewStateFor } from './projection.js';

type EventOut = Extract<HubOutput, { kind: 'event' }>;
type SnapshotOut = Extract<HubOutput, { kind: 'snapshot' }>;
type PresenceOut = Extract<HubOutput, { kind: 'presence' }>;

/** One top-level property as it goes into an object's JSON: `"name":json`, or undefined when left out. */
type Entry = string | undefined;
/** A property taken from the output as is: its entry and its part of a key, built once per output. */
interface SharedEntry {
  entry: Entry;
  key: string;
}

/** Per output: each property of its base (event or state) serialized when first needed. */
const shared = new WeakMap<object, Map<string, SharedEntry>>();
/** Per event output: its envelope's JSON per projection key. */
const envelopes = new WeakMap<object, Map<string, string>>();

interface View {
  entries: Entry[];
  /** Equal keys (for one output) mean equal JSON. */
  key: string;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/**
 * The parts of `JSON.stringify(view)`, where `view` is one viewer's projection of `base`: what it
 * shares with `base` comes from `cache` (serialized once per output), the rest is serialized here
 * and named in the key.
 */
function viewOf(view: unknown, base: unknown, cache: Map<string, SharedEntry>): View {
  if (!isPlain(view) || !isPlain(base)) {
    const json = JSON.stringify(view);
    return { entries: [json], key: `=${json}` };
  }
  const entries: Entry[] = [];
  let key = '';
  for (const name of Object.keys(view)) {
    const value = view[name];
    if (Object.hasOwn(base, name) && base[name] === value) {
      let s = cache.get(name);
      if (!s) {
        const json = JSON.stringify(value);
        const n = JSON.stringify(name);
        cache.set(name, (s = { entry: json === undefined ? undefined : `${n}:${json}`, key: `${n}=,` }));
      }
      entries.push(s.entry);
      key += s.key;
    } else {
      const json = JSON.stringify(value);
      const n = JSON.stringify(name);
      entries.push(json === undefined ? undefined : `${n}:${json}`);
      key += `${n}:${json ?? '-'},`;
    }
  }
  return { entries, key };
}

/** The JSON of a view (entries left out as JSON.stringify leaves out undefined values and functions). */
function jsonOf(view: View): string {
  if (view.key.startsWith('=')) return view.entries[0] ?? 'null';
  return `{${view.entries.filter((e) => e !== undefined).join(',')}}`;
}

function sharedOf(out: object): Map<string, SharedEntry> {
  let m = shared.get(out);
  if (!m) shared.set(out, (m = new Map()));
  return m;
}

/** JSON of the event envelope as `viewer` may see it. */
export function eventJson(out: EventOut, viewer: Actor): string {
  const view = viewOf(projectFor(out.model, out.state, out.event, viewer), out.event, sharedOf(out));
  let m = envelopes.get(out);
  if (!m) envelopes.set(out, (m = new Map()));
  let json = m.get(view.key);
  if (json === undefined) m.set(view.key, (json = jsonOf(view)));
  return json;
}

/** JSON of `{topic, seq, state}` for `viewer`, or null when the model cannot give a view. */
export function snapshotJson(out: SnapshotOut, viewer: Actor): string | null {
  const state = viewStateFor(out.model, out.state, viewer);
  if (state === undefined) return null;
  return `{"topic":${JSON.stringify(out.topic)},"seq":${out.seq},"state":${jsonOf(viewOf(state, out.state, sharedOf(out)))}}`;
}

const presences = new WeakMap<object, { staff?: string; others?: string }>();

/**
 * JSON of presence as `viewer` may see it: the list of people for facilitators and producers, the
 * counts for everyone else. Built once per output for each of the two, not once per stream (a room
 * of 4,000 otherwise built 4,000 lists of 4,000 people per broadcast).
 */
export function presenceJson(out: PresenceOut, viewer: Actor): string {
  let m = presences.get(out);
  if (!m) presences.set(out, (m = {}));
  const which = canModerate(viewer.role) ? 'staff' : 'others';
  return (m[which] ??= JSON.stringify(presenceFor(viewer, out.participants)));
}
