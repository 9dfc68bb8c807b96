/// <reference types="node" />
// A stream resumed with Last-Event-ID while a busy topic is being coalesced (server/hub.ts: `held`,
// then one `snapshot` at the end of the window). The events of that window after the replay are
// not sent one by one, so the ids of the frames that follow must stay below them (http/sse.ts,
// `#resumeId`): a client whose stream breaks before the snapshot resumes from there and gets them.
// The snapshot window is a minute long so that it cannot end while the test runs: the interleaving
// is then the same on a loaded machine as on an idle one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, note, openSse, room, start, until, vote, type TestServer } from './helpers.js';

let s: TestServer;

before(async () => {
  s = await start({ limits: { ratePerSecond: 0 }, timings: { snapshotWindowMs: 60_000, snapshotBurst: 1 } });
});
after(cleanupAll);

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
});
