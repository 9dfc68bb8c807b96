/// <reference types="node" />
// Fan-out to a room of hundreds over real sockets (server/hub.ts, server/fanout-queue.ts): the
// coalesced tally reaches every subscriber with the exact count, each vote once and in order,
// while the fan-out goes out in slices of the event loop; a subscriber that stops reading delays
// nobody else and catches up once it reads again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blobModel, cleanupAll, op, room, start, until, vote, wsReady, type TestServer } from './helpers.js';

let s: TestServer;
const logs: string[] = [];
before(async () => {
  s = await start({
    log: (line) => void logs.push(line),
    models: [blobModel],
    // The default 1 MB per connection: a burst of 40 events of 15 KB (600 KB) fits it.
    limits: { ratePerSecond: 0, wsBufferBytes: 1024 * 1024, maxBodyBytes: 2 * 1024 * 1024 },
    timings: { presenceMs: 50, snapshotWindowMs: 40, snapshotBurst: 2 },
  });
});
after(cleanupAll);

type Ws = Awaited<ReturnType<typeof wsReady>>;

/** `n` participants of room `r` on their own sockets, each following `topic` from the start. */
async function participants(r: string, n: number, topic: string, prefix = 'p'): Promise<{ id: string; c: Ws }[]> {
  const out = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const id = `${prefix}${i}`;
      const c = await wsReady(s, r, await s.token(r, id));
      c.send({ t: 'sub', topic, since: 0 });
      return { id, c };
    }),
  );
  return out;
}

/** The seq a poll frame brings the viewer to (0 for other frames). */
const seqOf = (m: any, topic: string): number =>
  m.t === 'event' && m.e.topic === topic ? m.e.seq : m.t === 'snapshot' && m.topic === topic ? m.seq : 0;

describe('fan-out to a big room', () => {
  it('coalesced tallies reach every one of 300 subscribers with the exact count, each vote once and in order', async () => {
    const r = room();
    const topic = 'poll:p';
    const people = await participants(r, 300, topic);
    // Every participant votes on its own socket; a tenth send the same operation twice (a retry).
    const votes = people.map(({ id }, i) => vote(id, i % 3 === 0 ? 'a' : 'b', topic));
    people.forEach(({ c }, i) => {
      c.send({ t: 'send', id: 1, ops: [votes[i]] });
      if (i % 10 === 0) c.send({ t: 'send', id: 2, ops: [votes[i]] });
    });
    await until(() => people.every(({ c }) => c.messages.some((m) => m.t === 'acks' && m.id === 1)), 'every vote acknowledged', 30_000);
    const statuses = people.flatMap(({ c }) => c.messages.filter((m) => m.t === 'acks').map((m) => m.acks[0].status));
    assert.equal(statuses.filter((x) => x === 'applied').length, 300);
    await until(
      () => people.every(({ c }) => c.messages.some((m) => seqOf(m, topic) === 300)),
      'every subscriber to reach seq 300',
      30_000,
    );
    let snapshots = 0;
    for (const { id, c } of people) {
      const frames = c.messages.filter((m) => seqOf(m, topic) > 0);
      const seqs = frames.map((m) => seqOf(m, topic));
      for (let k = 1; k < seqs.length; k++) assert.ok(seqs[k]! > seqs[k - 1]!, `${id}: frames in order, none twice (${seqs.join(',')})`);
      // Fold as a client does: the last snapshot, then the events after it, one voter each.
      const lastSnap = frames.filter((m) => m.t === 'snapshot').pop();
      let responded = 0;
      let from = 0;
      if (lastSnap) {
        snapshots += 1;
        const { state } = lastSnap;
        assert.equal(state.responded, lastSnap.seq, `${id}: a snapshot at seq ${lastSnap.seq} counts every vote up to it`);
        assert.equal((state.tally.a ?? 0) + (state.tally.b ?? 0), state.responded, `${id}: the tally adds up`);
        const others = Object.values(state.voters as Record<string, Record<string, string[]>>).flatMap((b) => Object.keys(b));
        assert.ok(
          others.every((v) => v === id),
          `${id}: a snapshot shows no other voter (${others.join(',')})`,
        );
        responded = state.responded;
        from = lastSnap.seq;
      }
      const after = frames.filter((m) => m.t === 'event' && m.e.seq > from).map((m) => m.e.seq);
      assert.deepEqual(
        after,
        Array.from({ length: 300 - from }, (_, k) => from + k + 1),
        `${id}: every vote after the last snapshot, once`,
      );
      assert.equal(responded + after.length, 300, `${id}: the tally converges to 300`);
    }
    assert.ok(snapshots > 0, 'the busy poll was coalesced into snapshots');
    for (const { c } of people) c.close();
  });

  it('a subscriber that stops reading delays nobody else, and catches up once it reads again', async () => {
    const r = room();
    const topic = 'blob:b';
    const slow = (await participants(r, 1, topic, 'slow'))[0]!.c;
    const others = await participants(r, 5, topic, 'q');
    const writer = await wsReady(s, r, await s.token(r, 'writer', 'facilitator'));
    const socket = (slow.ws as any)._socket as import('node:net').Socket;
    socket.pause();
    // Events of 15 KB, 40 per send, until the server notices the paused reader (the kernel takes a
    // few MB first), then two sends more while it is behind; the others read on.
    const text = 'x'.repeat(15_000);
    const noticed = () => logs.some((l) => l.includes('"ws.backpressure"') && l.includes(r) && l.includes('"slow0"'));
    let total = 0;
    let extra = 2;
    for (let b = 0; b < 40 && extra > 0; b++) {
      if (noticed()) extra -= 1;
      writer.send({ t: 'send', id: b, ops: Array.from({ length: 40 }, () => op('writer', topic, 'put', { text })) });
      await writer.next((m) => m.t === 'acks' && m.id === b, `acks ${b}`, 15_000);
      total += 40;
    }
    assert.ok(noticed(), 'the server noticed the paused reader');
    // Everyone else has every event, in order, while the slow reader still reads nothing.
    const got = (c: Ws) => c.messages.filter((m) => m.t === 'event' && m.e.topic === topic).map((m) => m.e.seq);
    await until(() => others.every(({ c }) => got(c).length === total), 'every other subscriber to get every event', 30_000);
    for (const { id, c } of others) {
      assert.deepEqual(
        got(c),
        Array.from({ length: total }, (_, k) => k + 1),
        `${id}: every event once, in order`,
      );
      assert.ok(!c.messages.some((m) => m.t === 'resync'), `${id}: never fell behind`);
    }
    assert.ok(
      !logs.some((l) => l.includes('"ws.backpressure"') && l.includes(r) && l.includes('"q')),
      'only the paused reader fell behind',
    );
    socket.resume();
    const resync = await slow.next((m) => m.t === 'resync', 'resync once the slow reader drained', 15_000);
    const seqs = got({ ...slow, messages: slow.messages.slice(0, slow.messages.indexOf(resync)) });
    assert.ok(seqs.length < total, `the server stopped queueing for it (${seqs.length} of ${total})`);
    assert.deepEqual(
      seqs,
      seqs.map((_, k) => k + 1),
      'what it got before falling behind is in order and gap-free',
    );
    // It catches up by fetching from its cursor, as the client does after resync.
    const fetched: number[] = [...seqs];
    for (let page = 1; fetched.length < total && page < 100; page++) {
      slow.send({ t: 'fetch', id: 1000 + page, topic, since: fetched.length, limit: 100 });
      const p = await slow.next((m) => m.t === 'page' && m.id === 1000 + page, `page ${page}`);
      fetched.push(...p.events.map((e: { seq: number }) => e.seq));
    }
    assert.deepEqual(
      fetched,
      Array.from({ length: total }, (_, k) => k + 1),
      'the slow reader ends with every event once',
    );
    slow.close();
    writer.close();
    for (const { c } of others) c.close();
  });
});
