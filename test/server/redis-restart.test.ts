/// <reference types="node" />
// Redis killed and started again mid-session, with two instances on one PostgreSQL. Writes go
// through instance A, listeners sit on instance B (a WebSocket and an SSE stream, plus a
// participant whose presence A must see). While Redis is down nothing is lost (writes are stored
// in PostgreSQL; B reads them back); once it is back, live fan-out through Redis resumes, presence
// is shared again, and every listener has every event exactly once, in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, note, openSse, room, start, until, wsReady, type TestServer } from './helpers.js';
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './services.js';

const SECRET = 'redis-restart-secret-0123456789abcdefghijk';
let pg: TestPostgres;
let redis: TestRedis;
let a: TestServer;
let b: TestServer;

before(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await pg.database();
  const options = {
    databaseUrl,
    redisUrl: redis.url,
    secret: SECRET,
    dev: true,
    limits: { ratePerSecond: 0 },
    timings: { snapshotBurst: 0, presenceMs: 50 },
  };
  [a, b] = await Promise.all([start(options), start(options)]);
});
after(async () => {
  await cleanupAll();
  redis?.stop();
  pg?.stop();
});

const health = async (s: TestServer) => (await s.req('GET', '/health')).json.cluster as { redis: string; received: number };

describe('Redis restarted mid-session', () => {
  it('fan-out recovers, presence is shared again, listeners on the other instance miss nothing', { timeout: 120_000 }, async () => {
    const r = room('redis');
    const writer = await a.token(r, 'ann');
    const ws = await wsReady(b, r, await b.token(r, 'bob'));
    ws.send({ t: 'sub', topic: 'note:t', since: 0 });
    const sse = await openSse(`${b.api}/rooms/${r}/stream`, await b.token(r, 'cy'), { topics: 'note:t' });
    const fac = await a.token(r, 'fay', 'facilitator');
    const seen = () => ws.messages.filter((m) => m.t === 'event').map((m) => m.e.seq as number);
    let sent = 0;
    const write = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const acks = (await a.send(r, writer, [note('ann', `n${++sent}`)])).json.acks;
        assert.equal(acks[0].status, 'applied');
      }
    };

    await write(5);
    await until(() => seen().length === 5, 'live events on B before the outage', 10_000);
    await until(async () => (await a.req('GET', `/rooms/${r}/presence`, fac)).json.count === 2, "B's listeners present on A", 10_000);

    await redis.kill();
    await until(async () => (await health(b)).redis === 'down' && (await health(a)).redis === 'down', 'both instances to notice', 10_000);
    await write(5); // stored all the same; B reads them back from PostgreSQL
    await until(() => seen().length === 10, 'events written during the outage reach B', 15_000);

    await redis.restart();
    await until(async () => (await health(a)).redis === 'up' && (await health(b)).redis === 'up', 'both instances reconnected', 20_000);
    // Presence shared again (Redis came back empty: each instance shares its streams anew).
    await until(async () => (await a.req('GET', `/rooms/${r}/presence`, fac)).json.count === 2, "B's listeners present on A again", 20_000);
    const received = (await health(b)).received;
    await write(5);
    await until(() => seen().length === 15, 'live events after the restart', 10_000);
    await until(async () => (await health(b)).received > received, 'B hears them through Redis again, not only from the database', 10_000);

    assert.deepEqual(
      seen(),
      Array.from({ length: 15 }, (_, i) => i + 1),
      'WebSocket: every event once, in order',
    );
    await until(() => sse.events('note:t').length === 15, 'the SSE stream to have them all', 10_000);
    assert.deepEqual(
      sse.events('note:t').map((e) => e.seq),
      Array.from({ length: 15 }, (_, i) => i + 1),
      'SSE: every event once, in order',
    );
    const ids = sse.frames.filter((f) => f.event === 'event').map((f) => Number(f.id));
    assert.deepEqual(
      ids,
      [...ids].sort((x, y) => x - y),
      'SSE ids (room cursors) only go forward',
    );
    ws.close();
    sse.close();
  });
});
