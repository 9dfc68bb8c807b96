/// <reference types="node" />
// What survives, on one data directory and in order: a server process (server/main.ts, production
// mode) stopped with SIGTERM while a request is in flight; a second process killed with SIGKILL
// under concurrent writers; then an in-process server on the same directory, which must hold every
// acknowledged event, the opId memory and the room cursors.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { createAuth } from '../../server/auth.js';
import { cleanupAll, freshDataDir, openSse, openWs, room, sleep, start, until, vote } from './helpers.js';
import { spawnServer } from './processes.js';

const SECRET = 'durability-test-secret-0123456789abcdefghij';
const auth = createAuth({ secret: SECRET, dev: false, ttlS: 600 });
const r = room('durable');
let dataDir: string;
/** The op in flight during the SIGTERM. */
let inFlight: ReturnType<typeof vote>;

/** Starts `server/main.ts` in production mode on `dataDir`; resolves once it listens. */
const spawnProduction = () => spawnServer({ PULSEKIT_DATA_DIR: dataDir, PULSEKIT_SECRET: SECRET, PULSEKIT_RATE: 'off', PULSEKIT_DEV: '0' });

const post = async (url: string, token: string, ops: unknown[]) => {
  const res = await fetch(`${url}/v1/rooms/${r}/ops`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ops }),
  });
  return { status: res.status, json: await res.json() };
};

/** Ops acknowledged (applied or duplicate) by any server so far: opId → where. */
const acked = new Map<string, { topic: string; seq: number }>();
const record = (acks: any[]) => {
  for (const a of acks) if (a.status === 'applied' || a.status === 'duplicate') acked.set(a.opId, { topic: a.topic, seq: a.seq });
};

before(async () => {
  dataDir = await freshDataDir();
});
after(cleanupAll);

describe('durability on one data directory', () => {
  it('SIGTERM: the process finishes an in-flight request, closes streams with 1001 and exits 0', { timeout: 60_000 }, async () => {
    const srv = await spawnProduction();
    const ann = await auth.sign({ room: r, sub: 'ann', role: 'participant' });
    const first = await post(srv.url, ann, [vote('ann', 'a', 'poll:g'), vote('ann', 'b', 'poll:g')]);
    assert.deepEqual(
      first.json.acks.map((a: any) => a.status),
      ['applied', 'applied'],
    );
    record(first.json.acks);
    const ws = await openWs(`${srv.url.replace('http', 'ws')}/v1/rooms/${r}/ws`);
    ws.send({ t: 'auth', token: await auth.sign({ room: r, sub: 'watch', role: 'facilitator' }) });
    await ws.next((m) => m.t === 'ready', 'ready');
    const sse = await openSse(`${srv.url}/v1/rooms/${r}/stream`, await auth.sign({ room: r, sub: 'sse', role: 'participant' }));
    assert.equal(sse.status, 200);

    // A request whose body is still arriving when SIGTERM comes.
    const o = (inFlight = vote('ann', 'c', 'poll:g'));
    const body = JSON.stringify({ ops: [o] });
    const cut = Math.floor(body.length / 2);
    const answer = new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: new URL(srv.url).port,
          method: 'POST',
          path: `/v1/rooms/${r}/ops`,
          headers: { Authorization: `Bearer ${ann}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, cut));
      setTimeout(() => req.end(body.slice(cut)), 600);
    });
    await sleep(200);
    srv.child.kill('SIGTERM');
    await until(() => srv.out().includes('"server.shutdown"'), 'shutdown to begin');
    await assert.rejects(fetch(`${srv.url}/v1/health`), 'no new connections once shutdown began');
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(res.json.acks[0].status, 'applied');
    assert.equal(res.json.acks[0].seq, 3);
    record(res.json.acks);
    assert.equal((await ws.waitClose(10_000)).code, 1001);
    await until(() => sse.ended, 'the SSE stream to end', 10_000);
    assert.equal(await srv.exited, 0);
  });

  it('SIGKILL under concurrent writers: a restarted process has every acknowledged event', { timeout: 60_000 }, async () => {
    const srv = await spawnProduction();
    // It sees what the SIGTERM'd process acknowledged.
    const ann = await auth.sign({ room: r, sub: 'ann', role: 'participant' });
    const page = await (
      await fetch(`${srv.url}/v1/rooms/${r}/topics/poll:g/events`, { headers: { Authorization: `Bearer ${ann}` } })
    ).json();
    assert.equal(page.head, 3);

    const writers = ['w1', 'w2', 'w3', 'w4'];
    const tokens = await Promise.all(writers.map((w) => auth.sign({ room: r, sub: w, role: 'participant' })));
    let killed = false;
    let batches = 0;
    const loops = writers.map(async (w, i) => {
      while (!killed) {
        // Production mode serves the poll model only: votes (changes allowed) make events.
        const ops = Array.from({ length: 5 }, (_, k) => vote(w, `c${k}`, `poll:${i % 2 ? 'odd' : 'even'}`));
        try {
          record((await post(srv.url, tokens[i]!, ops)).json.acks);
          batches++;
        } catch {
          return; // the process died under this request: its fate is unknown, which is allowed
        }
      }
    });
    await until(() => batches >= 8, 'some acknowledged batches', 20_000);
    killed = true;
    srv.child.kill('SIGKILL');
    await Promise.all(loops);
    assert.equal(await srv.exited, null, 'killed by a signal');
    assert.ok(acked.size >= 43, `acknowledged ${acked.size} ops`);
  });

  it('an in-process server on the directory holds every acknowledged event, the opId memory and the room cursor', async () => {
    const s = await start({ dataDir, secret: SECRET, timings: { wsPingMs: 100 } });
    assert.equal(s.dev, false);
    const reader = await s.token(r, 'reader', 'facilitator');
    const stored = new Map<string, { topic: string; seq: number }>();
    for (const topic of ['poll:g', 'poll:even', 'poll:odd']) {
      for (let since = 0; ;) {
        const page = (await s.fetchTopic(r, reader, topic, since)).json;
        page.events.forEach((e: any, i: number) => {
          assert.equal(e.seq, since + i + 1, 'no gaps');
          stored.set(e.opId, { topic, seq: e.seq });
        });
        if (!page.hasMore) break;
        since = page.events[page.events.length - 1].seq;
      }
    }
    for (const [opId, where] of acked)
      assert.deepEqual(stored.get(opId), where, `acknowledged op ${opId} is stored where it was acknowledged`);
    // Resending an acknowledged op is a duplicate with its first seq.
    const again = (await s.send(r, await s.token(r, 'ann'), [inFlight])).json.acks[0];
    assert.deepEqual([again.status, again.seq], ['duplicate', 3]);
    // Room cursors are contiguous across the three lives of the room: a replay from 0 has them all.
    const st = await openSse(`${s.api}/rooms/${r}/stream`, reader, { lastEventId: 0 });
    await until(() => st.events().length === stored.size, `replay of ${stored.size} events`, 15_000);
    assert.deepEqual(
      st.frames.filter((f) => f.event === 'event').map((f) => Number(f.id)),
      Array.from({ length: stored.size }, (_, i) => i + 1),
    );
    st.close();
    // Production mode: no dev tokens; tokens signed with another key are refused.
    assert.equal((await s.req('POST', '/dev/token', null, { room: r, role: 'producer' })).status, 404);
    const foreign = await createAuth({ dev: true, ttlS: 60 }).sign({ room: r, sub: 'reader', role: 'producer' });
    assert.equal((await s.fetchTopic(r, foreign, 'poll:g')).status, 401);

    // WebSocket heartbeat: a client that answers no pings is cut after two of them.
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/rooms/${r}/ws`, { autoPong: false });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ t: 'auth', token: await s.token(r, 'mute') }));
    const t0 = Date.now();
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    assert.equal(code, 1006); // terminated, no close frame
    assert.ok(Date.now() - t0 >= 150, 'after two unanswered pings');
    await s.close();
  });
});
