/// <reference types="node" />
// No statement lost or stored twice when the LRS or the server goes down (issue #15, item 2), with
// real server processes (server/main.ts, as `npm run server` runs it) and the conforming receiver
// of lrs-receiver.ts as the LRS:
// - embedded SQLite: 10,000 statements while the LRS is stopped and started again and the server
//   is killed with SIGKILL mid-delivery and restarted on its data directory;
// - PostgreSQL: two instances on one database forward one queue side by side without sending any
//   statement twice, and when one is killed mid-batch the other delivers what it held.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { uuidV5 } from '../../src/core/protocol/uuid-v5.js';
import { STATEMENT_NAMESPACE } from '../../src/xapi.js';
import { createAuth } from '../../server/auth.js';
import { cleanupAll, freshDataDir, onCleanup, room, until, vote } from './helpers.js';
import { LrsReceiver } from './lrs-receiver.js';
import { spawnServer, type ServerProcess } from './processes.js';
import { startPostgres, type TestPostgres } from './services.js';

const SECRET = 'lrs-durability-secret-0123456789abcdefghij';
const auth = createAuth({ secret: SECRET, dev: false, ttlS: 600 });
const CREDENTIALS = { username: 'pk', password: 'lrs-secret' };
const POLLS = 100; // votes per request: one per poll (the server's maxBatch)

let pgServer: TestPostgres | undefined;
after(async () => {
  await cleanupAll();
  pgServer?.stop();
});

async function receiver(): Promise<LrsReceiver> {
  const lrs = await new LrsReceiver(CREDENTIALS).start();
  onCleanup(() => lrs.stop());
  return lrs;
}

/** Production-mode server processes forwarding to `lrs` in batches of `batch`. */
const envFor = (lrs: LrsReceiver, batch: number, store: Record<string, string>) => ({
  ...store,
  PULSEKIT_SECRET: SECRET,
  PULSEKIT_DEV: '0',
  PULSEKIT_RATE: 'off',
  PULSEKIT_LRS_URL: lrs.endpoint,
  PULSEKIT_LRS_USERNAME: CREDENTIALS.username,
  PULSEKIT_LRS_PASSWORD: CREDENTIALS.password,
  PULSEKIT_XAPI_BASE: 'https://lms.example/pulsekit',
  PULSEKIT_LRS_BATCH: String(batch),
  PULSEKIT_LRS_RETRY: '100/1000',
});

async function spawn(env: Record<string, string>): Promise<ServerProcess> {
  const s = await spawnServer(env);
  onCleanup(() => s.kill());
  return s;
}

const health = async (s: ServerProcess) => (await (await fetch(`${s.url}/v1/health`)).json()).lrs;

/**
 * Participant `p<i>` votes once in each of POLLS polls, in one request, for every i in `from..to-1`
 * (four requests at a time, spread over `servers`); returns the statement ids of the acknowledged votes.
 */
async function vote100(r: string, servers: ServerProcess[], from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  const queue = Array.from({ length: to - from }, (_, k) => from + k);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const who = `p${i}`;
        const ops = Array.from({ length: POLLS }, (_, k) => vote(who, k % 2 ? 'a' : 'b', `poll:q${k}`));
        const res = await fetch(`${servers[i % servers.length]!.url}/v1/rooms/${r}/ops`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${await auth.sign({ room: r, sub: who, role: 'participant' })}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ ops }),
        });
        const acks = (await res.json()).acks as { status: string; opId: string; topic: string }[];
        assert.ok(
          acks.every((a) => a.status === 'applied'),
          JSON.stringify(acks[0]),
        );
        for (const a of acks) ids.push(uuidV5(STATEMENT_NAMESPACE, `${r}\n${a.topic}\n${a.opId}`));
      }
    }),
  );
  return ids;
}

/** Sends of each id beyond its first. */
const resent = (lrs: LrsReceiver) => [...lrs.sends().values()].reduce((n, k) => n + k - 1, 0);
const okRequests = (lrs: LrsReceiver) => lrs.requests.filter((q) => q.status === 200).length;

describe('LRS delivery across outages', () => {
  it(
    'embedded store: 10,000 statements, the LRS stopped and restarted, the server SIGKILLed mid-delivery: each stored once',
    { timeout: 240_000 },
    async () => {
      const BATCH = 250;
      const lrs = await receiver();
      const env = envFor(lrs, BATCH, { PULSEKIT_DATA_DIR: await freshDataDir() });
      const r = room('lrs10k');
      let srv = await spawn(env);
      const expected = await vote100(r, [srv], 0, 30);
      await until(() => lrs.stored.size >= 1000, 'delivery to begin', 60_000);

      await lrs.stop();
      expected.push(...(await vote100(r, [srv], 30, 70)));
      await until(async () => (await health(srv)).failing === true, 'the forwarder to notice the LRS is down', 30_000);
      await lrs.start();
      const okBefore = okRequests(lrs);
      await until(() => okRequests(lrs) >= okBefore + 2, 'delivery to resume', 60_000);
      await srv.kill(); // mid-delivery: thousands still queued, a batch likely in flight
      assert.equal(await srv.exited, null, 'killed by a signal');
      assert.ok(lrs.stored.size < 7000, `killed with statements still queued (${lrs.stored.size} stored)`);

      srv = await spawn(env);
      expected.push(...(await vote100(r, [srv], 70, 100)));
      assert.equal(new Set(expected).size, 10_000);
      await until(() => lrs.stored.size >= 10_000, `all 10,000 stored (${lrs.stored.size} so far)`, 120_000);
      await until(async () => (await health(srv)).queued === 0, 'the queue to be empty', 30_000);
      assert.equal(lrs.stored.size, 10_000, 'nothing more than the statements of the acknowledged votes');
      assert.deepEqual(new Set(lrs.stored.keys()), new Set(expected), 'and exactly those ids');
      const h = await health(srv);
      assert.deepEqual([h.queued, h.parked], [0, 0]);
      // A statement goes out twice only when the kill or the LRS's stop cut its request before the
      // answer came back (then the LRS stores it once: same id, same content).
      assert.ok(resent(lrs) <= 2 * BATCH, `${resent(lrs)} statements sent again`);
    },
  );

  it(
    'PostgreSQL: two instances forward one queue without duplicates; one killed mid-batch, the other delivers what it held',
    { timeout: 240_000 },
    async () => {
      const BATCH = 50;
      pgServer = await startPostgres();
      const lrs = await receiver();
      lrs.latencyMs = 40; // a slow LRS: one instance alone could not drain the queue before the other joins
      const env = envFor(lrs, BATCH, { DATABASE_URL: await pgServer.database() });
      const [a, b] = await Promise.all([spawn({ ...env, PULSEKIT_INSTANCE: 'a' }), spawn({ ...env, PULSEKIT_INSTANCE: 'b' })]);
      const r = room('lrs-pg');

      // The LRS is down while both instances accept votes: one queue of 2,000 builds up in the database.
      await lrs.stop();
      const expected = await vote100(r, [a, b], 0, 20);
      await until(async () => (await health(a)).queued === 2000, 'the shared queue', 30_000);
      await lrs.start();
      await until(() => lrs.stored.size === 2000, 'the queue delivered', 60_000);
      assert.deepEqual(new Set(lrs.stored.keys()), new Set(expected));
      assert.equal(resent(lrs), 0, 'no statement sent twice');
      let [fa, fb] = [0, 0];
      await until(async () => {
        [fa, fb] = [(await health(a)).forwarded, (await health(b)).forwarded];
        return fa + fb === 2000;
      }, 'both to count what they delivered');
      assert.ok(fa > 0 && fb > 0, `both instances forwarded (${fa} + ${fb})`);

      await lrs.stop();
      expected.push(...(await vote100(r, [a, b], 20, 40)));
      await lrs.start();
      await until(() => lrs.stored.size >= 2300, 'delivery to resume', 60_000);
      await a.kill();
      await until(() => lrs.stored.size === 4000, `all 4,000 stored (${lrs.stored.size} so far)`, 60_000);
      await until(async () => (await health(b)).queued === 0, 'the queue to be empty', 30_000);
      assert.deepEqual(new Set(lrs.stored.keys()), new Set(expected));
      assert.ok(resent(lrs) <= BATCH, `${resent(lrs)} statements sent again: at most the batch the killed instance held`);
    },
  );
});
