/// <reference types="node" />
// The storage conformance suite: what the authority relies on from a store, run against the
// embedded SQLite store (storage.test.ts) and against a real PostgreSQL (storage-postgres.test.ts).
// First the store alone (reads, the write lock and its tail, all-or-nothing, checkpoints,
// migrations), then the authority's group commit and checkpoints on top of it (docs/decisions.md, 15).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprint, modelMap } from '../../src/core/protocol/authority.js';
import { pollModel, voterIds, type PollState } from '../../src/components/pulse-poll/poll-model.js';
import type { StoredEvent } from '../../src/core/protocol/model.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { noteModel } from '../../src/testing/test-model.js';
import { Authority, type Committed } from '../../server/authority.js';
import { createLogger } from '../../server/log.js';
import { RateLimiter } from '../../server/rate-limit.js';
import type { AppendBatch, AppendEvent, Storage } from '../../server/storage/types.js';
import { delegate, note, op, room, sleep, until, vote } from './helpers.js';
import { queueConformance } from './queue-conformance.js';

/** How the suite gets stores. */
export interface StorageHarness {
  /** Opens a store (rooms are fresh in every test); `fresh`: on a database of its own. */
  open(fresh?: boolean): Promise<Storage>;
  /** Closes `storage` and opens its database again (a restart). */
  reopen(storage: Storage): Promise<Storage>;
  /** A second store on the same database at the same time, when the store allows several writers. */
  second?(storage: Storage): Promise<Storage>;
  /** Runs raw SQL on the store's database (to fake what only another version could write). */
  exec(storage: Storage, sql: string): Promise<void>;
}

const models = modelMap([pollModel, noteModel]);
const actor = (id: string): Actor => ({ id, name: id, role: 'participant' });

/** An event row for `topic` at `seq`, from a note op. */
function row(cursor: number, topic: string, seq: number, text = `n${cursor}`): AppendEvent {
  const o = op('ann', topic, 'add', { text });
  const event: StoredEvent = { v: 1, topic, seq, opId: o.opId, type: 'add', data: { text }, at: 1_000 + cursor, actor: actor('ann') };
  return { cursor, event, fp: fingerprint(o) };
}

export function storageConformance(name: string, h: StorageHarness): void {
  describe(`storage conformance: ${name}`, () => {
    it('stores events append-only and reads them back by topic, by room, by opId and as a tail', async () => {
      const s = await h.open();
      const r = room();
      const rows = [row(1, 'note:a', 1), row(2, 'note:b', 1), row(3, 'note:a', 2), row(4, 'note:a', 3)];
      await s.append(r, { events: rows });
      assert.equal(await s.roomCursor(r), 4);
      assert.equal(await s.roomCursor(room()), 0, 'an empty room');
      assert.deepEqual(
        (await s.readTopic(r, 'note:a', 0, 100, 100)).map((x) => [x.cursor, x.event.seq]),
        [
          [1, 1],
          [3, 2],
          [4, 3],
        ],
      );
      assert.deepEqual(
        (await s.readTopic(r, 'note:a', 1, 2, 100)).map((x) => x.event.seq),
        [2],
        'since < seq <= upTo',
      );
      assert.deepEqual(
        (await s.readTopic(r, 'note:a', 0, 100, 100, 3)).map((x) => x.event.seq),
        [1, 2],
        'bounded by the room cursor',
      );
      assert.deepEqual((await s.readTopic(r, 'note:a', 0, 100, 2)).length, 2, 'limit');
      assert.deepEqual(
        await s.readTopic(r, 'note:a', 0, 100, 100).then((x) => x[0]!.event),
        rows[0]!.event,
        'the event comes back as stored',
      );
      assert.deepEqual(
        (await s.readRoom(r, 1, 4, 100)).map((x) => x.cursor),
        [2, 3, 4],
      );
      assert.deepEqual(
        (await s.readRoom(r, 0, 4, 100, ['note:b'])).map((x) => x.cursor),
        [2],
        'only the given topics',
      );
      assert.deepEqual(
        (await s.readTail(r, 2, 100)).map((x) => [x.cursor, x.fp]),
        [
          [3, rows[2]!.fp],
          [4, rows[3]!.fp],
        ],
      );
      assert.deepEqual((await s.roomTopics(r)).sort(), ['note:a', 'note:b']);
      const found = await s.findOps(r, [rows[1]!.event.opId, 'unknown']);
      assert.deepEqual([...found], [[rows[1]!.event.opId, { topic: 'note:b', seq: 1, fp: rows[1]!.fp }]]);
      assert.equal((await s.findOps(room(), [rows[1]!.event.opId])).size, 0, 'opIds are per room');
      await s.close();
      await s.close(); // twice is safe
    });

    it('is all or nothing: a reused opId, cursor or seq stores nothing of its batch', async () => {
      const s = await h.open();
      const r = room();
      await s.append(r, { events: [row(1, 'note:a', 1)] });
      const reused = row(3, 'note:b', 1);
      reused.event = { ...reused.event, opId: (await s.readTopic(r, 'note:a', 0, 9, 9))[0]!.event.opId };
      for (const bad of [
        [row(2, 'note:a', 2), row(1, 'note:b', 1)],
        [row(2, 'note:a', 2), row(3, 'note:a', 1)],
        [row(2, 'note:a', 2), reused],
      ]) {
        await assert.rejects(s.append(r, { events: bad, checkpoints: new Map([['note:a', { head: 2, state: { count: 2 } }]]) }));
        assert.equal(await s.roomCursor(r), 1);
        assert.equal(await s.checkpoint(r, 'note:a'), null, 'the checkpoint of a failed batch is not kept');
      }
      await s.close();
    });

    it('write() hands decide() what others stored after `since`, and stores nothing when decide() throws', async () => {
      const s = await h.open();
      const r = room();
      await s.append(r, { events: [row(1, 'note:a', 1), row(2, 'note:a', 2)] });
      let seen: number[] = [];
      await s.write(r, 0, (tail) => {
        seen = tail.map((t) => t.cursor);
        assert.equal(tail[1]!.fp, row(2, 'note:a', 2).fp, 'with fingerprints');
        return { events: [row(3, 'note:a', 3)] };
      });
      assert.deepEqual(seen, [1, 2]);
      await s.write(r, 3, (tail) => {
        seen = tail.map((t) => t.cursor);
        return { events: [] };
      });
      assert.deepEqual(seen, [], 'nothing after 3');
      await assert.rejects(
        s.write(r, 3, () => {
          throw new Error('decided not to');
        }),
        /decided not to/,
      );
      await assert.rejects(
        s.write(r, 3, () => ({ events: [row(4, 'note:a', 4), row(3, 'note:a', 5)] })),
        'a conflicting cursor fails the write',
      );
      assert.equal(await s.roomCursor(r), 3);
      await s.close();
    });

    it('write() calls for one room never overlap, from one store or several on the same database', async () => {
      const s = await h.open();
      const stores = h.second ? [s, await h.second(s), await h.second(s)] : [s];
      const r = room();
      // Every writer starts from cursor 0 and appends after whatever its tail shows: without the
      // room's write lock two of them would see the same tail and collide on a cursor.
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          stores[i % stores.length]!.write(r, 0, (tail) => {
            const next = (tail.length > 0 ? tail[tail.length - 1]!.cursor : 0) + 1;
            return { events: [row(next, 'note:a', next)] };
          }),
        ),
      );
      assert.deepEqual(
        (await s.readRoom(r, 0, 100, 100)).map((x) => x.cursor),
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      for (const x of stores) await x.close();
    });

    it('a checkpoint never replaces a newer one, and knows the cursor of its head event', async () => {
      const s = await h.open();
      const r = room();
      await s.append(r, {
        events: [row(1, 'note:b', 1), row(2, 'note:a', 1), row(3, 'note:a', 2)],
        checkpoints: new Map([['note:a', { head: 2, state: { count: 2 } }]]),
      });
      assert.deepEqual(await s.checkpoint(r, 'note:a'), { head: 2, state: { count: 2 }, cursor: 3 });
      await s.append(r, { events: [], checkpoints: new Map([['note:a', { head: 1, state: { count: 1 } }]]) });
      assert.deepEqual(await s.checkpoint(r, 'note:a'), { head: 2, state: { count: 2 }, cursor: 3 }, 'an older one is ignored');
      assert.equal(await s.checkpoint(r, 'note:b'), null);
      await s.close();
    });

    it('keeps everything across a reopen; migrating again is a no-op; a newer schema is refused', async () => {
      const s = await h.open(true);
      const r = room();
      await s.append(r, { events: [row(1, 'note:a', 1)], checkpoints: new Map([['note:a', { head: 1, state: { count: 1 } }]]) });
      const again = await h.reopen(s);
      assert.equal(await again.roomCursor(r), 1);
      assert.deepEqual((await again.checkpoint(r, 'note:a'))?.state, { count: 1 });
      await h.exec(again, `UPDATE pk_meta SET value = '99' WHERE key = 'schema'`);
      await assert.rejects(h.reopen(again), /schema 99; this server knows up to \d+/);
    });
  });

  queueConformance(name, h);
  authorityConformance(name, h);
}

/** A real storage that records every write and can be held or made to fail. */
function spy(inner: Storage) {
  const writes: AppendBatch[] = [];
  const log: string[] = [];
  let gate: Promise<void> | null = null;
  let failNext = 0;
  let refuse: ((batch: AppendBatch) => boolean) | null = null;
  const storage: Storage = {
    ...delegate(inner),
    async write(r, since, decide) {
      log.push('write');
      if (gate) await gate;
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('injected write failure');
      }
      let batch: AppendBatch | null = null;
      await inner.write(r, since, (tail) => {
        batch = decide(tail);
        log.push(`decided:${batch.events.length}`);
        if (refuse?.(batch)) throw new Error('injected refusal of this content');
        return batch;
      });
      writes.push(batch!);
      log.push('stored');
    },
    async append(r, batch) {
      await inner.append(r, batch);
      writes.push(batch);
    },
  };
  return {
    storage,
    writes,
    log,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    failNext(n: number) {
      failNext = n;
    },
    /** Every write whose batch makes `when` true fails (null: none). */
    refuse(when: ((batch: AppendBatch) => boolean) | null) {
      refuse = when;
    },
  };
}

function authorityConformance(name: string, h: StorageHarness): void {
  async function authority(options: { checkpointEvents?: number; checkpointMs?: number } = {}) {
    const inner = await h.open();
    const s = spy(inner);
    const published: Committed[][] = [];
    const a = new Authority({
      storage: s.storage,
      models,
      maxOpBytes: 16 * 1024,
      rate: new RateLimiter(0, 0),
      log: createLogger(false),
      onCommit: (_room, committed) => {
        s.log.push(`publish:${committed.length}`);
        published.push(committed);
      },
      ...options,
    });
    return { a, inner, published, ...s };
  }

  describe(`group commit: ${name}`, () => {
    it('batches submitted in the same turn are decided in order and stored in ONE transaction, acked after it', async () => {
      const { a, inner, writes, log, published } = await authority();
      const r = room();
      const ops = Array.from({ length: 60 }, (_, i) => note(`p${i}`, `n${i}`));
      const results = ops.map((o, i) =>
        a.submit(r, actor(`p${i}`), [o]).then((res) => {
          log.push(`ack:${i}`);
          return res;
        }),
      );
      const acks = (await Promise.all(results)).map((x) => x.acks[0]!);
      assert.deepEqual(
        acks.map((x) => [x.status, (x as { seq: number }).seq]),
        ops.map((_, i) => ['applied', i + 1]),
        'in submission order',
      );
      assert.equal(writes.length, 1, 'one transaction');
      assert.equal(writes[0]!.events.length, 60);
      assert.deepEqual(log.slice(0, 4), ['write', 'decided:60', 'stored', 'publish:60'], 'stored, then fanned out, then acked');
      assert.deepEqual(
        published[0]!.map((c) => c.cursor),
        ops.map((_, i) => i + 1),
      );
      const rows = await inner.readTopic(r, 'note:t', 0, 1000, 1000);
      assert.deepEqual(
        rows.map((x) => x.event.opId),
        ops.map((o) => o.opId),
        'stored once each, contiguous',
      );
      assert.equal(await inner.roomCursor(r), 60);
      await a.close();
      await inner.close();
    });

    it('batches arriving while a commit is in flight form the next group; duplicates and reused opIds across batches', async () => {
      const { a, inner, writes, hold, log } = await authority();
      const r = room();
      const release = hold();
      const first = a.submit(r, actor('ann'), [note('ann', 'first')]);
      await until(() => log.includes('write'), 'the first group to wait in write()');
      const o = note('bob', 'twice');
      const later = [
        a.submit(r, actor('bob'), [o, note('bob', 'b2')]),
        a.submit(r, actor('bob'), [o]), // same op in another batch of the same group
        a.submit(r, actor('bob'), [{ ...o, data: { text: 'other' } }]), // same opId, other content
        a.submit(r, actor('cy'), [note('cy', 'c1'), op('cy', 'note:t', 'fail')]),
      ];
      await sleep(20);
      release();
      assert.equal((await first).acks[0]!.status, 'applied');
      const [b, dup, reused, c] = await Promise.all(later);
      assert.equal(writes.length, 2, 'one transaction for the first batch, one for the four that came meanwhile');
      assert.deepEqual(
        b!.acks.map((x) => [x.status, (x as { seq?: number }).seq]),
        [
          ['applied', 2],
          ['applied', 3],
        ],
      );
      assert.deepEqual(
        dup!.acks.map((x) => [x.status, (x as { seq?: number }).seq]),
        [['duplicate', 2]],
      );
      assert.equal(reused!.acks[0]!.status, 'rejected');
      assert.equal((reused!.acks[0] as { error: { code: string } }).error.code, 'op_id_reused');
      assert.deepEqual(
        c!.acks.map((x) => x.status),
        ['applied', 'rejected'],
        'a rejected op does not fail its batch',
      );
      assert.equal(writes[1]!.events.length, 3);
      const again = await a.submit(r, actor('bob'), [o]);
      assert.deepEqual(
        again.acks.map((x) => [x.status, (x as { seq?: number }).seq]),
        [['duplicate', 2]],
        'a later retry: a duplicate',
      );
      await a.close();
      await inner.close();
    });

    it('while storage fails, every batch of the group gets server_busy and nothing is stored; the retry applies', async () => {
      const { a, inner, refuse, published } = await authority();
      const r = room();
      refuse(() => true);
      const ops = [note('a', '1'), note('b', '2'), note('c', '3')];
      const settled = await Promise.allSettled(ops.map((o) => a.submit(r, actor(o.clientId), [o])));
      for (const x of settled) {
        assert.equal(x.status, 'rejected');
        assert.equal((x as PromiseRejectedResult).reason.code, 'server_busy');
        assert.equal((x as PromiseRejectedResult).reason.retryable, true);
      }
      assert.equal(published.length, 0, 'nothing fanned out');
      assert.equal(await inner.roomCursor(r), 0);
      refuse(null);
      const retried = await Promise.all(ops.map((o) => a.submit(r, actor(o.clientId), [o])));
      assert.deepEqual(
        retried.map((x) => [x.acks[0]!.status, (x.acks[0] as { seq: number }).seq]),
        [
          ['applied', 1],
          ['applied', 2],
          ['applied', 3],
        ],
      );
      await a.close();
      await inner.close();
    });

    it('a transaction that failed once is tried again batch by batch: one passing failure fails nobody', async () => {
      const { a, inner, failNext } = await authority();
      const r = room();
      failNext(1);
      const ops = [note('a', '1'), note('b', '2'), note('c', '3')];
      const results = await Promise.all(ops.map((o) => a.submit(r, actor(o.clientId), [o])));
      assert.deepEqual(
        results.map((x) => x.acks[0]!.status),
        ['applied', 'applied', 'applied'],
      );
      assert.equal(await inner.roomCursor(r), 3);
      await a.close();
      await inner.close();
    });

    it('an operation the storage refuses fails alone (storage_failed, retryable); the rest of its batch and group is stored', async () => {
      // FAULT: a storage that refuses some content, as a database refuses what it cannot store. The
      // checks before the group stop every such op we know of; this is the case they did not foresee.
      const { a, inner, refuse, published } = await authority();
      const r = room();
      refuse((batch) => batch.events.some((e) => (e.event.data as { text?: string }).text === 'poison'));
      const mallory = [note('mal', 'fine'), note('mal', 'poison'), note('mal', 'also fine')];
      const others = [note('a', '1'), note('b', '2'), note('c', '3')];
      const [mal, ...rest] = await Promise.all([
        a.submit(r, actor('mal'), mallory),
        ...others.map((o) => a.submit(r, actor(o.clientId), [o])),
      ]);
      assert.deepEqual(
        rest.map((x) => x!.acks[0]!.status),
        ['applied', 'applied', 'applied'],
        'other people are not failed by it',
      );
      assert.deepEqual(
        mal!.acks.map((x) => x.status),
        ['applied', 'rejected', 'applied'],
      );
      assert.deepEqual((mal!.acks[1] as { error: unknown }).error, {
        code: 'storage_failed',
        message: 'Storage refused this operation; nothing of it was applied. Try again later.',
        retryable: true,
      });
      assert.equal(await inner.roomCursor(r), 5);
      assert.equal(published.flat().length, 5, 'the stored events are fanned out');
      await a.close();
      await inner.close();
    });
  });

  describe(`checkpoints: ${name}`, () => {
    it('events are append-only; the state is checkpointed with every Nth event and at close', async () => {
      const { a, inner, writes } = await authority({ checkpointEvents: 10, checkpointMs: 60_000 });
      const r = room();
      for (let i = 1; i <= 25; i++) await a.submit(r, actor('ann'), [note('ann', `n${i}`)]);
      assert.equal(writes.length, 25);
      const written = writes
        .filter((b) => b.checkpoints && b.checkpoints.size > 0)
        .map((b) => [b.events.length, b.checkpoints!.get('note:t')!.head]);
      assert.deepEqual(
        written,
        [
          [1, 10],
          [1, 20],
        ],
        'piggybacked on the 10th and 20th event, nothing else',
      );
      assert.deepEqual((await inner.checkpoint(r, 'note:t'))?.state, { count: 20, admin: 0, last: 'n20' });
      await a.close();
      assert.deepEqual(await inner.checkpoint(r, 'note:t'), { head: 25, state: { count: 25, admin: 0, last: 'n25' }, cursor: 25 });
      assert.deepEqual(writes[writes.length - 1]!.events, [], 'close() wrote a checkpoint-only transaction');
      await inner.close();
    });

    it('a topic that goes quiet is checkpointed by a timer', async () => {
      const { a, inner, writes } = await authority({ checkpointEvents: 1000, checkpointMs: 200 });
      const r = room();
      await Promise.all([1, 2, 3].map((i) => a.submit(r, actor('ann'), [note('ann', `n${i}`)])));
      assert.equal(await inner.checkpoint(r, 'note:t'), null);
      await until(async () => (await inner.checkpoint(r, 'note:t'))?.head === 3, 'the quiet checkpoint', 5000);
      assert.deepEqual(writes[writes.length - 1]!.events, []);
      await a.close();
      await inner.close();
    });

    it('a topic is loaded as checkpoint + replay of the later events with the same model', async () => {
      const first = await h.open();
      const r = room();
      const quiet = {
        models,
        maxOpBytes: 16 * 1024,
        rate: new RateLimiter(0, 0),
        onCommit: () => {},
        checkpointEvents: 4,
        checkpointMs: 60_000,
      };
      {
        const a = new Authority({ ...quiet, storage: first, log: createLogger(false) });
        for (let i = 1; i <= 7; i++) await a.submit(r, actor(`v${i}`), [vote(`v${i}`, i % 2 ? 'a' : 'b')]);
        // No close(): like a crash, the checkpoint stays at 4.
      }
      const inner = await h.reopen(first);
      assert.equal((await inner.checkpoint(r, 'poll:p'))!.head, 4);
      const logs: string[] = [];
      const a = new Authority({ ...quiet, storage: inner, log: createLogger((l) => void logs.push(l)) });
      const { head, state } = await a.head(r, 'poll:p');
      assert.equal(head, 7);
      const s = state as PollState;
      assert.deepEqual(s.tally, { a: 4, b: 3 });
      assert.equal(s.responded, 7);
      assert.deepEqual(voterIds(s).sort(), ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
      assert.ok(
        logs.some((l) => l.includes('"authority.topic_loaded"') && l.includes('"replayed":3')),
        'replayed the 3 events after the checkpoint',
      );
      // The rebuilt state decides: v6 (after the checkpoint) and v2 (before it) change their votes.
      const changed = await a.submit(r, actor('v6'), [vote('v6', 'a')]);
      assert.deepEqual([changed.acks[0]!.status, (changed.acks[0] as { seq: number }).seq], ['applied', 8]);
      await a.submit(r, actor('v2'), [vote('v2', 'c')]);
      const rows = await inner.readTopic(r, 'poll:p', 7, 100, 100);
      assert.deepEqual(
        rows.map((x) => (x.event.data as { replaces: string[] }).replaces),
        [['b'], ['b']],
      );
      assert.deepEqual(((await a.head(r, 'poll:p')).state as { tally: unknown }).tally, { a: 5, b: 1, c: 1 });
      await a.close();
      await inner.close();
    });
  });
}
