import { STATUS_TRANSITIONS, type ConnectionStatus, type Subscription, type Transport } from '../core/protocol/transport.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../core/protocol/wire.js';
import type { DebugCounts as TransportDebugCounts } from '../core/transports/shared.js';
import { ConformanceError } from './conformance-error.js';
import {
  check,
  same,
  sleep,
  ALICE,
  BOB,
  FACI,
  TOPIC,
  OTHER,
  op,
  add,
  rejectsWith,
  seqsOf,
  range,
  checkEnvelopes,
  applied,
  rejected,
} from './conformance-checks.js';
import { registerRulesCases, RULE_MODELS } from './conformance-rules.js';
import { noteModel } from './test-model.js';

/**
 * The transport conformance suite. It registers mocha `describe`/`it` blocks (globals), and uses no
 * assertion library, so a backend author can run it from any mocha setup:
 *
 *   runTransportConformance('my backend', { room: () => `r-${crypto.randomUUID()}`, create: async () => new MyTransport(url) });
 */

/** Counts a transport may expose as `debugCounts()`; the suite then requires zeros after close(). */
export type { DebugCounts as TransportDebugCounts } from '../core/transports/shared.js';

/** How the suite gets transports and injects faults. Optional hooks enable the cases that need them. */
export interface ConformanceHarness {
  /** A fresh room name; called once before each test, and every client of that test joins it. */
  room(): string;
  /**
   * A NEW transport, not connected yet (status `idle`): the suite attaches its status recorder, calls
   * `registerModel(noteModel)` when the transport has it, then `connect({ room, identity })`.
   * A networked backend must know `noteModel` itself. The suite closes every transport after each test.
   * Optional: a transport with a `debugCounts()` method (TransportDebugCounts) also gets its listener
   * accounting checked, and must report all zeros after close().
   */
  create(identity: Actor): Promise<Transport>;
  /** Drops `t`'s connection (it must go `offline`); enables the resume case. Needs `restore` too. */
  drop?(t: Transport): void | Promise<void>;
  /** Brings `t` back after `drop` (it must return to `open`). */
  restore?(t: Transport): void | Promise<void>;
  /** Makes `t`'s next send() reach the authority but throw as if the response was lost. */
  loseNextAck?(t: Transport): void | Promise<void>;
  /** How long to wait for live delivery before failing, in ms (default 5000). */
  timeoutMs?: number;
  /** Quiet period that proves nothing more arrives, in ms (default 150). */
  quietMs?: number;
  /**
   * The backend runs Pulsekit's shipped widget models (every backend that serves the widgets must):
   * enables the cases that check the rules of a topic (docs/protocol.md). The suite registers the
   * models with transports that take them; a networked backend must know them itself.
   */
  shippedModels?: boolean;
}

export { ConformanceError };

/** Registers the conformance cases for one transport under `describe('Transport conformance: <name>')`. */
export function runTransportConformance(name: string, harness: ConformanceHarness): void {
  const timeoutMs = harness.timeoutMs ?? 5000;
  const quietMs = harness.quietMs ?? 150;
  const canDrop = Boolean(harness.drop && harness.restore);

  describe(`Transport conformance: ${name}`, () => {
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

    function collect(t: Transport, topic: string, since: number): { events: EventEnvelope[]; sub: Subscription } {
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

    /** Every event of a topic, following hasMore (a fetch alone stops at maxPage). */
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

    /** Waits until `events` ends at `last`, lets a quiet period pass, then requires exactly from..last. */
    async function expectExactly(events: EventEnvelope[], from: number, last: number, topic: string, what: string): Promise<void> {
      await waitFor(() => events.length > 0 && events[events.length - 1]!.seq >= last, `${what}: seq ${last}`);
      await sleep(quietMs);
      same(seqsOf(events), range(from, last), `${what}: every seq exactly once, in order`);
      checkEnvelopes(events, topic);
    }

    if (harness.shippedModels) registerRulesCases((identity) => client(identity));

    describe('status', () => {
      it('makes only transitions listed in STATUS_TRANSITIONS and ends closed', async () => {
        const log: ConnectionStatus[] = [];
        let initial: ConnectionStatus = 'idle';
        const t = await client(ALICE, {
          before: (x) => {
            initial = x.status;
            x.onStatus((s) => log.push(s));
          },
        });
        same(initial, 'idle', 'a new transport starts idle');
        if (canDrop) {
          await harness.drop!(t);
          await waitFor(() => t.status === 'offline', 'offline after drop');
          await harness.restore!(t);
          await waitFor(() => t.status === 'open', 'open after restore');
        }
        await t.close();
        await t.close();
        same(t.status, 'closed', 'status after close()');
        check(log.includes('open'), `status log ${JSON.stringify(log)} never reached open`);
        same(log[log.length - 1], 'closed', 'last recorded status');
        let prev: ConnectionStatus = initial;
        for (const s of log) {
          check(STATUS_TRANSITIONS[prev].includes(s), `invalid transition ${prev} -> ${s} in ${JSON.stringify(log)}`);
          prev = s;
        }
      });
    });

    describe('ordering and acks', () => {
      it('acks every op in order and numbers each topic from 1 without gaps', async () => {
        const t = await client(ALICE);
        const batch = [add(ALICE, 'a1'), add(ALICE, 'b1', OTHER), add(ALICE, 'a2'), add(ALICE, 'a3')];
        const acks = await t.send(batch);
        same(acks.length, batch.length, 'one ack per op');
        same(
          acks.map((a) => a.opId),
          batch.map((o) => o.opId),
          'acks in op order',
        );
        same(
          acks.map((a, i) => applied(a, `op ${i}`)),
          [1, 1, 2, 3],
          'seqs per topic',
        );
        same(
          acks.map((a) => a.topic),
          batch.map((o) => o.topic),
          'ack topics',
        );
        applied((await t.send([add(ALICE, 'a4')]))[0], 'next batch');
        const page = await fetchAll(t);
        same(seqsOf(page.events), [1, 2, 3, 4], 'fetched seqs');
        same(page.head, 4, 'head');
        same(seqsOf((await fetchAll(t, OTHER)).events), [1], 'other topic seqs');
      });

      it('echoes the opId in acks and in every event envelope', async () => {
        const writer = await client(ALICE);
        const reader = await client(BOB);
        const { events } = collect(reader, TOPIC, 0);
        const ops = [add(ALICE, 'x'), add(ALICE, 'y')];
        const acks = await writer.send(ops);
        same(
          acks.map((a) => a.opId),
          ops.map((o) => o.opId),
          'ack opIds',
        );
        await expectExactly(events, 1, 2, TOPIC, 'live events');
        same(
          events.map((e) => e.opId),
          ops.map((o) => o.opId),
          'live event opIds',
        );
        const fetched = (await fetchAll(reader)).events;
        checkEnvelopes(fetched, TOPIC);
        same(
          fetched.map((e) => e.opId),
          ops.map((o) => o.opId),
          'fetched event opIds',
        );
        same(
          fetched.map((e) => e.type),
          ['add', 'add'],
          'event types',
        );
      });

      it('keeps rooms apart', async () => {
        const t = await client(ALICE);
        const elsewhere = await client(BOB, { room: harness.room() });
        await writeNotes(t, ALICE, 2);
        same((await fetchAll(elsewhere)).events.length, 0, 'events seen from another room');
        same(applied((await elsewhere.send([add(BOB, 'z')]))[0], 'other room'), 1, 'seq in the other room');
      });
    });

    describe('idempotency', () => {
      it('answers a repeated opId with duplicate and the first seq', async () => {
        const t = await client(ALICE);
        await writeNotes(t, ALICE, 2);
        const o = add(ALICE, 'once');
        const first = applied((await t.send([o]))[0], 'first send');
        const again = (await t.send([{ ...o, data: { text: 'once' } }]))[0];
        check(again?.status === 'duplicate', `second send: expected duplicate, got ${JSON.stringify(again)}`);
        same(again.seq, first, 'duplicate seq');
        same(again.opId, o.opId, 'duplicate opId');
        same((await fetchAll(t)).events.filter((e) => e.opId === o.opId).length, 1, 'events for the opId');
      });

      it('treats a repeated opId inside one batch as a duplicate', async () => {
        const t = await client(ALICE);
        const o = add(ALICE, 'twice');
        const acks = await t.send([o, o]);
        const seq = applied(acks[0], 'first copy');
        check(acks[1]?.status === 'duplicate' && acks[1].seq === seq, `second copy: ${JSON.stringify(acks[1])}`);
        same((await fetchAll(t)).head, 1, 'head');
      });

      it('applies an op once when it is sent concurrently from several connections', async () => {
        const t1 = await client(ALICE);
        const t2 = await client(ALICE);
        const o = add(ALICE, 'race');
        const others = range(1, 6).map((i) => add(ALICE, `other${i}`));
        const results = await Promise.all([t1.send([o]), t2.send([o]), t1.send([o]), ...others.map((x, i) => (i % 2 ? t1 : t2).send([x]))]);
        const forO = results.slice(0, 3).map((r) => r[0]!);
        same(forO.filter((a) => a.status === 'applied').length, 1, 'applied acks for the raced op');
        same(forO.filter((a) => a.status === 'duplicate').length, 2, 'duplicate acks for the raced op');
        const seqs = new Set(forO.map((a) => (a.status === 'rejected' ? -1 : a.seq)));
        same(seqs.size, 1, 'all acks of the raced op carry one seq');
        const page = await fetchAll(t1);
        same(seqsOf(page.events), range(1, 7), 'seqs');
        same(page.events.filter((e) => e.opId === o.opId).length, 1, 'events for the raced op');
      });

      (harness.loseNextAck ? it : it.skip)('answers duplicate when an op is resent after a lost ack', async () => {
        const t = await client(ALICE);
        const o = add(ALICE, 'lost');
        await harness.loseNextAck!(t);
        await rejectsWith(t.send([o]), 'send with a lost ack', { retryable: true });
        const retry = (await t.send([o]))[0];
        check(retry?.status === 'duplicate' && retry.seq === 1, `retry after lost ack: ${JSON.stringify(retry)}`);
        same((await fetchAll(t)).events.length, 1, 'events after the retry');
      });

      it("rejects an opId reused for different content with 'op_id_reused'", async () => {
        const t = await client(ALICE);
        const o = add(ALICE, 'original');
        applied((await t.send([o]))[0], 'original');
        const err = rejected((await t.send([{ ...o, data: { text: 'changed' } }]))[0], 'reused opId', 'op_id_reused');
        same(err.retryable, false, 'retryable');
        same((await fetchAll(t)).events.length, 1, 'events');
      });
    });

    describe('acks never tell who sent an event', () => {
      it("answers another participant's opId the same whatever the guessed sender: never 'duplicate'", async () => {
        const alice = await client(ALICE);
        const bob = await client(BOB);
        const o = add(ALICE, 'anonymous words');
        applied((await alice.send([o]))[0], 'original');
        // Bob rebuilds the op from the event he received and guesses the sender: right or wrong,
        // the answer must be the same refusal, or it would unmask anonymous authors.
        const right = rejected((await bob.send([o]))[0], 'resend naming the real sender', 'forbidden');
        const wrong = rejected((await bob.send([{ ...o, clientId: 'carol' }]))[0], 'resend naming someone else', 'forbidden');
        same(right.code, wrong.code, 'the same answer for a right and a wrong guess');
        const own = (await bob.send([{ ...o, clientId: BOB.id }]))[0];
        check(own?.status === 'rejected', `resend as himself: ${JSON.stringify(own)}`);
        same((await fetchAll(alice)).events.length, 1, 'events');
      });
    });

    describe('rejections and roles', () => {
      it('rejects with {code, message, retryable} and spends no seq', async () => {
        const t = await client(ALICE);
        const acks = await t.send([add(ALICE, 'ok1'), op(ALICE, TOPIC, 'fail', {}), add(ALICE, 'ok2')]);
        same(applied(acks[0], 'first'), 1, 'first seq');
        const err = rejected(acks[1], 'fail op', 'note_failed');
        same(err.retryable, false, 'retryable');
        same(applied(acks[2], 'third'), 2, 'seq after a rejection');
        rejected((await t.send([add(BOB, 'spoofed')]))[0], 'op whose clientId is not the connection', 'forbidden');
        rejected((await t.send([op(ALICE, 'nomodel:x', 'add', {})]))[0], 'op for an unknown kind');
        same((await fetchAll(t)).head, 2, 'head');
      });

      it('lets only facilitators run facilitator operations', async () => {
        const participant = await client(ALICE);
        const facilitator = await client(FACI);
        const err = rejected((await participant.send([op(ALICE, TOPIC, 'admin', {})]))[0], 'participant admin', 'forbidden');
        same(err.retryable, false, 'retryable');
        same(applied((await facilitator.send([op(FACI, TOPIC, 'admin', {})]))[0], 'facilitator admin'), 1, 'seq');
      });
    });

    describe('fetch and subscribe', () => {
      it('fetches since a cursor, page by page, with hasMore', async () => {
        const t = await client(ALICE);
        await writeNotes(t, ALICE, 7);
        const pageSize = Math.min(3, t.limits.maxPage);
        const seen: number[] = [];
        let cursor = 0;
        for (let guard = 0; guard < 20; guard++) {
          const page = await t.fetch(TOPIC, cursor, pageSize);
          check(page.events.length <= pageSize, `page of ${page.events.length} exceeds limit ${pageSize}`);
          checkEnvelopes(page.events, TOPIC);
          same(page.head, 7, 'head');
          seen.push(...seqsOf(page.events));
          cursor = seen[seen.length - 1] ?? cursor;
          if (!page.hasMore) break;
          check(page.events.length > 0, 'hasMore with an empty page');
        }
        same(seen, range(1, 7), 'paged seqs');
        const tail = await t.fetch(TOPIC, 7);
        same([tail.events.length, tail.hasMore, tail.head], [0, false, 7], 'fetch at head');
        // Clients ask for the head this way (an empty page from past any seq): the real head, not `since`.
        const past = await t.fetch(TOPIC, 1_000_000);
        same([past.events.length, past.hasMore, past.head], [0, false, 7], 'fetch from past the head');
        const mid = await t.fetch(TOPIC, 5);
        same(seqsOf(mid.events), [6, 7], 'fetch since 5');
        const empty = await t.fetch('note:never', 0);
        same([empty.events.length, empty.hasMore, empty.head], [0, false, 0], 'fetch of an empty topic');
      });

      it('hands off from fetch to subscribe under concurrent writers with no gap or duplicate', async () => {
        const w1 = await client(BOB);
        const w2 = await client(FACI);
        const reader = await client(ALICE);
        await writeNotes(w1, BOB, 5);
        const all = collect(reader, TOPIC, 0);
        const first = await reader.fetch(TOPIC, 0, 2);
        const cursor = first.events[first.events.length - 1]!.seq;
        const write = async (t: Transport, actor: Actor) => {
          for (let i = 0; i < 15; i++) applied((await t.send([add(actor, `c${i}`)]))[0], 'concurrent write');
        };
        const writing = Promise.all([write(w1, BOB), write(w2, FACI)]);
        await sleep(0);
        const tail = collect(reader, TOPIC, cursor);
        await writing;
        await expectExactly(tail.events, cursor + 1, 35, TOPIC, 'subscriber from the fetch cursor');
        await expectExactly(all.events, 1, 35, TOPIC, 'subscriber from 0');
      });

      (canDrop ? it : it.skip)('resumes after a dropped connection with no loss and no duplicates', async () => {
        const reader = await client(ALICE);
        const writer = await client(BOB);
        const { events } = collect(reader, TOPIC, 0);
        await writeNotes(writer, BOB, 3);
        await expectExactly(events, 1, 3, TOPIC, 'before the drop');
        await harness.drop!(reader);
        await waitFor(() => reader.status === 'offline', 'offline after drop');
        await rejectsWith(reader.send([add(ALICE, 'while offline')]), 'send while offline', { retryable: true });
        await Promise.all(range(1, 4).map((i) => writer.send([add(BOB, `during${i}`)])));
        await sleep(quietMs);
        same(seqsOf(events), [1, 2, 3], 'events delivered while offline');
        await harness.restore!(reader);
        await waitFor(() => reader.status === 'open', 'open after restore');
        await writeNotes(writer, BOB, 2);
        await expectExactly(events, 1, 9, TOPIC, 'after restore');
        same(applied((await reader.send([add(ALICE, 'back')]))[0], 'send after restore'), 10, 'seq after restore');
      });
    });

    describe('limits', () => {
      it('refuses a batch over maxBatch with a TransportError and applies none of it', async () => {
        const t = await client(ALICE);
        const { maxBatch } = t.limits;
        check(Number.isSafeInteger(maxBatch) && maxBatch > 0, 'limits.maxBatch is a positive integer');
        if (maxBatch <= 5000) {
          await rejectsWith(t.send(range(0, maxBatch).map((i) => add(ALICE, `b${i}`))), 'oversized batch', {
            retryable: false,
            code: 'too_large',
          });
          same((await fetchAll(t)).head, 0, 'head after a refused batch');
          const acks = await t.send(range(1, maxBatch).map((i) => add(ALICE, `b${i}`)));
          same(acks.filter((a) => a.status === 'applied').length, maxBatch, 'a batch of exactly maxBatch');
        }
      });

      it('never returns more than maxPage events from fetch', async () => {
        const t = await client(ALICE);
        const { maxPage } = t.limits;
        check(Number.isSafeInteger(maxPage) && maxPage > 0, 'limits.maxPage is a positive integer');
        if (maxPage > 2000) return;
        await writeNotes(t, ALICE, maxPage + 2);
        const big = await t.fetch(TOPIC, 0, maxPage + 10);
        check(big.events.length <= maxPage && big.events.length > 0, `fetch returned ${big.events.length} events; maxPage is ${maxPage}`);
        check(big.hasMore, 'hasMore when events remain');
        const dflt = await t.fetch(TOPIC, 0);
        check(dflt.events.length <= maxPage, `fetch without limit returned ${dflt.events.length} events`);
      });
    });

    describe('teardown', () => {
      it('stops delivery on Subscription.close() and on transport close(), and frees everything', async () => {
        const reader = await client(ALICE);
        const writer = await client(BOB);
        const inspect = (reader as Partial<{ debugCounts(): TransportDebugCounts }>).debugCounts?.bind(reader);
        if (inspect) {
          const before = inspect().listeners;
          const off = reader.onStatus(() => {});
          same(inspect().listeners, before + 1, 'listeners after onStatus');
          off();
          same(inspect().listeners, before, 'listeners after unsubscribing');
        }
        const main = collect(reader, TOPIC, 0);
        const other = collect(reader, OTHER, 0);
        await writeNotes(writer, BOB, 1);
        await writeNotes(writer, BOB, 1, OTHER);
        await expectExactly(main.events, 1, 1, TOPIC, 'main before close');
        await expectExactly(other.events, 1, 1, OTHER, 'other before close');
        other.sub.close();
        await writeNotes(writer, BOB, 1, OTHER);
        await sleep(quietMs);
        same(seqsOf(other.events), [1], 'events after Subscription.close()');
        if (inspect) same(inspect().subscriptions, 1, 'subscriptions after closing one');

        await reader.close();
        same(reader.status, 'closed', 'status after close()');
        await writeNotes(writer, BOB, 2);
        await sleep(quietMs);
        same(seqsOf(main.events), [1], 'events after transport close()');
        main.sub.close();
        // Subscribing after close() may throw or hand back a dead subscription; it must never deliver.
        let late: ReturnType<typeof collect> | null;
        try {
          late = collect(reader, TOPIC, 0);
        } catch {
          late = null;
        }
        await sleep(quietMs);
        same(late?.events.length ?? 0, 0, 'events for a subscription made after close()');
        late?.sub.close();
        await rejectsWith(reader.send([add(ALICE, 'late')]), 'send after close', { retryable: false });
        await rejectsWith(reader.fetch(TOPIC, 0), 'fetch after close', { retryable: false });
        if (inspect) {
          const c = inspect();
          same([c.subscriptions, c.timers, c.listeners], [0, 0, 0], 'debugCounts [subscriptions, timers, listeners] after close()');
        }
      });
    });
  });
}
