import { rejectedAck } from '../protocol/acks.js';
import { fingerprint, safeProject, stepSafely, type SeenOp } from '../protocol/authority.js';
import { kindOf, type RoomFacts, type StoredEvent, type TopicModel } from '../protocol/model.js';
import { TransportError } from '../protocol/transport.js';
import {
  envelopeProblem,
  isActor,
  operationProblem,
  reject,
  type Ack,
  type Actor,
  type EventEnvelope,
  type Operation,
} from '../protocol/wire.js';
import { openDatabase, request, transactionDone } from './idb.js';

/**
 * IndexedDB schema and the authority's storage steps for LocalTransport. IndexedDB is the
 * authority: readwrite transactions over `events` and `topics` are serialized by the browser across
 * every tab, so the opId check and the seq assignment need no leader.
 */

/** Default database name; the BroadcastChannel of a room is `<dbName>:<room>`. */
export const LOCAL_DB_NAME = 'pulsekit-local-v1';
const DB_VERSION = 1;

/** A stored event: the event plus its room and the fingerprint of the op that made it (idempotency). */
export interface EventRecord extends StoredEvent {
  room: string;
  fp: string;
}

/** A topic's head and reduced state, kept beside its log so send() never folds history. */
export interface TopicRecord {
  room: string;
  topic: string;
  head: number;
  state: unknown;
}

/**
 * An open Pulsekit database: store `events` (EventRecord by room, topic, seq; index `byOp` by room,
 * opId) and store `topics` (TopicRecord by room, topic).
 */
export type LocalDb = IDBDatabase;

/** IndexedDB failed a transaction: retryable (a closed or busy database may be back shortly). */
const storageError = (what: string, err: unknown): TransportError =>
  new TransportError('storage_error', `IndexedDB refused the ${what}: ${(err as Error)?.message ?? String(err)}`, true);

/** Opens (and on first use creates) the database. */
export function openLocalDb(name: string, callbacks: { blocking(nextVersion: number | null): void; terminated(): void }): Promise<LocalDb> {
  return openDatabase(name, DB_VERSION, {
    upgrade(db) {
      const events = db.createObjectStore('events', { keyPath: ['room', 'topic', 'seq'] });
      // Unique: even a bug elsewhere cannot store two events for one opId in a room.
      events.createIndex('byOp', ['room', 'opId'], { unique: true });
      db.createObjectStore('topics', { keyPath: ['room', 'topic'] });
    },
    // `nextVersion` is null when another connection deletes the database.
    blocking: callbacks.blocking,
    terminated: callbacks.terminated,
  });
}

const after = (room: string, topic: string, since: number) => IDBKeyRange.bound([room, topic, since], [room, topic, Infinity], true, false);

const isTopicRecord = (r: unknown): r is TopicRecord =>
  typeof r === 'object' && r !== null && Number.isSafeInteger((r as TopicRecord).head) && (r as TopicRecord).head >= 0 && 'state' in r;

/** Returns the reason a stored event is unusable, or null. Storage can hold anything, so read it defensively. */
function storedEventProblem(e: unknown, topic: string): string | null {
  const problem = envelopeProblem(e);
  if (problem) return problem;
  const ev = e as StoredEvent;
  if (ev.topic !== topic) return `event belongs to ${ev.topic}`;
  if (!isActor(ev.actor)) return 'stored event has no valid actor';
  return null;
}

/**
 * A record of `page` as `viewer` receives it, projected by the topic's model; null, with a warning,
 * when the record is malformed.
 */
export function viewRecord(
  r: unknown,
  topic: string,
  page: RawPage,
  model: TopicModel<any> | undefined,
  viewer: Actor,
): EventEnvelope | null {
  const problem = storedEventProblem(r, topic);
  if (problem) {
    console.warn(`[pulsekit] dropped a malformed stored event of ${topic}: ${problem}`);
    return null;
  }
  // Without the storage-only fields.
  const { room: _room, fp: _fp, ...event } = r as EventRecord;
  return safeProject(model, page.topic?.state, event, viewer);
}

/** Result of one committed batch. */
export interface Committed {
  acks: Ack[];
  /** New head of every topic the batch advanced. */
  heads: Map<string, number>;
}

/**
 * Applies a batch in ONE readwrite transaction and resolves only after it committed, so an ack
 * never promises an event that a crash could still lose.
 */
export async function commitBatch(
  db: LocalDb,
  room: string,
  actor: Actor,
  ops: Operation[],
  models: ReadonlyMap<string, TopicModel<any>>,
  now: number,
  maxOpBytes: number,
  facts: RoomFacts = { present: null },
): Promise<Committed> {
  const tx = db.transaction(['events', 'topics'], 'readwrite');
  const done = transactionDone(tx);
  const events = tx.objectStore('events');
  const topics = tx.objectStore('topics');
  const byOp = events.index('byOp');
  const current = new Map<string, { head: number; state: unknown }>();
  const acks: Ack[] = [];
  const heads = new Map<string, number>();
  try {
    for (const raw of ops) {
      let op: Operation;
      try {
        // Checked up front: a value IndexedDB cannot clone would abort the whole batch's transaction.
        op = structuredClone(raw);
      } catch {
        acks.push(rejectedAck(raw, reject('bad_operation', 'Operation is not serializable.')));
        continue;
      }
      const seenRec: EventRecord | undefined = typeof op?.opId === 'string' ? await request(byOp.get([room, op.opId])) : undefined;
      const seen: SeenOp | undefined = seenRec
        ? { seq: Number(seenRec.seq), topic: String(seenRec.topic), fp: typeof seenRec.fp === 'string' ? seenRec.fp : '' }
        : undefined;
      let topic: { head: number; state: unknown } | undefined;
      if (!seen && !operationProblem(op)) {
        topic = current.get(op.topic) ?? (await loadTopic(tx, room, op.topic, models.get(kindOf(op.topic))));
      }
      const step = stepSafely(models, op, actor, seen, topic?.state, topic?.head ?? 0, now, maxOpBytes, facts);
      if (step.event) {
        // add(), not put(): an existing key means the head was wrong, and history must never be overwritten.
        await request(events.add({ ...step.event, room, fp: fingerprint(op) } satisfies EventRecord));
        await request(topics.put({ room, topic: step.event.topic, head: step.event.seq, state: step.state } satisfies TopicRecord));
        current.set(step.event.topic, { head: step.event.seq, state: step.state });
        heads.set(step.event.topic, step.event.seq);
      }
      acks.push(step.ack);
    }
    tx.commit?.();
    await done;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    await done.catch(() => {});
    throw storageError('batch', err);
  }
  return { acks, heads };
}

/** Reads a topic's head and state; rebuilds them from the log when the record is missing or damaged. */
async function loadTopic(tx: IDBTransaction, room: string, topic: string, model: TopicModel<any> | undefined) {
  const rec: unknown = await request(tx.objectStore('topics').get([room, topic]));
  if (isTopicRecord(rec)) return { head: rec.head, state: rec.state };
  if (rec !== undefined) console.warn(`[pulsekit] damaged topic record for ${topic}; rebuilding it from the event log`);
  const all: unknown[] = await request(tx.objectStore('events').getAll(after(room, topic, 0)));
  let head = 0;
  let state = model?.initial();
  for (const e of all) {
    const seq = (e as { seq?: unknown })?.seq;
    // Ceil, so the next seq is above even a damaged non-integer key and add() cannot collide.
    if (typeof seq === 'number') head = Math.max(head, Math.ceil(seq));
    if (!model || storedEventProblem(e, topic)) continue;
    try {
      state = model.evolve(state, e as StoredEvent);
    } catch (err) {
      console.warn('[pulsekit] skipped an event the model could not fold', err);
    }
  }
  return { head, state };
}

/** One page of a topic read in a single snapshot: records are unvalidated, the topic record is checked. */
export interface RawPage {
  records: unknown[];
  topic: TopicRecord | undefined;
}

/** Reads up to `count` records with seq greater than `since`, plus the topic record (for projection). */
export async function readPage(db: LocalDb, room: string, topic: string, since: number, count: number): Promise<RawPage> {
  let records: unknown[];
  let rec: unknown;
  try {
    const tx = db.transaction(['events', 'topics'], 'readonly');
    const reads = Promise.all([
      request(tx.objectStore('events').getAll(after(room, topic, since), count)),
      request(tx.objectStore('topics').get([room, topic])),
      transactionDone(tx),
    ]);
    // Committed at once: left to auto-commit, a busy page would hold the stores until it got round
    // to the results, and every other tab's send would wait (decisions §22).
    tx.commit?.();
    [records, rec] = await reads;
  } catch (err) {
    // The browser closing the database mid-read (LocalTransport opens it again): worth retrying.
    throw storageError('read', err);
  }
  if (rec !== undefined && !isTopicRecord(rec)) console.warn(`[pulsekit] damaged topic record for ${topic}; ignoring it`);
  return { records, topic: isTopicRecord(rec) ? rec : undefined };
}

/** Highest seq stored for a topic: its record's head, else its last event (0 when it has none). */
export async function topicHead(db: LocalDb, room: string, topic: string): Promise<number> {
  const tx = db.transaction(['events', 'topics'], 'readonly');
  const reads = Promise.all([
    request(tx.objectStore('topics').get([room, topic])),
    request(tx.objectStore('events').openCursor(after(room, topic, 0), 'prev')),
  ]);
  tx.commit?.();
  const [rec, last] = await reads;
  const seq = (last?.value as EventRecord | undefined)?.seq;
  return Math.max(isTopicRecord(rec) ? rec.head : 0, typeof seq === 'number' ? seq : 0);
}
