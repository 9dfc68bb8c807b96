/// <reference types="node" />
// REST endpoints against a real server and the embedded SQLite store: auth, rooms, roles,
// idempotency, paging, limits, CORS, presence, health and the demo's static files.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configFromEnv, parseRate } from '../../server/config.js';
import { note, op, openSse, room, start, cleanupAll, until, vote, type TestServer } from './helpers.js';

let s: TestServer;

before(async () => {
  s = await start({
    cors: ['https://allowed.example'],
    limits: { ratePerSecond: 5, rateBurst: 10, maxBodyBytes: 8 * 1024, maxBatch: 20, maxPage: 5, maxConnections: 2, maxOpBytes: 4096 },
    timings: { presenceMs: 20 },
  });
});
after(cleanupAll);

describe('health, limits and static files', () => {
  it('GET /v1/health answers without auth', async () => {
    const r = await s.req('GET', '/health');
    assert.equal(r.status, 200);
    assert.equal(r.json.ok, true);
    assert.equal(typeof r.json.version, 'string');
    assert.ok(Number.isInteger(r.json.uptimeS));
  });

  it('GET /v1/limits gives the transport limits', async () => {
    const r = await s.req('GET', '/limits');
    assert.equal(r.status, 200);
    assert.equal(r.json.maxBatch, 20);
    assert.equal(r.json.maxPage, 5);
    assert.equal(r.json.maxOpBytes, 4096);
  });

  it('serves the demo page with a strict CSP, and 404s unknown paths', async () => {
    const page = await fetch(`${s.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    const html = await page.text();
    assert.match(html, /\/cdn\/pulsekit\.js/);
    assert.match(html, /\/cdn\/network\.js/);
    assert.equal((await fetch(`${s.url}/cdn/../package.json`)).status, 404);
    assert.equal((await fetch(`${s.url}/cdn/%2e%2e/package.json`)).status, 404);
    const missing = await s.req('GET', '/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
  });
});

describe('auth', () => {
  it('dev token endpoint signs a token that the API accepts', async () => {
    const r = room();
    const t = await s.req('POST', '/dev/token', null, { room: r, role: 'facilitator', name: 'Fay', participantId: 'fay-1' });
    assert.equal(t.status, 200);
    assert.equal(typeof t.json.token, 'string');
    const acks = await s.send(r, t.json.token, [op('fay-1', 'poll:q', 'close')]);
    assert.equal(acks.status, 200);
    assert.equal(acks.json.acks[0].status, 'applied');
    const bad = await s.req('POST', '/dev/token', null, { room: r, role: 'admin' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_request');
  });

  it('401 unauthorized without a token, with a bad one and with an expired one', async () => {
    const r = room();
    const none = await s.fetchTopic(r, '', 'poll:p');
    assert.equal(none.status, 401);
    assert.deepEqual(Object.keys(none.json.error).sort(), ['code', 'message', 'retryable']);
    assert.equal(none.json.error.code, 'unauthorized');
    assert.equal(none.json.error.retryable, false);
    const garbage = await s.send(r, 'not.a.token', [vote('a', 'x')]);
    assert.equal(garbage.status, 401);
    assert.equal(garbage.json.error.code, 'unauthorized');
    const good = await s.token(r, 'a');
    const tampered = good.slice(0, -3) + (good.endsWith('AAA') ? 'BBB' : 'AAA');
    assert.equal((await s.send(r, tampered, [vote('a', 'x')])).status, 401);
    const expired = await s.token(r, 'a', 'participant', { ttlS: -10 });
    const e = await s.send(r, expired, [vote('a', 'x')]);
    assert.equal(e.status, 401);
    assert.match(e.json.error.message, /expired/);
    const stream = await openSse(`${s.api}/rooms/${r}/stream`, expired);
    assert.equal(stream.status, 401);
  });

  it('a token that worked is refused once it expires (verified tokens are remembered only until then)', async () => {
    const r = room();
    const short = await s.token(r, 'a', 'participant', { ttlS: 2 }); // exp has whole seconds: 1-2 s
    assert.equal((await s.send(r, short, [note('a', 'in time')])).status, 200);
    let last = await s.send(r, short, [note('a', 'again')]);
    assert.equal(last.status, 200, 'the same token again, from memory');
    await until(async () => (last = await s.send(r, short, [note('a', 'late')])).status !== 200, 'the token to expire', 5000);
    assert.equal(last.status, 401);
    assert.match(last.json.error.message, /expired/);
  });

  it('403 wrong_room: nobody reads or writes another room', async () => {
    const mine = room();
    const other = room();
    const fac = await s.token(mine, 'fac', 'producer');
    for (const r of [
      await s.send(other, fac, [op('fac', 'poll:p', 'close')]),
      await s.fetchTopic(other, fac, 'poll:p'),
      await s.req('GET', `/rooms/${other}/presence`, fac),
      await openSse(`${s.api}/rooms/${other}/stream`, fac),
    ]) {
      assert.equal(r.status, 403);
    }
    const w = await s.send(other, fac, [op('fac', 'poll:p', 'close')]);
    assert.equal(w.json.error.code, 'wrong_room');
  });
});

describe('operations', () => {
  it('acks in order with per-topic seqs; a repeated opId is a duplicate with the first seq', async () => {
    const r = room();
    const t = await s.token(r, 'ann');
    const a1 = note('ann', 'a1');
    const batch = [a1, note('ann', 'b1', 'note:other'), note('ann', 'a2')];
    const first = await s.send(r, t, batch);
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.json.acks.map((a: any) => [a.opId, a.status, a.seq]),
      [
        [a1.opId, 'applied', 1],
        [batch[1]!.opId, 'applied', 1],
        [batch[2]!.opId, 'applied', 2],
      ],
    );
    const again = await s.send(r, t, [a1, a1]);
    assert.deepEqual(
      again.json.acks.map((a: any) => [a.status, a.seq, a.topic]),
      [
        ['duplicate', 1, 'note:t'],
        ['duplicate', 1, 'note:t'],
      ],
    );
    const fresh = note('ann', 'x');
    const inBatch = await s.send(r, t, [fresh, fresh]);
    assert.deepEqual(
      inBatch.json.acks.map((a: any) => [a.status, a.seq]),
      [
        ['applied', 3],
        ['duplicate', 3],
      ],
    );
    const page = await s.fetchTopic(r, t, 'note:t');
    assert.deepEqual(
      page.json.events.map((e: any) => e.seq),
      [1, 2, 3],
    );
    assert.equal(page.json.head, 3);
  });

  it('the same opId with other content is rejected op_id_reused and spends no seq', async () => {
    const r = room();
    const t = await s.token(r, 'bob');
    const o = note('bob', 'once');
    await s.send(r, t, [o]);
    const reused = await s.send(r, t, [{ ...o, data: { text: 'changed' } }]);
    const ack = reused.json.acks[0];
    assert.equal(ack.status, 'rejected');
    assert.equal(ack.error.code, 'op_id_reused');
    assert.equal(ack.error.retryable, false);
    assert.equal((await s.send(r, t, [note('bob', 'next')])).json.acks[0].seq, 2);
  });

  it('racing connections with the same op get exactly one applied', async () => {
    const r = room();
    const t = await s.token(r, 'cy');
    const o = note('cy', 'race');
    const results = await Promise.all([s.send(r, t, [o]), s.send(r, t, [o]), s.send(r, t, [o])]);
    const statuses = results.map((x) => x.json.acks[0].status).sort();
    assert.deepEqual(statuses, ['applied', 'duplicate', 'duplicate']);
    assert.deepEqual(new Set(results.map((x) => x.json.acks[0].seq)), new Set([1]));
  });

  it('roles: a participant cannot close or reset a poll; a facilitator can; a spoofed clientId is forbidden', async () => {
    const r = room();
    const p = await s.token(r, 'pat');
    const f = await s.token(r, 'fay', 'facilitator');
    const denied = await s.send(r, p, [
      op('pat', 'poll:q', 'close'),
      op('pat', 'poll:q', 'reset'),
      op('pat', 'poll:q', 'open', { config: {} }),
    ]);
    for (const a of denied.json.acks) {
      assert.equal(a.status, 'rejected');
      assert.equal(a.error.code, 'forbidden');
    }
    const spoof = await s.send(r, p, [vote('fay', 'a', 'poll:q')]);
    assert.equal(spoof.json.acks[0].error.code, 'forbidden');
    const ok = await s.send(r, f, [op('fay', 'poll:q', 'reset'), op('fay', 'poll:q', 'close')]);
    assert.deepEqual(
      ok.json.acks.map((a: any) => a.seq),
      [1, 2],
    );
    const late = await s.send(r, p, [op('pat', 'poll:q', 'vote', { round: 2, choices: ['a'] })]);
    assert.equal(late.json.acks[0].error.code, 'poll_closed');
  });

  it('model and structure rejections: unknown_topic, bad_operation, too_large op', async () => {
    const r = room();
    const t = await s.token(r, 'dan');
    const acks = (
      await s.send(r, t, [
        op('dan', 'nomodel:x', 'add'),
        { opId: 'short', clientId: 'dan', topic: 'poll:p', type: 'vote', data: {}, createdAt: 1 },
        note('dan', 'x'.repeat(5000)),
      ])
    ).json.acks;
    assert.deepEqual(
      acks.map((a: any) => a.error.code),
      ['unknown_topic', 'bad_operation', 'too_large'],
    );
  });

  it('anonymous votes reach other viewers without the actor', async () => {
    const r = room();
    const voter = await s.token(r, 'vee');
    const fac = await s.token(r, 'fac', 'facilitator');
    await s.send(r, voter, [vote('vee', 'a')]);
    const own = (await s.fetchTopic(r, voter, 'poll:p')).json.events[0];
    const theirs = (await s.fetchTopic(r, fac, 'poll:p')).json.events[0];
    assert.equal(own.actor.id, 'vee');
    assert.equal(theirs.actor, undefined);
    assert.deepEqual(theirs.data.choices, ['a']);
  });
});

describe('fetch', () => {
  it('pages with hasMore and head, clamps limit to maxPage, and answers unknown topics with head 0', async () => {
    const r = room();
    const t = await s.token(r, 'eve');
    await s.send(
      r,
      t,
      Array.from({ length: 7 }, (_, i) => note('eve', `n${i}`)),
    );
    const p1 = (await s.fetchTopic(r, t, 'note:t', 0, 100)).json;
    assert.deepEqual(
      p1.events.map((e: any) => e.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(p1.hasMore, true);
    assert.equal(p1.head, 7);
    const p2 = (await s.fetchTopic(r, t, 'note:t', 5)).json;
    assert.deepEqual(
      p2.events.map((e: any) => e.seq),
      [6, 7],
    );
    assert.equal(p2.hasMore, false);
    assert.deepEqual((await s.fetchTopic(r, t, 'note:t', 7)).json, { events: [], head: 7, hasMore: false });
    assert.deepEqual((await s.fetchTopic(r, t, 'poll:none')).json, { events: [], head: 0, hasMore: false });
    assert.equal((await s.fetchTopic(r, t, 'not-a-topic')).status, 400);
    assert.equal((await s.req('GET', `/rooms/${r}/topics/note:t/events?since=-1`, t)).status, 400);
  });
});

describe('limits', () => {
  it('a body over the limit is 413 too_large; a batch over maxBatch is 413 and applies nothing', async () => {
    const r = room();
    const t = await s.token(r, 'fred');
    const big = await s.send(r, t, [note('fred', 'x'.repeat(9000))]);
    assert.equal(big.status, 413);
    assert.equal(big.json.error.code, 'too_large');
    assert.equal(big.json.error.retryable, false);
    const batch = await s.send(
      r,
      t,
      Array.from({ length: 21 }, (_, i) => note('fred', `b${i}`)),
    );
    assert.equal(batch.status, 413);
    assert.equal(batch.json.error.code, 'too_large');
    assert.equal((await s.fetchTopic(r, t, 'note:t')).json.head, 0);
    const bad = await s.req('POST', `/rooms/${r}/ops`, t, '{"ops": [');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_request');
  });

  it('too many ops per second: rejected rate_limited, retryable, with Retry-After; retries of applied ops are free', async () => {
    const r = room();
    const t = await s.token(r, 'gil');
    const ops = Array.from({ length: 15 }, (_, i) => note('gil', `r${i}`));
    const res = await s.send(r, t, ops);
    assert.equal(res.status, 200);
    const acks = res.json.acks;
    const limited = acks.filter((a: any) => a.status === 'rejected');
    assert.ok(acks.filter((a: any) => a.status === 'applied').length >= 10);
    assert.ok(limited.length >= 4, `expected rate_limited acks, got ${JSON.stringify(acks.map((a: any) => a.status))}`);
    for (const a of limited) {
      assert.equal(a.error.code, 'rate_limited');
      assert.equal(a.error.retryable, true);
    }
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    const replay = await s.send(r, t, ops.slice(0, 5));
    assert.deepEqual(
      replay.json.acks.map((a: any) => a.status),
      Array(5).fill('duplicate'),
    );
    // Another participant has its own bucket.
    const other = await s.token(r, 'hal');
    assert.equal((await s.send(r, other, [note('hal', 'hi')])).json.acks[0].status, 'applied');
  });
});

describe('CORS', () => {
  it('listed origins get CORS headers and preflight; others are refused', async () => {
    const r = room();
    const t = await s.token(r, 'ivy');
    const pre = await fetch(`${s.api}/rooms/${r}/ops`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://allowed.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://allowed.example');
    assert.match(pre.headers.get('access-control-allow-headers')!, /Authorization/);
    const ok = await s
      .send(r, t, [note('ivy', 'x')])
      .then(() => s.req('GET', `/rooms/${r}/topics/note:t/events`, t, undefined, { Origin: 'https://allowed.example' }));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://allowed.example');
    const evil = await s.req('GET', `/rooms/${r}/topics/note:t/events`, t, undefined, { Origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const evilPre = await fetch(`${s.api}/rooms/${r}/ops`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(evilPre.status, 403);
    const same = await s.req('GET', '/health', null, undefined, { Origin: s.url });
    assert.equal(same.status, 200);
  });
});

describe('presence and connections', () => {
  it('counts distinct participants with open streams; only facilitators see who', async () => {
    const r = room();
    const a = await s.token(r, 'amy', 'participant', { name: 'Amy' });
    const f = await s.token(r, 'fio', 'facilitator', { name: 'Fio' });
    const url = `${s.api}/rooms/${r}/stream`;
    assert.equal((await s.req('GET', `/rooms/${r}/presence`, a)).json.count, 0);
    const s1 = await openSse(url, a);
    const s2 = await openSse(url, a); // the same person twice counts once
    const s3 = await openSse(url, f);
    try {
      const asAmy = (await s.req('GET', `/rooms/${r}/presence`, a)).json;
      // Everyone learns how many of those present are participants (staff are not expected to answer).
      assert.deepEqual(asAmy, { count: 2, participantCount: 1 });
      const asFio = (await s.req('GET', `/rooms/${r}/presence`, f)).json;
      assert.equal(asFio.count, 2);
      assert.equal(asFio.participantCount, 1);
      assert.deepEqual(asFio.participants.map((p: any) => p.id).sort(), ['amy', 'fio']);
      // Streams get presence pushed; facilitators with names.
      await until(
        () => s3.frames.some((fr) => fr.event === 'presence' && fr.data.count === 2 && fr.data.participants?.length === 2),
        'presence on the facilitator stream',
      );
      assert.ok(s1.frames.filter((fr) => fr.event === 'presence').every((fr) => fr.data.participants === undefined));
      // Connection limit (2 per participant here).
      const s4 = await openSse(url, a);
      assert.equal(s4.status, 429);
      const body = await s4.res.json();
      assert.equal(body.error.code, 'too_many_connections');
      assert.equal(body.error.retryable, true);
    } finally {
      s1.close();
      s2.close();
    }
    await until(async () => (await s.req('GET', `/rooms/${r}/presence`, f)).json.count === 1, 'presence after leaving');
    s3.close();
  });
});

describe('configuration from the environment', () => {
  it('reads PORT, HOST, secrets, CORS and limits, and explains bad values', () => {
    assert.deepEqual(configFromEnv({}), {});
    const c = configFromEnv({
      PORT: '9000',
      HOST: '0.0.0.0',
      PULSEKIT_SECRET: 's'.repeat(32),
      PULSEKIT_DEV: '1',
      PULSEKIT_DATA_DIR: '/tmp/x',
      PULSEKIT_CORS: 'https://a.example, https://b.example',
      PULSEKIT_MAX_BODY: '2048',
      PULSEKIT_RATE: '10/15',
      PULSEKIT_MAX_CONN: '3',
      PULSEKIT_MAX_TOPICS: '50/500',
      PULSEKIT_MAX_HANDSHAKES: '0',
    });
    assert.deepEqual(c, {
      port: 9000,
      host: '0.0.0.0',
      secret: 's'.repeat(32),
      dev: true,
      dataDir: '/tmp/x',
      cors: ['https://a.example', 'https://b.example'],
      limits: {
        maxBodyBytes: 2048,
        ratePerSecond: 10,
        rateBurst: 15,
        maxConnections: 3,
        maxTopicsPerConnection: 50,
        maxTopicsPerRoom: 500,
        maxHandshakesPerAddress: 0,
      },
    });
    assert.deepEqual(configFromEnv({ PULSEKIT_MAX_TOPICS: '64' }).limits, { maxTopicsPerConnection: 64 });
    assert.throws(() => configFromEnv({ PULSEKIT_MAX_TOPICS: '500/50' }), /PULSEKIT_MAX_TOPICS/);
    assert.deepEqual(parseRate('off'), { ratePerSecond: 0, rateBurst: 0 });
    assert.deepEqual(parseRate('20'), { ratePerSecond: 20, rateBurst: 40 });
    assert.throws(() => configFromEnv({ PORT: 'abc' }), /PORT/);
    assert.throws(() => configFromEnv({ PULSEKIT_SECRET: 'short' }), /at least 32/);
    assert.throws(() => configFromEnv({ PULSEKIT_CORS: 'https://a.example/path' }), /origin/);
    assert.throws(() => configFromEnv({ PULSEKIT_RATE: 'fast' }), /PULSEKIT_RATE/);
  });
});
