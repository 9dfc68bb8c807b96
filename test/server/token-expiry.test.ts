/// <reference types="node" />
// Issue #17, item 3: a token is checked when a stream or socket opens, and again when it runs out.
// An open SSE stream ends with an `error` frame `token_expired`, an open WebSocket closes 4001
// `token_expired`; neither delivers nor applies anything after the expiry. The shipped transports
// renew the token through their provider and resume, losing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import type { Transport } from '../../src/core/protocol/transport.js';
import { HttpTransport } from '../../src/core/transports/http-transport.js';
import { WebSocketTransport } from '../../src/core/transports/websocket-transport.js';
import { noteModel } from '../../src/testing/test-model.js';
import { quietFor } from '../quiet.mjs';
import { cleanupAll, note, openSse, room, sleep, start, until, wsReady, type TestServer } from './helpers.js';

let s: TestServer;
const logs: string[] = [];

before(async () => {
  s = await start({ limits: { ratePerSecond: 0 }, timings: { presenceMs: 20 }, log: (line) => void logs.push(line) });
  // The first write of a fresh database takes a while: not within a short token's life.
  await s.send('warm-up', await s.token('warm-up', 'w'), [note('w', 'warm')]);
});
after(cleanupAll);

// `exp` has whole seconds: a token of 3 s lives 2-3 s, long enough for a slow step on a loaded machine.
const SHORT = { ttlS: 3 };

describe('a token that expires on an open connection', () => {
  it('ends the SSE stream with an error frame token_expired; nothing after the expiry is delivered on it', async () => {
    const r = room('sse-exp');
    const st = await openSse(`${s.api}/rooms/${encodeURIComponent(r)}/stream`, await s.token(r, 'ann', 'participant', SHORT));
    assert.equal(st.status, 200);
    const writer = await s.token(r, 'ben');
    await s.send(r, writer, [note('ben', 'before')]);
    await until(() => st.events().length === 1, 'the event before the expiry');
    await until(() => st.ended, 'the stream to end at the expiry', 6000);
    const error = st.frames.find((f) => f.event === 'error');
    assert.deepEqual(error?.data, {
      code: 'token_expired',
      message: 'The token has expired; reconnect with a fresh one.',
      retryable: true,
    });
    await s.send(r, writer, [note('ben', 'after')]);
    await quietFor(100, 'event on the expired stream', () => st.events().length > 1);
    assert.deepEqual(
      st.events().map((e) => e.data.text),
      ['before'],
    );
  });

  it('closes the WebSocket 4001 token_expired; it applies nothing after the expiry', async () => {
    const r = room('ws-exp');
    const c = await wsReady(s, r, await s.token(r, 'ann', 'participant', SHORT));
    c.send({ t: 'sub', topic: 'note:t', since: 0 });
    c.send({ t: 'send', id: 1, ops: [note('ann', 'in time')] });
    await c.next((m) => m.t === 'acks' && m.id === 1, 'the ack before the expiry');
    const closed = await c.waitClose(6000);
    assert.deepEqual(closed, { code: 4001, reason: 'token_expired: The token has expired; reconnect with a fresh one.' });
    const page = (await s.fetchTopic(r, await s.token(r, 'reader'), 'note:t')).json;
    assert.deepEqual(
      page.events.map((e: { data: { text: string } }) => e.data.text),
      ['in time'],
    );
  });
});

describe('the shipped transports renew an expired token and lose nothing', () => {
  const transports = {
    http: () => new HttpTransport(s.url, { backoff: { baseMs: 20, capMs: 200 } }),
    ws: () =>
      new WebSocketTransport(s.url, {
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        backoff: { baseMs: 20, capMs: 200 },
      }),
  };
  for (const [kind, make] of Object.entries(transports) as [string, () => Transport][]) {
    it(`${kind}: ops sent across several expiries are all stored once, and live events keep arriving`, { timeout: 60_000 }, async () => {
      const r = room(`renew-${kind}`);
      let minted = 0;
      const transport = make();
      const client = new SessionClient({
        room: r,
        transport,
        identity: { id: 'ben', name: 'Ben', role: 'participant' },
        outbox: new MemoryOutbox(),
        tokenProvider: () => (minted++, s.token(r, 'ben', 'participant', SHORT)),
        backoff: { baseMs: 20, capMs: 200 },
      });
      const handle = client.topic('note:t', noteModel);
      const ann = await s.token(r, 'ann');
      try {
        await client.start();
        await until(() => client.status === 'open', 'open');
        const since = logs.length;
        const sent: Promise<unknown>[] = [];
        const t0 = Date.now();
        for (let i = 0; Date.now() - t0 < 7000; i++) {
          sent.push(handle.send('add', { text: `ben ${i}` }));
          if (i % 5 === 0) await s.send(r, ann, [note('ann', `ann ${i}`)]);
          await sleep(100);
        }
        await until(() => client.queued === 0, 'every op acknowledged', 20_000);
        await Promise.all(sent);
        const page = (await s.fetchTopic(r, ann, 'note:t', 0, 500)).json;
        const texts: string[] = page.events.map((e: { data: { text: string } }) => e.data.text);
        const mine = texts.filter((t) => t.startsWith('ben '));
        assert.equal(mine.length, sent.length, 'every op stored');
        assert.equal(new Set(mine).size, mine.length, 'none twice');
        assert.ok(minted >= 3, `the provider was asked for fresh tokens (${minted} tokens in 7 s of tokens that live 2-3 s)`);
        // The stream kept delivering across the renewals: the view has every event.
        await until(
          () => handle.confirmed.count === texts.length,
          `the view to hold all ${texts.length} events (has ${handle.confirmed.count})`,
          10_000,
        );
        assert.equal(client.status, 'open');
        // The renewal came from the server's notice, not from trying the dead token first.
        const refused = logs.slice(since).filter((l) => l.includes(`/rooms/${r}/stream`) && l.includes('"status":401'));
        assert.deepEqual(refused, [], 'no stream request with the expired token');
      } finally {
        handle.release();
        await client.close();
      }
    });
  }
});
