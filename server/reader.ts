/**
 * Reads a topic for one viewer (HTTP fetch, WebSocket fetch and the catch-up of a WebSocket `sub`):
 * a page of projected events bounded by the topic's head, or, on a topic whose model has
 * `viewState`, a per-viewer snapshot at the head instead of the history when the viewer is far
 * behind or the topic is busy (streams are getting snapshots for it: after one, every client
 * fetches, and a snapshot from memory is far cheaper than pages of history).
 */
import { kindOf, type TopicModel } from '../src/core/protocol/model.js';
import type { FetchResult } from '../src/core/protocol/transport.js';
import type { Actor } from '../src/core/protocol/wire.js';
import type { Authority } from './authority.js';
import { projectFor, viewStateFor } from './projection.js';
import type { Storage } from './storage/types.js';

export interface ReaderOptions {
  authority: Authority;
  storage: Storage;
  models: ReadonlyMap<string, TopicModel<any>>;
  /** Behind by more than this, a topic with `viewState` is answered with a snapshot (0: never). */
  snapshotAfter: number;
  /** True while the hub coalesces the topic into snapshots: a fetch then gets one too. */
  busy?(room: string, topic: string): boolean;
}

/** A page plus the room cursor of each returned event (the WebSocket `event` message carries it). */
export interface Page {
  result: FetchResult;
  cursors: number[];
}

export async function readPage(o: ReaderOptions, room: string, topic: string, since: number, limit: number, viewer: Actor): Promise<Page> {
  const { head, state } = await o.authority.head(room, topic);
  if (since >= head) return { result: { events: [], head, hasMore: false }, cursors: [] };
  const model = o.models.get(kindOf(topic));
  if ((o.snapshotAfter > 0 && head - since > o.snapshotAfter) || o.busy?.(room, topic)) {
    const view = viewStateFor(model, state, viewer);
    if (view !== undefined) return { result: { events: [], head, hasMore: false, snapshot: { seq: head, state: view } }, cursors: [] };
  }
  const rows = await o.storage.readTopic(room, topic, since, head, limit);
  const events = rows.map((r) => projectFor(model, state, r.event, viewer));
  const last = events.length > 0 ? events[events.length - 1]!.seq : since;
  return { result: { events, head, hasMore: events.length > 0 && last < head }, cursors: rows.map((r) => r.cursor) };
}

/** Checks `since` and `limit` of a fetch; returns an error message or null. */
export function pageArgsProblem(since: unknown, limit: unknown): string | null {
  if (!Number.isSafeInteger(since) || (since as number) < 0) return 'since must be a non-negative integer.';
  if (limit !== undefined && (!Number.isSafeInteger(limit) || (limit as number) < 1)) return 'limit must be a positive integer.';
  return null;
}
