/// <reference types="node" />
// The tech-help queue on the reference server (docs/decisions.md §42): over real HTTP, a participant
// reads only their own requests and replies, cannot forge staff operations or touch another
// person's request, and a facilitator cannot act on a request a producer handles. Real server,
// real sockets, real storage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, op, openSse, room, start, until, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await start();
});
after(cleanupAll);

const TOPIC = 'help:room';
const diagnostics = { state: 'open', transport: 'http', queued: 3, language: 'pt-BR', browser: 'firefox' };

/** Sends one op and returns its ack. */
async function one(r: string, tok: string, o: unknown) {
  const res = await s.send(r, tok, [o]);
  assert.equal(res.status, 200, res.text);
  return res.json.acks[0];
}

/** Every event of the queue as `tok` may read it. */
async function read(r: string, tok: string) {
  const res = await s.fetchTopic(r, tok, TOPIC);
  assert.equal(res.status, 200, res.text);
  return res.json.events as Array<{ type: string; data: Record<string, unknown>; actor?: { id: string } }>;
}

describe('help queue on the reference server', () => {
  it('a participant reads only their own request and its reply; staff read everything', async () => {
    const r = room('help');
    const ana = await s.token(r, 'ana');
    const ben = await s.token(r, 'ben');
    const pro = await s.token(r, 'pro', 'producer', { name: 'Pria' });
    const asked = op('ana', TOPIC, 'ask', { kind: 'cant_hear', text: 'No sound since the break', diagnostics });
    assert.equal((await one(r, ana, asked)).status, 'applied');
    assert.equal((await one(r, ben, op('ben', TOPIC, 'ask', { kind: 'other', text: 'My camera is on fire' }))).status, 'applied');
    assert.equal(
      (await one(r, pro, op('pro', TOPIC, 'reply', { id: asked.opId, text: 'Ana: reload the page, please.' }))).status,
      'applied',
    );

    const staff = await read(r, pro);
    assert.deepEqual(
      staff.map((e) => e.type),
      ['ask', 'ask', 'reply'],
    );
    assert.deepEqual(staff[0]!.data.diagnostics, diagnostics);

    const forAna = await read(r, ana);
    assert.deepEqual(
      forAna.map((e) => e.type),
      ['ask', 'hidden', 'reply'],
    );
    assert.equal(forAna[2]!.data.text, 'Ana: reload the page, please.');
    const forBen = await read(r, ben);
    assert.deepEqual(
      forBen.map((e) => e.type),
      ['hidden', 'ask', 'hidden'],
    );
    const benSees = JSON.stringify(forBen);
    assert.doesNotMatch(benSees, /No sound|reload the page|pt-BR|"ana"/, "nothing of Ana's request reaches Ben");

    // Live too: Ben's stream carries nothing of a later reply to Ana.
    const sse = await openSse(`${s.api}/rooms/${r}/stream`, ben, { topics: TOPIC });
    try {
      assert.equal((await one(r, pro, op('pro', TOPIC, 'reply', { id: asked.opId, text: 'Secret fix for Ana' }))).status, 'applied');
      await until(() => sse.events(TOPIC).some((e) => e.seq === 4), 'the fourth event reaches Ben as a hidden one', 8000);
      assert.equal(sse.events(TOPIC).find((e) => e.seq === 4).type, 'hidden');
      assert.doesNotMatch(JSON.stringify(sse.frames), /Secret fix|No sound|pt-BR/);
    } finally {
      sse.close();
    }
  });

  it('a participant forging staff operations or touching another request gets forbidden, with a clear message', async () => {
    const r = room('help');
    const ana = await s.token(r, 'ana');
    const ben = await s.token(r, 'ben');
    const asked = op('ana', TOPIC, 'ask', { kind: 'cant_see_screen', text: '' });
    assert.equal((await one(r, ana, asked)).status, 'applied');
    for (const [type, data, message] of [
      ['ack', { id: asked.opId }, /Only a facilitator or producer can acknowledge/],
      ['resolve', { id: asked.opId }, /Only a facilitator or producer can resolve/],
      ['reply', { id: asked.opId, text: 'fixed!' }, /Only a facilitator or producer can reply/],
      ['step', { id: asked.opId, step: 'fix', done: true }, /Only a facilitator or producer can record a checklist step/],
    ] as const) {
      for (const who of [ana, ben]) {
        const ack = await one(r, who, op(who === ana ? 'ana' : 'ben', TOPIC, type, data));
        assert.equal(ack.status, 'rejected', type);
        assert.equal(ack.error.code, 'forbidden', type);
        assert.match(ack.error.message, message);
      }
    }
    const withdraw = await one(r, ben, op('ben', TOPIC, 'withdraw', { id: asked.opId }));
    assert.equal(withdraw.error?.code, 'forbidden');
    assert.match(withdraw.error.message, /only withdraw your own/);
    // A full user-agent string never travels as diagnostics.
    const ua = await one(
      r,
      ben,
      op('ben', TOPIC, 'ask', {
        kind: 'cant_hear',
        diagnostics: { ...diagnostics, browser: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
      }),
    );
    assert.equal(ua.error?.code, 'bad_operation');
    assert.match(ua.error.message, /never a user-agent string/);
    // Nothing was changed by any of it.
    const pro = await s.token(r, 'pro', 'producer');
    assert.deepEqual(
      (await read(r, pro)).map((e) => e.type),
      ['ask'],
    );
    assert.equal((await one(r, ana, op('ana', TOPIC, 'withdraw', { id: asked.opId }))).status, 'applied');
  });

  it("whoever acknowledged handles the request: a facilitator cannot act on a producer's, a producer can take over a facilitator's", async () => {
    const r = room('help');
    const ana = await s.token(r, 'ana');
    const ben = await s.token(r, 'ben');
    const fay = await s.token(r, 'fay', 'facilitator', { name: 'Fay' });
    const pro = await s.token(r, 'pro', 'producer', { name: 'Pria' });
    const a = op('ana', TOPIC, 'ask', { kind: 'answers_not_going_through' });
    const b = op('ben', TOPIC, 'ask', { kind: 'cant_hear' });
    await one(r, ana, a);
    await one(r, ben, b);
    assert.equal((await one(r, pro, op('pro', TOPIC, 'ack', { id: a.opId }))).status, 'applied');
    const fayTries = await one(r, fay, op('fay', TOPIC, 'resolve', { id: a.opId }));
    assert.equal(fayTries.error?.code, 'forbidden');
    assert.match(fayTries.error.message, /Pria is handling this help request; only they or a producer can act on it/);
    assert.equal((await one(r, fay, op('fay', TOPIC, 'ack', { id: b.opId }))).status, 'applied');
    assert.equal((await one(r, pro, op('pro', TOPIC, 'resolve', { id: b.opId }))).status, 'applied');
    const resolvedAgain = await one(r, pro, op('pro', TOPIC, 'reply', { id: b.opId, text: 'late' }));
    assert.equal(resolvedAgain.error?.code, 'request_closed');
  });

  it("connection health: reports are the sender's own, and only staff read other people's", async () => {
    const r = room('status');
    const ana = await s.token(r, 'ana');
    const ben = await s.token(r, 'ben');
    const pro = await s.token(r, 'pro', 'producer');
    // A "who" in the data cannot speak for someone else: the authority's actor decides.
    const sent = await one(r, ana, op('ana', 'status:room', 'report', { state: 'open', transport: 'websocket', queued: 4, who: 'ben' }));
    assert.equal(sent.status, 'applied');
    const bad = await one(r, ben, op('ben', 'status:room', 'report', { state: 'open', transport: 'Mozilla/5.0', queued: 0 }));
    assert.equal(bad.error?.code, 'bad_operation');
    const staff = await s.fetchTopic(r, pro, 'status:room');
    assert.equal(staff.json.events[0].data.who, 'ana');
    assert.equal(staff.json.events[0].data.queued, 4);
    const forBen = await s.fetchTopic(r, ben, 'status:room');
    assert.deepEqual(
      forBen.json.events.map((e: { type: string }) => e.type),
      ['hidden'],
    );
    assert.doesNotMatch(JSON.stringify(forBen.json), /websocket|ana/);
  });
});
