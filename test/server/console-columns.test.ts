/// <reference types="node" />
// The producer console's columns on the reference server (decisions §48): language, last activity
// and the widgets a person took part in travel in their own connection report. Staff read them; a
// participant reads none of anyone else's, over HTTP, server-sent events or a WebSocket.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanupAll, op, openSse, room, start, until, wsReady } from './helpers.js';

after(cleanupAll);

const T = 'status:room';
const report = (over: Record<string, unknown> = {}) => ({ state: 'open', transport: 'websocket', queued: 2, ...over });

describe('console columns on the reference server', () => {
  it('staff read language, activity and widgets; a participant reads nobody else’s through any transport', async () => {
    const s = await start();
    const r = room('columns');
    const ana = await s.token(r, 'ana', 'participant', { name: 'Ana' });
    const ben = await s.token(r, 'ben', 'participant', { name: 'Ben' });
    const pro = await s.token(r, 'pro', 'producer');
    const sse = await openSse(`${s.url}/v1/rooms/${encodeURIComponent(r)}/stream`, ben, { topics: T });
    const ws = await wsReady(s, r, ben);
    ws.send({ t: 'sub', topic: T, since: 0 });

    const active = Date.now() - 5000;
    const sent = await s.send(r, ana, [
      op('ana', T, 'report', report({ language: 'pt-BR', active, widgets: ['poll:warmup', 'thread:intro'] })),
    ]);
    assert.equal(sent.json.acks[0].status, 'applied');
    // Ben's own report, after Ana's: once it reaches him, Ana's has passed by too.
    assert.equal((await s.send(r, ben, [op('ben', T, 'report', report({ language: 'de' }))])).json.acks[0].status, 'applied');

    const staff = (await s.fetchTopic(r, pro, T)).json.events;
    assert.deepEqual(
      { ...staff[0].data },
      { who: 'ana', name: 'Ana', role: 'participant', ...report({ language: 'pt-BR', active, widgets: ['poll:warmup', 'thread:intro'] }) },
    );

    await until(() => sse.events(T).some((e) => e.data?.who === 'ben'), 'Ben’s own report over SSE');
    await ws.next((m) => m.t === 'event' && m.e.data?.who === 'ben', 'Ben’s own report over the WebSocket');
    const http = (await s.fetchTopic(r, ben, T)).json;
    for (const [how, seen] of [
      ['HTTP', http],
      ['SSE', sse.frames],
      ['WebSocket', ws.messages],
    ] as const) {
      const text = JSON.stringify(seen);
      assert.doesNotMatch(text, /pt-BR|poll:warmup|thread:intro|"ana"|Ana/, `${how} shows Ben nothing of Ana's`);
      assert.match(text, /"de"/, `${how} shows Ben his own`);
    }
    sse.close();
    ws.close();
  });

  it('refuses forged activity with a specific error and keeps what was accepted', async () => {
    const s = await start();
    const r = room('columns-bad');
    const ana = await s.token(r, 'ana');
    const pro = await s.token(r, 'pro', 'producer');
    const ok = await s.send(r, ana, [op('ana', T, 'report', report({ language: 'nl', widgets: ['poll:a'] }))]);
    assert.equal(ok.json.acks[0].status, 'applied');
    for (const [bad, message] of [
      [{ language: 'english please' }, /language tag/],
      [{ language: 42 }, /language tag/],
      [{ active: Date.now() + 3_600_000 }, /no later than now/],
      [{ active: -1 }, /no later than now/],
      [{ widgets: ['not a topic'] }, /topic names/],
      [{ widgets: Array.from({ length: 21 }, (_, i) => `poll:p${i}`) }, /at most 20/],
    ] as const) {
      const ack = (await s.send(r, ana, [op('ana', T, 'report', report(bad))])).json.acks[0];
      assert.equal(ack.error?.code, 'bad_operation', JSON.stringify(bad));
      assert.match(ack.error.message, message);
    }
    const events = (await s.fetchTopic(r, pro, T)).json.events;
    assert.equal(events.length, 1);
    assert.equal(events[0].data.language, 'nl');
  });
});
