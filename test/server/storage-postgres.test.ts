/// <reference types="node" />
// PostgreSQL (`DATABASE_URL`): the same storage conformance suite as the embedded store, on a real
// PostgreSQL server that this file starts on loopback (test/server/services.ts) and stops after,
// plus what only a database server has: several stores (processes) migrating one database at once,
// and a whole server over it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStorage } from '../../server/storage/postgres.js';
import { SCHEMA_VERSION } from '../../server/storage/schema.js';
import type { Storage } from '../../server/storage/types.js';
import { cleanupAll, note, room, start } from './helpers.js';
import { startPostgres, type TestPostgres } from './services.js';
import { storageConformance } from './storage-conformance.js';

let server: TestPostgres;
/** One database for the tests that only need fresh rooms (CREATE DATABASE takes a while). */
let shared: string;
before(async () => {
  server = await startPostgres();
  shared = await server.database();
});
after(async () => {
  await cleanupAll();
  server?.stop();
});

const urls = new WeakMap<Storage, string>();
const openAt = async (url: string) => {
  const s = await openPostgresStorage(url, { poolSize: 4 });
  urls.set(s, url);
  return s;
};

storageConformance('PostgreSQL', {
  open: async (fresh) => openAt(fresh ? await server.database() : shared),
  async reopen(s) {
    await s.close();
    return openAt(urls.get(s)!);
  },
  second: (s) => openAt(urls.get(s)!),
  async exec(s, sql) {
    const c = new pg.Client({ connectionString: urls.get(s)! });
    await c.connect();
    await c.query(sql);
    await c.end();
  },
});

describe('PostgreSQL: several processes', () => {
  it('stores opened together on an empty database migrate it once', async () => {
    const url = await server.database();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStorage(url, { poolSize: 2 })));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    assert.equal((await c.query(`SELECT value FROM pk_meta WHERE key = 'schema'`)).rows[0].value, String(SCHEMA_VERSION));
    await c.end();
    for (const s of stores) await s.close();
  });

  it('two servers on one database (no Redis): each read sees what the other acknowledged before it', async () => {
    const secret = 'pg-read-your-writes-0123456789abcdefghijkl';
    const [a, b] = await Promise.all([
      start({ databaseUrl: shared, secret, dev: true }),
      start({ databaseUrl: shared, secret, dev: true }),
    ]);
    const r = room('ryw');
    const ann = await a.token(r, 'ann');
    assert.equal((await a.send(r, ann, [note('ann', 'first')])).json.acks[0].seq, 1);
    assert.equal((await b.fetchTopic(r, ann, 'note:t')).json.head, 1, 'B loads the topic');
    for (const text of ['second', 'third']) assert.equal((await a.send(r, ann, [note('ann', text)])).json.acks[0].status, 'applied');
    const page = (await b.fetchTopic(r, ann, 'note:t', 1)).json;
    assert.deepEqual(
      [page.head, page.events.map((e: { data: { text: string } }) => e.data.text)],
      [3, ['second', 'third']],
      'B, which cached the topic, answers with both',
    );
    const next = (await b.send(r, ann, [note('ann', 'fourth')])).json.acks[0];
    assert.deepEqual([next.status, next.seq], ['applied', 4], 'and decides after them');
  });

  it('a server on DATABASE_URL takes ops, says so in /v1/health, and keeps them across a restart', async () => {
    const databaseUrl = shared;
    const r = room('pg');
    let s = await start({ databaseUrl });
    assert.equal((await s.req('GET', '/health')).json.storage, 'postgres');
    const ann = await s.token(r, 'ann');
    const o = note('ann', 'kept');
    assert.equal((await s.send(r, ann, [o])).json.acks[0].status, 'applied');
    await s.close();
    s = await start({ databaseUrl });
    const again = (await s.send(r, await s.token(r, 'ann'), [o])).json.acks[0];
    assert.deepEqual([again.status, again.seq], ['duplicate', 1]);
    assert.equal((await s.fetchTopic(r, await s.token(r, 'ann'), 'note:t')).json.head, 1);
  });
});
