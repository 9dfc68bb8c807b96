/// <reference types="node" />
// Issue #17, items 2 and 10: one participant's malformed operations or messages fail only
// themselves, with a specific answer. Batches that arrive together share one transaction (group
// commit), so a poisoned op that reached the database used to fail every batch of its group (503);
// deeply nested input used to overflow the stack while the error message was built, and a WebSocket
// `fetch` or `sub` with such a topic was never answered.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { TopicModel } from '../../src/core/protocol/model.js';
import { cleanupAll, note, op, room, start, until, wsReady, type TestServer } from './helpers.js';

/** FAULT: a topic kind whose evolve() throws on one value, as a buggy model would. */
const brittleModel: TopicModel<{ n: number }> = {
  kind: 'brittle',
  initial: () => ({ n: 0 }),
  decide: (_s, o) => ({ ok: true, data: o.data }),
  evolve: (s, e) => {
    if ((e.data as { text?: unknown })?.text === 'boom') throw new Error('evolve broke on boom');
    return { n: s.n + 1 };
  },
};

let s: TestServer;
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => void unhandled.push(err);

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  s = await start({ limits: { ratePerSecond: 0 }, models: [brittleModel], log: (line) => void logs.push(line) });
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await cleanupAll();
});

/** An array nested `depth` levels deep, as JSON text (parsing it is fine; String() of it is not). */
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const opsBody = (ops: string[]) => `{"ops":[${ops.join(',')}]}`;
const noteJson = (clientId: string, fields: Record<string, string> = {}) => {
  const o = { ...note(clientId, 'hostile') } as Record<string, unknown>;
  let json = JSON.stringify(o);
  for (const [k, v] of Object.entries(fields)) json = json.replace(`"${k}":${JSON.stringify(o[k])}`, `"${k}":${v}`);
  return json;
};

describe('poisoned operations fail alone', () => {
  it("other people's writes all succeed while one participant keeps sending poisoned batches", async () => {
    const r = room('poison');
    const mal = await s.token(r, 'mal');
    const people = ['ann', 'ben', 'cat', 'dan'];
    const tokens = await Promise.all(people.map((p) => s.token(r, p)));
    const poisons = [
      '{"opId":"\\u0000"}', // the example: too short, and a NUL the database refuses
      noteJson('mal', { opId: '"abcdefgh\\u0000ijk"' }), // the right length, still a NUL
      noteJson('mal', { topic: deepJson(40) }), // String() of a deep topic, for the error message, overflowed the stack
      noteJson('mal', { data: deepJson(40) }), // JSON.stringify of a deep op overflowed the stack
    ];
    const tooDeep = [noteJson('mal', { topic: deepJson(6000) }), noteJson('mal', { data: deepJson(6000) })]; // not even parsed
    const innocent: Promise<{ status: number; json: any }>[] = [];
    const hostile: Promise<{ status: number; json: any }>[] = [];
    const refused: Promise<{ status: number; json: any }>[] = [];
    for (let round = 0; round < 10; round++) {
      // Sent together, so they are decided in the same groups.
      for (const p of poisons) hostile.push(s.req('POST', `/rooms/${encodeURIComponent(r)}/ops`, mal, opsBody([p])));
      for (const p of tooDeep) refused.push(s.req('POST', `/rooms/${encodeURIComponent(r)}/ops`, mal, opsBody([p])));
      people.forEach((p, i) => innocent.push(s.send(r, tokens[i]!, [note(p, `round ${round}`)])));
    }
    const answers = await Promise.all(innocent);
    assert.deepEqual(
      answers.map((a) => `${a.status} ${a.json?.acks?.[0]?.status ?? a.json?.error?.code}`),
      answers.map(() => '200 applied'),
      'every innocent write is applied',
    );
    for (const a of await Promise.all(hostile)) {
      assert.equal(a.status, 200);
      assert.equal(a.json.acks.length, 1);
      const [ack] = a.json.acks;
      assert.equal(ack.status, 'rejected');
      assert.deepEqual([ack.error.code, ack.error.retryable], ['bad_operation', false], JSON.stringify(ack.error));
    }
    for (const a of await Promise.all(refused)) {
      assert.deepEqual(
        [a.status, a.json.error.code, a.json.error.message],
        [400, 'bad_request', 'The body nests arrays or objects more than 64 levels deep.'],
      );
    }
    const messages = new Set((await Promise.all(hostile)).map((a) => a.json.acks[0].error.message));
    assert.ok(messages.has('topic an array is not <kind>:<id>'), [...messages].join(' | '));
    assert.ok(messages.has('the operation nests more than 32 levels deep'), [...messages].join(' | '));
    assert.ok(!logs.some((l) => /storage\.(read|write)_failed/.test(l)), 'nothing malformed reached the database');
  });

  it('a poisoned op in a batch is rejected alone; the other ops of the batch are applied', async () => {
    const r = room('mixed');
    const tok = await s.token(r, 'ann');
    const good = [note('ann', 'one'), note('ann', 'two')];
    const res = await s.req(
      'POST',
      `/rooms/${encodeURIComponent(r)}/ops`,
      tok,
      opsBody([JSON.stringify(good[0]), noteJson('ann', { opId: '"bad\\u0000opid-1"' }), JSON.stringify(good[1])]),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.acks.map((a: { status: string }) => a.status),
      ['applied', 'rejected', 'applied'],
    );
    assert.deepEqual([res.json.acks[1].opId, res.json.acks[1].error.code], ['bad\u0000opid-1', 'bad_operation']);
    assert.match(res.json.acks[1].error.message, /opId must be a string of 8-64 visible ASCII characters/);
  });

  it("an op whose model throws in evolve is rejected alone (model_error, with the model's message); the batch's other ops are applied", async () => {
    const r = room('brittle');
    const tok = await s.token(r, 'ann');
    const ops = ['one', 'boom', 'two'].map((text) => op('ann', 'brittle:b', 'add', { text }));
    const res = await s.send(r, tok, ops);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.acks.map((a: { status: string }) => a.status),
      ['applied', 'rejected', 'applied'],
    );
    const { error } = res.json.acks[1];
    assert.deepEqual([error.code, error.retryable], ['model_error', false]);
    assert.match(error.message, /evolve broke on boom/);
    const page = await s.fetchTopic(r, tok, 'brittle:b');
    assert.deepEqual(
      page.json.events.map((e: { data: { text: string } }) => e.data.text),
      ['one', 'two'],
    );
  });

  it('a room name with NUL gets 400 bad_request, not 503, on every endpoint', async () => {
    const bad = 'room\u0000x';
    const tok = await s.token('room-ok', 'ann');
    const path = encodeURIComponent(bad);
    for (const [method, p, body] of [
      ['POST', `/rooms/${path}/ops`, { ops: [note('ann', 'x')] }],
      ['GET', `/rooms/${path}/stream`, undefined],
      ['GET', `/rooms/${path}/presence`, undefined],
      ['GET', `/rooms/${path}/topics/note:t/events`, undefined],
    ] as const) {
      const res = await s.req(method, p, tok, body);
      assert.equal(res.status, 400, `${method} ${p}`);
      assert.equal(res.json.error.code, 'bad_request');
      assert.match(res.json.error.message, /control characters/);
    }
    const dev = await s.req('POST', '/dev/token', null, { room: bad, role: 'participant' });
    assert.deepEqual([dev.status, dev.json.error.code], [400, 'bad_request']);
    await assert.rejects(s.auth.sign({ room: bad, sub: 'x', role: 'participant' }), /control characters/);
    // The WebSocket upgrade is refused before it becomes a socket.
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(s.url);
      const req = request({
        port,
        host: '127.0.0.1',
        path: `/v1/rooms/${path}/ws`,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => resolve(101));
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 400);
  });
});

describe('malformed WebSocket messages get a specific error', () => {
  it('fetch, sub and unsub with a deeply nested topic, a nested id, an unknown type: each answered, the socket keeps working', async () => {
    const r = room('wsdeep');
    const c = await wsReady(s, r, await s.token(r, 'ann'));
    const deep = deepJson(40);
    c.send(`{"t":"fetch","id":1,"topic":${deep},"since":0}`);
    c.send(`{"t":"sub","id":2,"topic":${deep},"since":0}`);
    c.send(`{"t":"unsub","id":3,"topic":${deep}}`);
    c.send(`{"t":"ping","id":${deep}}`);
    c.send(`{"t":${deep}}`);
    c.send(`{"t":"send","id":4,"ops":[${noteJson('ann', { topic: deep })}, ${JSON.stringify(note('ann', 'fine'))}]}`);
    const errors = async (id: number) =>
      (await c.next((m) => m.t === 'error' && m.id === id, `the error answering ${id}`)) as {
        code: string;
        message: string;
        retryable: boolean;
      };
    for (const id of [1, 2, 3]) {
      const e = await errors(id);
      assert.deepEqual(
        [e.code, e.retryable, e.message],
        ['bad_request', false, 'an array is not a topic name (<kind>:<id>).'],
        `request ${id}`,
      );
    }
    await until(() => c.messages.filter((m) => m.t === 'error' && m.id === undefined).length === 2, 'the two errors without an id');
    const noId = c.messages.filter((m) => m.t === 'error' && m.id === undefined).map((m) => m.message);
    assert.deepEqual(noId, [
      'A message "id" is an integer or a string of at most 64 characters, not an array.',
      'Every message is a JSON object with a "t" field.',
    ]);
    const acks = await c.next((m) => m.t === 'acks' && m.id === 4, 'the acks of the mixed batch');
    assert.deepEqual(
      acks.acks.map((a: { status: string }) => a.status),
      ['rejected', 'applied'],
    );
    // Nested deeper than any message needs, a message is not even parsed: one error, no id.
    c.send(`{"t":"fetch","id":5,"topic":${deepJson(6000)},"since":0}`);
    await until(
      () => c.messages.filter((m) => m.t === 'error' && m.id === undefined).length === 3,
      'the error for the message too deep to read',
    );
    assert.equal(
      c.messages.filter((m) => m.t === 'error' && m.id === undefined)[2].message,
      'A message nests arrays or objects more than 64 levels deep; it was not read.',
    );
    c.send({ t: 'ping' });
    await c.next((m) => m.t === 'pong', 'pong: the socket still works');
    assert.equal(c.closed, null);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    c.close();
  });

  it('a poisoned send over the WebSocket fails alone too', async () => {
    const r = room('wspoison');
    const mal = await wsReady(s, r, await s.token(r, 'mal'));
    const ann = await wsReady(s, r, await s.token(r, 'ann'));
    mal.send(`{"t":"send","id":1,"ops":[{"opId":"\\u0000"}]}`);
    ann.send({ t: 'send', id: 1, ops: [note('ann', 'hello')] });
    const [malAcks, annAcks] = await Promise.all([mal.next((m) => m.id === 1, 'mal answer'), ann.next((m) => m.id === 1, 'ann answer')]);
    assert.deepEqual([malAcks.t, malAcks.acks[0].status, malAcks.acks[0].error.code], ['acks', 'rejected', 'bad_operation']);
    assert.deepEqual([annAcks.t, annAcks.acks[0].status], ['acks', 'applied']);
    mal.close();
    ann.close();
  });
});
