/// <reference types="node" />
// Two server instances on one PostgreSQL and one Redis (started by this file on loopback, stopped
// after): the exported transport conformance suite with every client on one instance or the other
// (HTTP: each request of a transport goes to the next instance, as behind a load balancer without
// stickiness; WebSocket: one connection per instance, alternating), then presence, the connection
// limit and rate limits, which must hold across instances.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { HttpTransport } from '../../src/core/transports/http-transport.js';
import { WebSocketTransport } from '../../src/core/transports/websocket-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { runTransportConformance } from '../../src/testing/conformance.js';
import { withFaults, type FaultHooks } from '../../src/testing/faults.js';
import { cleanupAll, note, openSse, room, start, until, wsReady, type TestServer } from './helpers.js';
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './services.js';

// The suite is written for mocha's globals; node:test has the same four.
Object.assign(globalThis, { describe, it, beforeEach, afterEach });

const SECRET = 'cluster-test-secret-0123456789abcdefghijkl';
let pg: TestPostgres;
let redis: TestRedis;
let databaseUrl: string;
/** The deployment the conformance suite runs against. */
let a: TestServer;
let b: TestServer;

/** An instance of the deployment: every instance has the same secret, so a token works on any. */
const instance = (extra: Parameters<typeof start>[0] = {}) =>
  start({
    databaseUrl,
    redisUrl: redis.url,
    secret: SECRET,
    dev: true,
    limits: { ratePerSecond: 0, maxConnections: 1000 },
    timings: { snapshotBurst: 0, presenceMs: 50 },
    ...extra,
  });

before(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await pg.database();
  [a, b] = await Promise.all([instance(), instance()]);
});
after(async () => {
  await cleanupAll();
  redis?.stop();
  pg?.stop();
});

const tokenFor = ({ room: r, identity }: { room: string; identity: Actor }) =>
  a.auth.sign({ room: r, sub: identity.id, role: identity.role, name: identity.name });
const small = { maxBatch: 8, maxPage: 5 };
/** A network transport with the fault hooks of src/testing. */
type Faulty = (HttpTransport | WebSocketTransport) & FaultHooks;
let created = 0;

/** fetch that sends each request to the next instance, like a round-robin load balancer. */
function roundRobin(offset: number): typeof fetch {
  let n = offset;
  return (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const to = new URL([a, b][n++ % 2]!.url);
    url.host = to.host;
    return fetch(url, init);
  };
}

runTransportConformance('HttpTransport, two instances behind a round-robin balancer', {
  room: () => room('conf-http'),
  create: async () => withFaults(new HttpTransport(a.url, { limits: small, tokenProvider: tokenFor, fetch: roundRobin(created++) })),
  drop: (t) => (t as Faulty).simulateDrop(),
  restore: (t) => (t as Faulty).simulateRestore(),
  loseNextAck: (t) => (t as Faulty).loseNextAck(),
});

runTransportConformance('WebSocketTransport, clients alternating between two instances', {
  room: () => room('conf-ws'),
  create: async () =>
    withFaults(
      new WebSocketTransport([a, b][created++ % 2]!.url.replace(/^http/, 'ws'), {
        limits: small,
        tokenProvider: tokenFor,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      }),
    ),
  drop: (t) => (t as Faulty).simulateDrop(),
  restore: (t) => (t as Faulty).simulateRestore(),
  loseNextAck: (t) => (t as Faulty).loseNextAck(),
});

describe('across instances', () => {
  it('presence counts the participants of every instance, and forgets those of an instance that left', async () => {
    const r = room('presence');
    const ann = await wsReady(a, r, await a.token(r, 'ann'));
    const bob = await openSse(`${b.api}/rooms/${r}/stream`, await b.token(r, 'bob'));
    const fac = await a.token(r, 'fay', 'facilitator');
    await until(async () => (await a.req('GET', `/rooms/${r}/presence`, fac)).json.count === 2, 'both on A', 10_000);
    await until(async () => (await b.req('GET', `/rooms/${r}/presence`, fac)).json.count === 2, 'both on B', 10_000);
    assert.deepEqual((await b.req('GET', `/rooms/${r}/presence`, fac)).json.participants.map((p: Actor) => p.id).sort(), ['ann', 'bob']);
    await until(() => ann.messages.some((m) => m.t === 'presence' && m.count === 2), 'A tells its stream about B', 10_000);
    bob.close();
    await until(async () => (await a.req('GET', `/rooms/${r}/presence`, fac)).json.count === 1, 'bob left, seen on A', 10_000);
    ann.close();
  });

  it('the connection limit counts streams on every instance', async () => {
    const [c1, c2] = await Promise.all([
      instance({ limits: { ratePerSecond: 0, maxConnections: 2 } }),
      instance({ limits: { ratePerSecond: 0, maxConnections: 2 } }),
    ]);
    const r = room('conn');
    const tok = await c1.token(r, 'cy');
    const first = await wsReady(c1, r, tok);
    const second = await openSse(`${c1.api}/rooms/${r}/stream`, tok);
    await until(
      async () => (await openSse(`${c2.api}/rooms/${r}/stream`, tok).then((s) => (s.close(), s.status))) === 429,
      'a third stream refused on the other instance',
      10_000,
    );
    first.close();
    second.close();
  });

  it('rate limits hold across instances: one bucket per participant, wherever the ops arrive', async () => {
    const limits = { ratePerSecond: 1, rateBurst: 6, maxConnections: 10 };
    const [r1, r2] = await Promise.all([instance({ limits }), instance({ limits })]);
    const r = room('rate');
    const tok = await r1.token(r, 'dee');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? r1 : r2).send(r, tok, [note('dee', `n${i}`)])));
    const statuses = answers.map((x) => x.json.acks[0].status);
    const applied = statuses.filter((s) => s === 'applied').length;
    // Six from the burst, perhaps one more refilled while the requests were in flight; never twelve.
    assert.ok(applied >= 6 && applied <= 7, `applied ${applied} of 12: ${statuses.join(' ')}`);
    assert.ok(answers.some((x) => x.json.acks[0].error?.code === 'rate_limited' && Number(x.headers.get('retry-after')) >= 1));
  });
});
