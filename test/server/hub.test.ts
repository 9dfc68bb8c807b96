/// <reference types="node" />
// The hub's coalescing of busy topics (server/hub.ts), without sockets: `held` once per window, a
// topic that keeps getting events stays coalesced, quiet topics flow event by event, and in big
// rooms the window stretches to the fan-out time over its share and fewer events go out one by one.
// Its fan-out in slices (server/fanout-queue.ts): other rooms and timers get turns, order holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelMap } from '../../src/core/protocol/authority.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import type { Committed } from '../../server/authority.js';
import { FANOUT_DUTY, FANOUT_SLICE_MS, Hub, type HubOutput, type Subscriber } from '../../server/hub.js';
import { createLogger } from '../../server/log.js';
import { sleep, until } from './helpers.js';

const TOPIC = 'poll:p';

function sub(id: string, cost = 0, topic = TOPIC): Subscriber & { got: HubOutput[] } {
  const got: HubOutput[] = [];
  return {
    viewer: { id, name: id, role: 'participant' } as Actor,
    got,
    wants: (t) => t === topic,
    push(out) {
      const end = performance.now() + cost;
      while (performance.now() < end); // a slow socket
      got.push(out);
    },
  };
}

let seq = 0;
const committed = (n: number): Committed[] =>
  Array.from({ length: n }, () => {
    seq += 1;
    return {
      cursor: seq,
      event: {
        v: 1,
        topic: TOPIC,
        seq,
        opId: `o${seq}`,
        type: 'vote',
        data: {},
        at: 0,
        actor: { id: 'x', name: 'x', role: 'participant' },
      },
      state: { seq },
    };
  });

const kinds = (outs: HubOutput[]) => outs.map((o) => o.kind);

/**
 * Waits, turn by turn of the real event loop, until `cond` holds: the fan-out delivers in slices
 * (setImmediate), which a loaded machine may spread over several turns. Works with mocked timers.
 */
async function delivered(cond: () => boolean, what: string): Promise<void> {
  const end = performance.now() + 10_000;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('hub coalescing', () => {
  it('held once per window, not once per event; a late subscriber gets the pending held; quiet topics flow again', async (t) => {
    // The hub's clock and window timers are mocked: windows fall where the test says, however
    // loaded the machine (the fan-out's slices still run on the real event loop: `delivered`).
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    seq = 0;
    const hub = new Hub({ models: modelMap([pollModel]), windowMs: 60, burst: 2, log: createLogger(false) });
    const a = sub('a');
    hub.add('r', a);
    hub.publish('r', committed(5)); // 2 individual events, then coalesced
    hub.publish('r', committed(3));
    await delivered(() => a.got.length >= 3, 'the burst and its held');
    assert.deepEqual(kinds(a.got), ['event', 'event', 'held']);
    assert.equal((a.got[2] as { cursor: number }).cursor, 3, 'held names the first coalesced event');
    const b = sub('b');
    hub.add('r', b);
    assert.deepEqual(kinds(b.got), ['held'], 'joined while a snapshot is pending');
    assert.equal(hub.busy('r', TOPIC), true);
    t.mock.timers.tick(60); // the window ends
    await delivered(() => a.got.length >= 4, 'the snapshot');
    assert.deepEqual(kinds(a.got), ['event', 'event', 'held', 'snapshot']);
    assert.equal((a.got[3] as { seq: number }).seq, 8);
    t.mock.timers.tick(30); // a quiet spell: 90 ms since the last event
    // After that quiet spell a new burst goes out; then events keep coming, each within a window of
    // the previous, and every one is coalesced however the windows fall.
    for (let i = 0; i < 8; i++) {
      hub.publish('r', committed(2));
      t.mock.timers.tick(35);
    }
    t.mock.timers.tick(90);
    await delivered(() => (a.got[a.got.length - 1] as { seq?: number }).seq === seq, 'the last snapshot');
    const after = a.got.slice(4);
    assert.deepEqual(kinds(after.slice(0, 2)), ['event', 'event'], 'the burst');
    assert.ok(!after.slice(2).some((o) => o.kind === 'event'), `no individual events while busy: ${kinds(after)}`);
    assert.ok(after.filter((o) => o.kind === 'snapshot').length >= 2);
    assert.equal(after.filter((o) => o.kind === 'held').length, after.filter((o) => o.kind === 'snapshot').length, 'one held per snapshot');
    assert.ok(after.filter((o) => o.kind === 'snapshot').length <= 6, 'at most one snapshot per window');
    // Quiet for a window: events go out one by one again.
    t.mock.timers.tick(80);
    a.got.length = 0;
    hub.publish('r', committed(1));
    await delivered(() => a.got.length >= 1, 'the event');
    assert.deepEqual(kinds(a.got), ['event']);
    hub.close();
  });

  it('a slow fan-out (a big room) stretches the window to its duration over the fan-out share and sends fewer events one by one', async () => {
    seq = 0;
    const hub = new Hub({ models: modelMap([pollModel]), windowMs: 20, burst: 1, log: createLogger(false) });
    const subs = Array.from({ length: 10 }, (_, i) => sub(`s${i}`, 3)); // ~30 ms per fan-out
    for (const s of subs) hub.add('r', s);
    const snapshotsAt: number[] = [];
    const probe: Subscriber = {
      viewer: { id: 'probe', name: 'probe', role: 'participant' },
      wants: (t) => t === TOPIC,
      push: (o) => void (o.kind === 'snapshot' && snapshotsAt.push(performance.now())),
    };
    hub.add('r', probe);
    // After a quiet spell, one event goes out by itself; a second would push the fan-out past its
    // share of the (stretched) window, so it waits for the snapshot like the rest.
    hub.publish('r', committed(3));
    assert.deepEqual(kinds(subs[0]!.got), ['event', 'held']);
    // Publish until a few snapshots went out (a loaded machine takes longer, never fewer).
    const end = performance.now() + 15_000;
    while (snapshotsAt.length < 4 && performance.now() < end) {
      hub.publish('r', committed(1));
      await sleep(5);
    }
    hub.close();
    const gaps = snapshotsAt.slice(1).map((t, i) => t - snapshotsAt[i]!);
    assert.ok(gaps.length >= 3, `snapshots: ${snapshotsAt.length}`);
    // Each snapshot took ≥ 30 ms to reach the probe (last subscriber), so windows are ≥ 30 ms /
    // FANOUT_DUTY, not 20.
    for (const g of gaps) assert.ok(g >= 30 / FANOUT_DUTY - 3, `snapshot gap ${g.toFixed(1)} ms`);
  });
});

describe('hub fan-out in slices', () => {
  const event = (c: Committed, topic: string): Committed => ({ ...c, event: { ...c.event, topic } });

  it('a big room fans out in slices of the event loop: a small room does not wait for it, and everyone gets each event once, in order', async () => {
    seq = 0;
    const hub = new Hub({ models: modelMap([pollModel]), windowMs: 20, burst: 0, log: createLogger(false) });
    // 200 subscribers at 0.2 ms each: a fan-out of some 40 ms, several slices long.
    const big = Array.from({ length: 200 }, (_, i) => sub(`b${i}`, 0.2, 'note:big'));
    for (const s of big) hub.add('big', s);
    const small = sub('s', 0, 'note:small');
    hub.add('small', small);
    const bigEvents = committed(3).map((c) => event(c, 'note:big'));
    hub.publish('big', bigEvents);
    const served = big.filter((s) => s.got.length > 0).length;
    assert.ok(served < big.length, `the first slice stops before the room is done (${served} served)`);
    hub.publish(
      'small',
      committed(1).map((c) => event(c, 'note:small')),
    );
    await until(() => small.got.length === 1, 'the small room');
    const lastDone = big[big.length - 1]!.got.length;
    assert.equal(lastDone, 0, "the small room's event went out before the big room's fan-out reached its last subscriber");
    await until(() => big.every((s) => s.got.length === 3), 'the big room');
    for (const s of big)
      assert.deepEqual(
        s.got.map((o) => (o as { cursor: number }).cursor),
        [1, 2, 3],
        `${s.viewer.id}: each once, in order`,
      );
    hub.close();
  });

  it(`a slice holds the event loop for about ${FANOUT_SLICE_MS} ms, then lets timers and I/O run`, async () => {
    const hub = new Hub({ models: modelMap([pollModel]), windowMs: 20, burst: 0, log: createLogger(false) });
    const big = Array.from({ length: 300 }, (_, i) => sub(`b${i}`, 0.2, 'note:big')); // ~60 ms in all
    for (const s of big) hub.add('big', s);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    hub.publish(
      'big',
      committed(1).map((c) => event(c, 'note:big')),
    );
    await until(() => big.every((s) => s.got.length === 1), 'the fan-out');
    clearInterval(timer);
    assert.ok(ticks >= 2, `timers ran during the fan-out (${ticks} times)`);
    hub.close();
  });
});
