/// <reference types="node" />
// The embedded SQLite store: the storage conformance suite (test/server/storage-conformance.ts,
// which PostgreSQL passes too), the PULSEKIT_CHECKPOINT setting, and recovery after SIGKILL: a
// server process killed with a checkpoint lagging its events restarts with every acknowledged
// vote, its opId memory and its checkpoint written at the next graceful close.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'libsql';
import { createAuth } from '../../server/auth.js';
import { configFromEnv, parseCheckpoint } from '../../server/config.js';
import { openSqliteStorage, SQLITE_FILE } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/types.js';
import { cleanupAll, freshDataDir, room, start, vote } from './helpers.js';
import { spawnServer } from './processes.js';
import { storageConformance } from './storage-conformance.js';

after(cleanupAll);

const dirs = new WeakMap<Storage, string>();
const openIn = async (dir: string) => {
  const s = await openSqliteStorage(dir);
  dirs.set(s, dir);
  return s;
};

storageConformance('SQLite (embedded)', {
  open: async () => openIn(await freshDataDir()),
  async reopen(s) {
    await s.close();
    return openIn(dirs.get(s)!);
  },
  async exec(s, sql) {
    const db = new Database(join(dirs.get(s)!, SQLITE_FILE));
    db.exec(sql);
    db.close();
  },
});

describe('settings', () => {
  it('PULSEKIT_CHECKPOINT', () => {
    assert.deepEqual(parseCheckpoint('500/2000'), { events: 500, ms: 2000 });
    assert.deepEqual(parseCheckpoint('50'), { events: 50 });
    assert.deepEqual(configFromEnv({ PULSEKIT_CHECKPOINT: '10/100' }).checkpoint, { events: 10, ms: 100 });
    assert.throws(() => parseCheckpoint('0'), /PULSEKIT_CHECKPOINT/);
    assert.throws(() => parseCheckpoint('often'), /PULSEKIT_CHECKPOINT/);
  });

  it('one server per data directory: a second one refuses to start with a clear message', async () => {
    const dir = await freshDataDir();
    const s = await openSqliteStorage(dir);
    await assert.rejects(openSqliteStorage(dir), /already open in this process/);
    await s.close();
    (await openSqliteStorage(dir)).close();
  });
});

describe('recovery after SIGKILL', () => {
  const SECRET = 'storage-test-secret-0123456789abcdefghijkl';
  const auth = createAuth({ secret: SECRET, dev: false, ttlS: 600 });

  it(
    'a killed process with a lagging checkpoint: the restarted server has the state of every acked vote',
    { timeout: 90_000 },
    async () => {
      const dataDir = await freshDataDir();
      const r = room('kill');
      const srv = await spawnServer({
        PULSEKIT_DATA_DIR: dataDir,
        PULSEKIT_SECRET: SECRET,
        PULSEKIT_RATE: 'off',
        PULSEKIT_DEV: '0',
        PULSEKIT_CHECKPOINT: '10/600000',
      });
      const post = async (who: string, ops: unknown[]) => {
        const res = await fetch(`${srv.url}/v1/rooms/${r}/ops`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${await auth.sign({ room: r, sub: who, role: 'participant' })}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ ops }),
        });
        return (await res.json()).acks as { status: string; seq: number }[];
      };
      // 25 voters, then v3 changes its vote: 26 events. A checkpoint is written with the group that
      // brings a topic 10 or more events past its last one, so where checkpoints fall depends on how
      // batches were grouped. The first 9 vote at once (group commits; fewer than 10 events, so no
      // checkpoint whatever the grouping), the other 16 one after another: checkpoints at 10 and 20,
      // and events 21-26 only in the log. Sending all 25 at once let a grouping like 16 + 9 put a
      // checkpoint on event 26 itself on a busy machine, and the test then proved nothing.
      const voters = Array.from({ length: 25 }, (_, i) => `v${i + 1}`);
      const voteOf = (v: string, i: number) => post(v, [vote(v, i % 2 ? 'b' : 'a')]);
      const first = await Promise.all(voters.slice(0, 9).map(voteOf));
      for (const [i, v] of voters.entries()) if (i >= 9) first.push(await voteOf(v, i));
      assert.ok(first.every((a) => a[0]!.status === 'applied'));
      const change = vote('v3', 'b');
      assert.deepEqual((await post('v3', [change]))[0]!.seq, 26);
      await srv.kill();
      assert.equal(await srv.exited, null, 'killed by a signal');

      const peek = await openSqliteStorage(dataDir);
      const cp = await peek.checkpoint(r, 'poll:p');
      await peek.close();
      assert.equal(cp?.head, 20, 'the checkpoint lags the events: recovery must replay 21-26');

      const s = await start({ dataDir, secret: SECRET, fetchSnapshotAfter: 1 });
      const fac = await s.token(r, 'fac', 'facilitator');
      const page = (await s.fetchTopic(r, fac, 'poll:p', 0)).json;
      assert.equal(page.head, 26);
      assert.equal(page.snapshot.seq, 26);
      assert.deepEqual(page.snapshot.state.tally, { a: 12, b: 13 }, 'v3 moved from a to b');
      assert.equal(page.snapshot.state.responded, 25);
      // The rebuilt voters map decides: v3 changing again replaces its latest choice.
      const again = (await s.send(r, await s.token(r, 'v3'), [vote('v3', 'c')])).json.acks[0];
      assert.deepEqual([again.status, again.seq], ['applied', 27]);
      const ev = (await s.fetchTopic(r, fac, 'poll:p', 26)).json;
      assert.deepEqual(ev.events[0].data.replaces, ['b']);
      // The opId memory survived too.
      const dup = (await s.send(r, await s.token(r, 'v3'), [change])).json.acks[0];
      assert.deepEqual([dup.status, dup.seq], ['duplicate', 26]);
      await s.close();
      const after = await openSqliteStorage(dataDir);
      assert.equal((await after.checkpoint(r, 'poll:p'))!.head, 27, 'a graceful close writes the checkpoint');
      await after.close();
    },
  );
});
