/// <reference types="node" />
// Notices to the class on the reference server (docs/decisions.md §47): staff post and withdraw, the
// authority fixes when a notice ends on its own clock, every participant's stream carries it, and a
// participant's forged post or withdrawal is refused `forbidden` over HTTP and over the WebSocket.
// Real server, real sockets, real storage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, op, openSse, room, start, until, wsReady, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await start();
});
after(cleanupAll);

const TOPIC = 'notices:room';

/** Sends one op over HTTP and returns its ack. */
async function one(r: string, tok: string, o: unknown) {
  const res = await s.send(r, tok, [o]);
  assert.equal(res.status, 200, res.text);
  return res.json.acks[0];
}

describe('notices on the reference server', () => {
  it('a facilitator posts a notice that reaches a participant live, ending at the authority’s instant', async () => {
    const r = room('notice');
    const fac = await s.token(r, 'fac', 'facilitator', { name: 'Fay' });
    const ana = await s.token(r, 'ana');
    const sse = await openSse(`${s.api}/rooms/${r}/stream`, ana, { topics: TOPIC });
    try {
      const before = Date.now();
      const post = op('fac', TOPIC, 'post', { text: '  Break until 10:40 \u202E', seconds: 600 });
      assert.equal((await one(r, fac, post)).status, 'applied');
      await until(() => sse.events(TOPIC).some((e) => e.type === 'post'), 'the notice reaches Ana', 8000);
      const event = sse.events(TOPIC).find((e) => e.type === 'post');
      assert.equal(event.data.text, 'Break until 10:40', 'trimmed, direction override removed');
      assert.ok(
        event.data.until >= before + 600_000 && event.data.until <= Date.now() + 600_000,
        'ends ten minutes after the server accepted it',
      );

      assert.equal((await one(r, fac, op('fac', TOPIC, 'withdraw', { id: post.opId }))).status, 'applied');
      await until(() => sse.events(TOPIC).some((e) => e.type === 'withdraw'), 'the withdrawal reaches Ana', 8000);
    } finally {
      sse.close();
    }
  });

  it('a participant forging a post or a withdrawal is refused forbidden over HTTP and WebSocket', async () => {
    const r = room('notice');
    const fac = await s.token(r, 'fac', 'producer', { name: 'Pria' });
    const ben = await s.token(r, 'ben');
    const real = op('fac', TOPIC, 'post', { text: 'Audio restarts in one minute', seconds: 60 });
    assert.equal((await one(r, fac, real)).status, 'applied');

    const forged = await one(r, ben, op('ben', TOPIC, 'post', { text: 'Class is cancelled, go home', seconds: 600 }));
    assert.equal(forged.status, 'rejected');
    assert.equal(forged.error.code, 'forbidden');
    assert.match(forged.error.message, /Only a facilitator or producer can post a notice/);
    const withdrawn = await one(r, ben, op('ben', TOPIC, 'withdraw', { id: real.opId }));
    assert.equal(withdrawn.error.code, 'forbidden');

    const ws = await wsReady(s, r, ben);
    try {
      ws.send({ t: 'send', id: 1, ops: [op('ben', TOPIC, 'post', { text: 'Forged over WebSocket', seconds: 60 })] });
      const acks = await ws.next((m) => m.t === 'acks' && m.id === 1, 'acks');
      assert.equal(acks.acks[0].status, 'rejected');
      assert.equal(acks.acks[0].error.code, 'forbidden');
      ws.send({ t: 'send', id: 2, ops: [op('ben', TOPIC, 'withdraw', { id: real.opId })] });
      const acks2 = await ws.next((m) => m.t === 'acks' && m.id === 2, 'acks');
      assert.equal(acks2.acks[0].error.code, 'forbidden');
    } finally {
      ws.close();
    }

    // Nothing forged was stored: the room holds the one real notice, still showing.
    const res = await s.fetchTopic(r, ben, TOPIC);
    assert.deepEqual(
      res.json.events.map((e: { type: string; data: { text: string } }) => [e.type, e.data.text]),
      [['post', 'Audio restarts in one minute']],
    );
  });

  it('refuses unusable notices with specific errors', async () => {
    const r = room('notice');
    const fac = await s.token(r, 'fac', 'facilitator');
    const code = async (data: unknown) => (await one(r, fac, op('fac', TOPIC, 'post', data))).error?.code;
    assert.equal(await code({ text: 'x'.repeat(141), seconds: 60 }), 'too_long');
    assert.equal(await code({ text: '   ', seconds: 60 }), 'text_required');
    assert.equal(await code({ text: 'Soon', seconds: 5 }), 'bad_duration');
    assert.equal(await code({ text: 'Soon', seconds: 60, until: Date.now() + 60_000 }), 'bad_duration');
    assert.equal(await code({ text: 'Soon', until: Date.now() - 1000 }), 'bad_duration');
    assert.equal(await code({ text: 'Soon', until: Date.now() + 120_000 }), undefined);
    for (let i = 0; i < 4; i++) assert.equal(await code({ text: `Notice ${i}`, seconds: 60 }), undefined);
    assert.equal(await code({ text: 'One too many', seconds: 60 }), 'too_many_notices');
  });
});
