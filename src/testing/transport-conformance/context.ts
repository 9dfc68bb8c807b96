import type { Subscription, Transport } from '../../core/protocol/transport.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../../core/protocol/wire.js';
import type { ConformanceHarness } from '../conformance.js';
import { ConformanceError } from '../conformance-error.js';
import { add, applied, check, checkEnvelopes, range, same, seqsOf, sleep, TOPIC } from '../conformance-checks.js';
import { noteModel } from '../test-model.js';
import { RULE_MODELS } from './shipped-model-rules.js';

/** Events a subscription has delivered so far, and the subscription that delivers them. */
export interface Collected {
  events: EventEnvelope[];
  sub: Subscription;
}

/**
 * What every group of the transport conformance suite receives: the backend under test and the
 * set-up the groups share. One context serves one `describe` block; its room changes before each test.
 */
export interface ConformanceContext {
  /** The backend under test, as its author described it. */
  readonly harness: ConformanceHarness;
  /** The harness can drop and restore a connection (the cases that need it are skipped otherwise). */
  readonly canDrop: boolean;
  /**
   * Connects a new transport for `identity` in this test's room (or `options.room`), with the note
   * model (and the shipped models when the harness runs them) registered; it is closed after the test.
   * `options.before` sees the transport before anything else does.
   */
  client(identity: Actor, options?: { room?: string; before?: (t: Transport) => void }): Promise<Transport>;
  /** Drops `t`'s connection through the harness and waits until it is offline (only when `canDrop`). */
  drop(t: Transport): Promise<void>;
  /** Restores `t`'s connection through the harness and waits until it is open again. */
  restore(t: Transport): Promise<void>;
  /** Polls `cond` until it holds; fails with `what` after the harness's timeout. */
  waitFor(cond: () => boolean, what: string): Promise<void>;
  /** Lets the harness's quiet period pass, so anything still to arrive would have arrived. */
  quiet(): Promise<void>;
  /** Subscribes to `topic` from `since` and gathers every event delivered. */
  collect(t: Transport, topic: string, since: number): Collected;
  /** Every event of a topic, following hasMore (a fetch alone stops at maxPage). */
  fetchAll(t: Transport, topic?: string): Promise<{ events: EventEnvelope[]; head: number }>;
  /** Writes notes n1..n`n` as `actor`, in batches the transport accepts, and requires each applied. */
  writeNotes(t: Transport, actor: Actor, n: number, topic?: string): Promise<void>;
  /** Waits until `events` ends at `last`, lets a quiet period pass, then requires exactly from..last. */
  expectExactly(events: EventEnvelope[], from: number, last: number, topic: string, what: string): Promise<void>;
}

/**
 * Registers, in the current `describe` block, the hooks that give each test a fresh room and close
 * every transport it opened; returns the context its groups share.
 */
export function conformanceContext(harness: ConformanceHarness): ConformanceContext {
  const timeoutMs = harness.timeoutMs ?? 5000;
  const quietMs = harness.quietMs ?? 150;
  let room = '';
  let opened: Transport[] = [];

  beforeEach(() => {
    room = harness.room();
  });

  afterEach(async () => {
    const all = opened;
    opened = [];
    await Promise.all(all.map((t) => t.close().catch(() => {})));
  });

  async function client(identity: Actor, options: { room?: string; before?: (t: Transport) => void } = {}): Promise<Transport> {
    const t = await harness.create(identity);
    opened.push(t);
    options.before?.(t);
    t.registerModel?.(noteModel);
    if (harness.shippedModels) for (const m of RULE_MODELS) t.registerModel?.(m);
    await t.connect({ room: options.room ?? room, identity });
    check(t.status === 'open', `connect() resolved but status is ${t.status}`);
    return t;
  }

  async function waitFor(cond: () => boolean, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new ConformanceError(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(10);
    }
  }

  const quiet = () => sleep(quietMs);

  async function drop(t: Transport): Promise<void> {
    await harness.drop!(t);
    await waitFor(() => t.status === 'offline', 'offline after drop');
  }

  async function restore(t: Transport): Promise<void> {
    await harness.restore!(t);
    await waitFor(() => t.status === 'open', 'open after restore');
  }

  function collect(t: Transport, topic: string, since: number): Collected {
    const events: EventEnvelope[] = [];
    const sub = t.subscribe(topic, since, { onEvent: (e) => void events.push(e) });
    return { events, sub };
  }

  /** Sends in batches the transport accepts; returns the acks. */
  async function sendAll(t: Transport, ops: Operation[]): Promise<Ack[]> {
    const acks: Ack[] = [];
    for (let i = 0; i < ops.length; i += t.limits.maxBatch) acks.push(...(await t.send(ops.slice(i, i + t.limits.maxBatch))));
    return acks;
  }

  async function fetchAll(t: Transport, topic = TOPIC): Promise<{ events: EventEnvelope[]; head: number }> {
    const events: EventEnvelope[] = [];
    for (let since = 0; ;) {
      const page = await t.fetch(topic, since);
      events.push(...page.events);
      if (!page.hasMore) return { events, head: page.head };
      check(page.events.length > 0, 'hasMore with an empty page');
      since = page.events[page.events.length - 1]!.seq;
    }
  }

  async function writeNotes(t: Transport, actor: Actor, n: number, topic = TOPIC): Promise<void> {
    const acks = await sendAll(
      t,
      range(1, n).map((i) => add(actor, `n${i}`, topic)),
    );
    acks.forEach((a, i) => applied(a, `note ${i + 1}`));
  }

  async function expectExactly(events: EventEnvelope[], from: number, last: number, topic: string, what: string): Promise<void> {
    await waitFor(() => events.length > 0 && events[events.length - 1]!.seq >= last, `${what}: seq ${last}`);
    await quiet();
    same(seqsOf(events), range(from, last), `${what}: every seq exactly once, in order`);
    checkEnvelopes(events, topic);
  }

  return {
    harness,
    canDrop: Boolean(harness.drop && harness.restore),
    client,
    drop,
    restore,
    waitFor,
    quiet,
    collect,
    fetchAll,
    writeNotes,
    expectExactly,
  };
}
