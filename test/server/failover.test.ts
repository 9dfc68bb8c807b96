/// <reference types="node" />
// SIGKILL of an instance mid-vote. Two server processes on one PostgreSQL and one Redis, behind a
// round-robin TCP balancer; participants are real SessionClients (durable outbox in memory, the
// shipped HTTP+SSE and WebSocket transports) voting in twenty polls. One instance is killed while
// votes are in flight: its clients reconnect through the balancer to the other, their queued votes
// arrive, and every vote is stored exactly once, every ack holds, and every client ends with the
// same tallies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { WebSocket } from 'ws';
import { pollModel, type PollState } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import type { TopicHandle } from '../../src/core/client/topic-handle.js';
import { HttpTransport } from '../../src/core/transports/http-transport.js';
import { WebSocketTransport } from '../../src/core/transports/websocket-transport.js';
import type { Ack, Actor } from '../../src/core/protocol/wire.js';
import { createAuth } from '../../server/auth.js';
import { room, until } from './helpers.js';
import { spawnServer, startBalancer, type Balancer, type ServerProcess } from './processes.js';
import { startPostgres, startRedis, type TestPostgres, type TestRedis } from './services.js';

const SECRET = 'failover-test-secret-0123456789abcdefghijk';
const auth = createAuth({ secret: SECRET, dev: false, ttlS: 600 });
const POLLS = Array.from({ length: 20 }, (_, i) => `poll:q${i + 1}`);
const fast = { baseMs: 100, capMs: 1000 };

let pgServer: TestPostgres;
let redis: TestRedis;
let databaseUrl: string;
let servers: ServerProcess[] = [];
let balancer: Balancer;
/** Every session a test opened: closed after it, whatever happened (their transports retry for ever). */
const sessions: SessionClient[] = [];

before(async () => {
  [pgServer, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await pgServer.database();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PULSEKIT_SECRET: SECRET, PULSEKIT_DEV: '0', PULSEKIT_RATE: 'off' };
  servers = await Promise.all([spawnServer({ ...env, PULSEKIT_INSTANCE: 'a' }), spawnServer({ ...env, PULSEKIT_INSTANCE: 'b' })]);
  balancer = await startBalancer(servers.map((s) => s.port));
});
after(async () => {
  await Promise.all(sessions.map((s) => s.close().catch(() => {})));
  await balancer?.close();
  await Promise.all(servers.map((s) => s.kill()));
  redis?.stop();
  pgServer?.stop();
});

interface Participant {
  actor: Actor;
  session: SessionClient;
  polls: TopicHandle<PollState>[];
}

async function participant(r: string, i: number): Promise<Participant> {
  const actor: Actor = { id: `p${i}`, name: `P${i}`, role: 'participant' };
  const tokenProvider = () => auth.sign({ room: r, sub: actor.id, role: actor.role, name: actor.name });
  const transport =
    i % 2 === 0
      ? new HttpTransport(balancer.url, { tokenProvider, backoff: fast, requestTimeoutMs: 5000 })
      : new WebSocketTransport(balancer.url.replace(/^http/, 'ws'), {
          tokenProvider,
          backoff: fast,
          requestTimeoutMs: 5000,
          WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        });
  const session = new SessionClient({ room: r, transport, identity: actor, tokenProvider, outbox: new MemoryOutbox(), backoff: fast });
  sessions.push(session);
  await session.start();
  return { actor, session, polls: POLLS.map((t) => session.topic(t, pollModel)) };
}

describe('an instance killed mid-vote', () => {
  it(
    'loses no acknowledged vote and doubles none; its clients move to the other instance and their queued votes arrive once',
    { timeout: 180_000 },
    async () => {
      const r = room('failover');
      const people = await Promise.all(Array.from({ length: 6 }, (_, i) => participant(r, i)));
      const acks: Promise<Ack>[] = [];
      let acked = 0;
      const voting = (async () => {
        for (const [k] of POLLS.entries()) {
          for (const p of people) {
            const ack = p.polls[k]!.send('vote', {
              round: 1,
              choices: [k % 2 ? 'a' : 'b'],
              allowChange: false,
              anonymous: true,
              kind: 'single',
            });
            acks.push(ack);
            void ack.then(() => (acked += 1));
          }
          await new Promise((res) => setTimeout(res, 40));
        }
      })();
      await until(() => acked >= 30, 'a quarter of the votes acknowledged', 60_000);
      const victim = servers[0]!;
      assert.ok((balancer.counts.get(victim.port) ?? 0) > 0, 'some clients were connected to the instance that dies');
      const acceptedBefore = balancer.counts.get(servers[1]!.port) ?? 0;
      await victim.kill();
      assert.equal(await victim.exited, null, 'killed by a signal');
      await voting;

      // Every vote is acknowledged in the end (some as `duplicate`: applied before the kill, ack lost).
      let all: Ack[] = [];
      void Promise.all(acks).then((x) => (all = x));
      await until(() => all.length > 0, `every vote acknowledged (${acked} so far)`, 120_000);
      assert.equal(all.length, POLLS.length * people.length);
      for (const a of all) assert.ok(a.status === 'applied' || a.status === 'duplicate', `vote ${a.opId}: ${JSON.stringify(a)}`);
      // Every ack may be in before the victim's streams came back (they wait their backoff): wait for them.
      await until(
        () => (balancer.counts.get(servers[1]!.port) ?? 0) > acceptedBefore,
        'clients reconnected to the surviving instance',
        60_000,
      );
      for (const p of people) assert.equal(p.session.queued, 0, `${p.actor.id} has nothing left in its outbox`);

      // Stored exactly once each, where the acks say.
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const { rows } = await db.query(`SELECT op_id, topic, seq FROM pk_events WHERE room = $1`, [r]);
      await db.end();
      assert.equal(rows.length, all.length, 'one event per vote');
      const byOp = new Map(rows.map((x) => [x.op_id as string, `${x.topic}#${x.seq}`]));
      for (const a of all)
        assert.equal(byOp.get(a.opId), `${a.topic}#${(a as { seq: number }).seq}`, `vote ${a.opId} is stored where its ack says`);

      // Every client, wherever it is connected now, sees every poll with all six votes.
      await until(
        () => people.every((p) => p.polls.every((h) => h.state.responded === people.length)),
        'every client to see every vote',
        60_000,
      );
      for (const p of people) {
        for (const [k, h] of p.polls.entries())
          assert.deepEqual(h.state.tally, { [k % 2 ? 'a' : 'b']: people.length }, `${p.actor.id} on ${POLLS[k]}`);
      }
    },
  );
});
