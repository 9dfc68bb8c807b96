/// <reference types="node" />
// Live events that arrive while a stream replays history are held (server/stream-flow.ts, shared by
// the SSE stream and the WebSocket). Past `catchUpBuffer` of them the stream drops what it held and
// says `resync` once the replay ends; live delivery goes on after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStorage } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/types.js';
import { cleanupAll, delegate, freshDataDir, note, openSse, room, start, until, wsReady, type TestServer } from './helpers.js';

let s: TestServer;
/** FAULT: history reads wait for this while set, as a slow database would; live writes do not. */
let gate: Promise<void> | null = null;
let open: () => void = () => {};
const hold = () => {
  gate = new Promise<void>((resolve) => (open = resolve));
};
const release = () => {
  gate = null;
  open();
};
const gated =
  <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
  async (...a: A): Promise<R> => {
    if (gate) await gate;
    return f(...a);
  };

before(async () => {
  const dataDir = await freshDataDir();
  const inner = await openSqliteStorage(dataDir);
  const storage: Storage = {
    ...delegate(inner),
    readRoom: gated((...a) => inner.readRoom(...a)),
    readTopic: gated((...a) => inner.readTopic(...a)),
  };
  s = await start({ dataDir, storage, limits: { ratePerSecond: 0, catchUpBuffer: 3 } });
});
after(async () => {
  release();
  await cleanupAll();
});

/** Writes `texts` one request each, so each is its own live output. */
async function write(r: string, tok: string, texts: string[]): Promise<void> {
  for (const text of texts) assert.equal((await s.send(r, tok, [note('wes', text)])).json.acks[0].status, 'applied');
}

describe('live events during a replay', () => {
  it('SSE: past catchUpBuffer the replay ends with one resync; what was held is dropped; live events follow', async () => {
    const r = room('catchup-sse');
    const w = await s.token(r, 'wes');
    await write(r, w, ['h1', 'h2']);
    hold();
    const stream = await openSse(`${s.api}/rooms/${encodeURIComponent(r)}/stream`, await s.token(r, 'rea'), { lastEventId: 0 });
    await until(() => stream.frames.some((f) => f.event === 'presence'), 'the stream is open');
    await write(r, w, ['l1', 'l2', 'l3', 'l4', 'l5']);
    release();
    await until(() => stream.frames.some((f) => f.event === 'resync'), 'resync');
    assert.deepEqual(
      stream.frames.filter((f) => f.event === 'resync').map((f) => f.data.reason),
      ['too many events arrived during the replay'],
    );
    await write(r, w, ['after']);
    await until(() => stream.events().some((e) => e.data.text === 'after'), 'the live event after the resync');
    assert.deepEqual(
      stream.events().map((e) => e.data.text),
      ['h1', 'h2', 'after'],
    );
    stream.close();
  });

  it('WebSocket: past catchUpBuffer the sub ends its replay with one resync of the topic; live events follow', async () => {
    const r = room('catchup-ws');
    const w = await s.token(r, 'wes');
    await write(r, w, ['h1', 'h2']);
    const c = await wsReady(s, r, await s.token(r, 'rea'));
    hold();
    c.send({ t: 'sub', topic: 'note:t', since: 0 });
    await write(r, w, ['l1', 'l2', 'l3', 'l4', 'l5']);
    release();
    const resync = await c.next((m) => m.t === 'resync', 'resync');
    assert.deepEqual([resync.topic, resync.reason], ['note:t', 'too many events arrived during the replay']);
    await write(r, w, ['after']);
    await c.next((m) => m.t === 'event' && m.e.data.text === 'after', 'the live event after the resync');
    assert.deepEqual(
      c.messages.filter((m) => m.t === 'event').map((m) => m.e.data.text),
      ['h1', 'h2', 'after'],
    );
    c.close();
  });

  it('a replay within catchUpBuffer delivers the held events after the history, each once', async () => {
    const r = room('catchup-ok');
    const w = await s.token(r, 'wes');
    await write(r, w, ['h1']);
    const c = await wsReady(s, r, await s.token(r, 'rea'));
    hold();
    c.send({ t: 'sub', topic: 'note:t', since: 0 });
    await write(r, w, ['l1', 'l2']);
    release();
    await c.next((m) => m.t === 'event' && m.e.data.text === 'l2', 'the last held event');
    assert.deepEqual(
      c.messages.filter((m) => m.t === 'event').map((m) => m.e.data.text),
      ['h1', 'l1', 'l2'],
    );
    assert.ok(!c.messages.some((m) => m.t === 'resync'), 'no resync');
    c.close();
  });
});
