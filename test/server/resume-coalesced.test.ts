/// <reference types="node" />
// A stream resumed with Last-Event-ID while busy topics are being coalesced (server/hub.ts: `held`,
// then one `snapshot` at the end of each topic's window), against a real server over real sockets
// (http/sse.ts, the end of the replay):
// - the events of a window after the replay are not sent one by one, so the ids of the frames that
//   follow must stay below them (`#resumeId`): a client whose stream breaks before the snapshot
//   resumes from there and gets them;
// - snapshots that arrived during the replay go out after it even when they are not in cursor
//   order (each carries the cursor of its window's last event, and windows end in timer order).
//   Dropping one as "already replayed" left a participant's poll stale for good after an instance
//   was killed (test/server/failover.test.ts failed about 1 run in 7 on a loaded machine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStorage } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/types.js';
import { cleanupAll, delegate, freshDataDir, note, openSse, room, start, until, vote, type TestServer } from './helpers.js';

let s: TestServer;
/** A server whose history reads (the replay) wait while `gate` is set. */
let slow: TestServer;
/** FAULT: the replay's reads wait for this, as a slow database would; live writes do not. */
let gate: Promise<void> | null = null;
let openGate: () => void = () => {};

before(async () => {
  s = await start({ limits: { ratePerSecond: 0 }, timings: { snapshotWindowMs: 60_000, snapshotBurst: 1 } });
  const dataDir = await freshDataDir();
  const inner = await openSqliteStorage(dataDir);
  const storage: Storage = {
    ...delegate(inner),
    readRoom: async (...a) => {
      if (gate) await gate;
      return inner.readRoom(...a);
    },
  };
  slow = await start({ dataDir, storage, limits: { ratePerSecond: 0 }, timings: { snapshotWindowMs: 100, snapshotBurst: 1 } });
});
after(async () => {
  openGate();
  await cleanupAll();
});

const streamUrl = (r: string) => `${s.api}/rooms/${encodeURIComponent(r)}/stream`;

/** One vote by `who`, acknowledged as applied; returns its room cursor (one event per request). */
async function voteAs(r: string, who: string, choice: string): Promise<void> {
  const res = await s.send(r, await s.token(r, who), [vote(who, choice, 'poll:busy')]);
  assert.equal(res.json.acks[0].status, 'applied', JSON.stringify(res.json));
}

describe('resuming a stream while a topic is coalesced', () => {
  it('the resumed stream never names a room cursor past a coalesced event it has not sent; a second resume gets that event', async () => {
    const r = room('coalesced');
    const reader = await s.token(r, 'reader');
    // Someone follows the room, so the hub coalesces the busy poll from its second vote on.
    const watcher = await openSse(streamUrl(r), await s.token(r, 'watcher'));
    await until(() => watcher.frames.some((f) => f.event === 'presence'), 'the watcher is live');
    await voteAs(r, 'v1', 'a'); // cursor 1: sent by itself
    await voteAs(r, 'v2', 'b'); // cursor 2: coalesced (`held`), the snapshot is a minute away
    await until(() => watcher.events('poll:busy').length === 1, 'the first vote live');

    // The reader resumes from before both votes: the replay sends them; the window is still open.
    const first = await openSse(streamUrl(r), reader, { lastEventId: 0 });
    await until(() => first.events('poll:busy').length === 2, 'the replayed votes');

    // After the replay: a third vote joins the pending snapshot (not sent by itself), then an event
    // of a quiet topic goes out at once, with an id.
    await voteAs(r, 'v3', 'a'); // cursor 3
    const quiet = note('writer', 'after the vote', 'note:quiet');
    assert.equal((await s.send(r, await s.token(r, 'writer'), [quiet])).json.acks[0].status, 'applied'); // cursor 4
    await until(() => first.events('note:quiet').length === 1, 'the quiet topic event');
    assert.equal(first.events('poll:busy').length, 2, 'the third vote waits for the snapshot');
    const resumeFrom = Number(first.lastId);
    assert.ok(resumeFrom < 3, `the stream's id (${resumeFrom}) stays below the third vote it has not sent (cursor 3)`);

    // The stream breaks before the snapshot; the client resumes from the id it was given.
    first.close();
    const second = await openSse(streamUrl(r), reader, { lastEventId: resumeFrom });
    await until(
      () => second.events('poll:busy').some((e) => e.seq === 3),
      'the third vote, replayed to the resumed stream (it was never sent to the first)',
    );
    second.close();
    watcher.close();
  });

  it('snapshots that arrive during the replay out of cursor order all reach the resumed stream', async () => {
    const r = room('unordered');
    const url = `${slow.api}/rooms/${encodeURIComponent(r)}/stream`;
    const watcher = await openSse(url, await slow.token(r, 'watcher'));
    await until(() => watcher.frames.some((f) => f.event === 'presence'), 'the watcher is live');
    const tok = await slow.token(r, 'pat');
    assert.equal((await slow.send(r, tok, [note('pat', 'before', 'note:w')])).json.acks[0].status, 'applied'); // cursor 1

    // The reader resumes from 0; its replay waits on the (slow) history read.
    gate = new Promise<void>((resolve) => (openGate = resolve));
    const resumed = await openSse(url, await slow.token(r, 'reader'), { lastEventId: 0 });
    await until(() => resumed.frames.some((f) => f.event === 'presence'), 'the resumed stream open, replaying');

    // One batch, one group commit, one publish: y 2 (by itself), y 3 (held: y's window opens),
    // x 4 (by itself), x 5 (held: x's window opens just after y's), y 6 (joins y's snapshot). y's
    // window ends first, so its snapshot (cursor 6) goes out before x's (cursor 5).
    const batch = [
      vote('pat', 'a', 'poll:y'),
      vote('pat', 'b', 'poll:y'),
      vote('pat', 'a', 'poll:x'),
      vote('pat', 'b', 'poll:x'),
      vote('pat', 'a', 'poll:y'),
    ];
    const acks = (await slow.send(r, tok, batch)).json.acks as { status: string }[];
    assert.deepEqual(
      acks.map((a) => a.status),
      ['applied', 'applied', 'applied', 'applied', 'applied'],
    );
    const snapshotOf = (frames: typeof watcher.frames, topic: string) =>
      frames.find((f) => f.event === 'snapshot' && f.data.topic === topic);
    await until(() => !!snapshotOf(watcher.frames, 'poll:x') && !!snapshotOf(watcher.frames, 'poll:y'), 'both windows ended', 10_000);
    const order = watcher.frames.filter((f) => f.event === 'snapshot').map((f) => f.data.topic);
    assert.deepEqual(order, ['poll:y', 'poll:x'], 'the snapshots went out in timer order, not cursor order');

    // The replay ends; everything held meanwhile goes out.
    gate = null;
    openGate();
    await until(() => !!snapshotOf(resumed.frames, 'poll:y'), "y's snapshot on the resumed stream");
    await until(() => !!snapshotOf(resumed.frames, 'poll:x'), "x's snapshot on the resumed stream (cursor 5, after y's 6)");
    assert.equal(snapshotOf(resumed.frames, 'poll:x')!.data.seq, 2);
    assert.equal(Number(resumed.lastId), 6, 'the stream is complete up to the room cursor');
    resumed.close();
    watcher.close();
  });
});
