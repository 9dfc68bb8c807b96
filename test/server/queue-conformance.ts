/// <reference types="node" />
// The statement queue part of the storage conformance suite (storage-conformance.ts runs it on
// every store): xAPI statements are queued in the transaction of their events, handed oldest
// first, removed or parked atomically with the forwarder's verdict, and never held by two
// forwarders at once (docs/decisions.md, 28).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { fingerprint } from '../../src/core/protocol/authority.js';
import type { StoredEvent } from '../../src/core/protocol/model.js';
import type { AppendEvent, OutgoingStatement, QueuedStatement, Storage } from '../../server/storage/types.js';
import { op, room, sleep } from './helpers.js';
import type { StorageHarness } from './storage-conformance.js';

/** An event row and a statement made from it. */
function eventWithStatement(cursor: number, at = 1_000 + cursor): { event: AppendEvent; statement: OutgoingStatement } {
  const o = op('ann', 'note:q', 'add', { text: `n${cursor}` });
  const event: StoredEvent = {
    v: 1,
    topic: 'note:q',
    seq: cursor,
    opId: o.opId,
    type: 'add',
    data: o.data,
    at,
    actor: { id: 'ann', name: 'ann', role: 'participant' },
  };
  const id = randomUUID();
  return { event: { cursor, event, fp: fingerprint(o) }, statement: { id, cursor, at, body: JSON.stringify({ id, n: cursor }) } };
}

/** Queues `n` statements in room `r` (cursors from `from`), one write each; returns them. */
async function queue(s: Storage, r: string, n: number, from = 1, at?: (i: number) => number): Promise<OutgoingStatement[]> {
  const out: OutgoingStatement[] = [];
  for (let i = 0; i < n; i++) {
    const { event, statement } = eventWithStatement(from + i, at?.(i));
    await s.write(r, 0, () => ({ events: [event], statements: [statement] }));
    out.push(statement);
  }
  return out;
}

/** Forwards everything with `verdict`, recording what each call was handed. */
const forwardAll = async (s: Storage, limit: number, handed: QueuedStatement[][]) => {
  while ((await s.forwardStatements(limit, async (batch) => (handed.push(batch), { done: batch.map((b) => b.id), parked: [] }))) > 0);
};

export function queueConformance(name: string, h: StorageHarness): void {
  describe(`statement queue: ${name}`, () => {
    it('statements are queued in the transaction of their events: with them, or not at all', async () => {
      const s = await h.open(true);
      const r = room();
      const a = eventWithStatement(1);
      await s.write(r, 0, () => ({ events: [a.event], statements: [a.statement, { ...a.statement, body: '{"again":true}' }] }));
      assert.deepEqual(await s.queueFigures(), { queued: 1, parked: 0, oldestAt: a.statement.at }, 'an id queued twice is kept once');
      const b = eventWithStatement(2);
      await assert.rejects(
        s.write(r, 0, () => ({ events: [b.event, a.event], statements: [b.statement] })),
        'a conflicting event fails the write',
      );
      await assert.rejects(
        s.write(r, 0, () => {
          throw new Error('decided not to');
        }),
      );
      assert.equal((await s.queueFigures()).queued, 1, 'a failed write queues nothing');
      const handed: QueuedStatement[][] = [];
      await forwardAll(s, 10, handed);
      assert.deepEqual(handed, [[{ ...a.statement, room: r }]], 'handed back as queued, with its room');
      await s.close();
    });

    it('hands the oldest first; removes what was delivered, parks what was refused, keeps the rest; a send that throws changes nothing', async () => {
      const s = await h.open(true);
      const [r1, r2] = [room(), room()];
      // Acceptance times interleave the two rooms: 1: 10, 11, 12 and 2: 5, 13.
      const one = await queue(s, r1, 3, 1, (i) => 10 + i);
      const two = [...(await queue(s, r2, 1, 1, () => 5)), ...(await queue(s, r2, 1, 2, () => 13))];
      let handed: QueuedStatement[] = [];
      const n = await s.forwardStatements(3, async (batch) => {
        handed = batch;
        return { done: [batch[0]!.id], parked: [{ id: batch[1]!.id, status: 400, reason: '400 bad statement' }] };
      });
      assert.equal(n, 3);
      assert.deepEqual(
        handed.map((x) => x.id),
        [two[0]!.id, one[0]!.id, one[1]!.id],
        'oldest first, whatever the room',
      );
      assert.deepEqual(await s.queueFigures(), { queued: 3, parked: 1, oldestAt: 11 });
      await assert.rejects(
        s.forwardStatements(10, async () => Promise.reject(new Error('the LRS went away'))),
        /went away/,
      );
      assert.deepEqual(await s.queueFigures(), { queued: 3, parked: 1, oldestAt: 11 }, 'nothing changed');
      let called = false;
      const rest: QueuedStatement[][] = [];
      await forwardAll(s, 10, rest);
      assert.deepEqual(
        rest.flat().map((x) => x.id),
        [one[1]!.id, one[2]!.id, two[1]!.id],
        'what was neither delivered nor parked comes again',
      );
      assert.equal(await s.forwardStatements(10, async () => ((called = true), { done: [], parked: [] })), 0);
      assert.equal(called, false, 'an empty queue calls nobody');
      assert.deepEqual(await s.queueFigures(), { queued: 0, parked: 1, oldestAt: null });
      await s.close();
    });

    it('never hands one statement to two forwarders at once, from one store or several on the same database', async () => {
      const s = await h.open(true);
      const stores = h.second ? [s, await h.second(s), await h.second(s)] : [s, s, s];
      const r = room();
      const queued = await queue(s, r, 60);
      const handed: QueuedStatement[][] = [];
      // Each forwarder holds its batch a while, as a slow LRS would; meanwhile the others take theirs.
      await Promise.all(
        stores.map(async (x) => {
          while (
            (await x.forwardStatements(
              7,
              async (batch) => (handed.push(batch), await sleep(15), { done: batch.map((b) => b.id), parked: [] }),
            )) > 0
          );
        }),
      );
      const ids = handed.flat().map((x) => x.id);
      assert.equal(ids.length, 60, 'each statement handed once');
      assert.deepEqual(new Set(ids), new Set(queued.map((q) => q.id)));
      assert.equal((await s.queueFigures()).queued, 0);
      for (const x of new Set(stores)) await x.close();
    });
  });
}
