/// <reference types="node" />
// Issue #17, item 1: a stream request whose client goes away while the server checks its token
// must not leave a stream behind: no lock-out by the per-participant stream limit, no presence of
// people without a stream, and a real HttpTransport behind a proxy that cuts its first stream
// requests still opens and delivers its queued operations.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { HttpTransport } from '../../src/core/transports/http-transport.js';
import { cutProxy } from './cut-proxy.js';
import { cleanupAll, note, openSse, room, start, until, type TestServer } from './helpers.js';

let s: TestServer;

before(async () => {
  s = await start({ limits: { ratePerSecond: 0, maxConnections: 5 }, timings: { presenceMs: 20 } });
});
after(cleanupAll);

const streamPath = (r: string) => `/v1/rooms/${encodeURIComponent(r)}/stream`;
const randomMs = () => Math.floor(Math.random() * 5); // 0-4 ms, as in the issue

/** Sends a stream request over a raw socket and drops the connection `afterMs` later. */
function dropStreamRequest(r: string, tok: string, afterMs: number): Promise<void> {
  const { port } = new URL(s.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${streamPath(r)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${tok}\r\nAccept: text/event-stream\r\n\r\n`,
      );
      setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

describe('streams dropped during the token check', () => {
  it('a real HttpTransport whose first 20 stream requests are cut reaches open and delivers its queued ops', async () => {
    const r = room('cut');
    const proxy = await cutProxy(s.url, { cut: (head) => head.startsWith('GET ') && head.includes('/stream'), max: 20, afterMs: 0 });
    const identity = { id: 'ben', name: 'Ben', role: 'participant' as const };
    const transport = new HttpTransport(proxy.url, { backoff: { baseMs: 20, capMs: 100 }, connectTimeoutMs: 5000 });
    // Ops queued by an earlier page (the outbox is what a reload leaves behind).
    const outbox = new MemoryOutbox();
    const queued = Array.from({ length: 12 }, (_, i) => note('ben', `queued ${i}`));
    for (const op of queued) await outbox.put(`${r} @ ${transport.outboxScope}`, op);
    const client = new SessionClient({
      room: r,
      transport,
      identity,
      outbox,
      tokenProvider: () => s.token(r, 'ben'),
      backoff: { baseMs: 20, capMs: 200 },
    });
    try {
      void client.start();
      await until(() => proxy.cuts >= 20, '20 cut stream requests', 30_000);
      await until(() => client.status === 'open', 'the transport to open', 30_000);
      await until(() => client.queued === 0, 'the queued ops to be acknowledged', 30_000);
      const page = (await s.fetchTopic(r, await s.token(r, 'reader'), 'note:t')).json;
      assert.deepEqual(
        page.events.map((e: { opId: string }) => e.opId),
        queued.map((o) => o.opId),
        'every queued op stored once, in order',
      );
    } finally {
      await client.close();
      await transport.close();
      await proxy.close();
    }
  });

  it('leave nothing behind: five real streams of the same participant open after 30 dropped requests', async () => {
    const r = room('zombie');
    const tok = await s.token(r, 'pia');
    await Promise.all(Array.from({ length: 30 }, () => dropStreamRequest(r, tok, randomMs())));
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await openSse(`${s.api}/rooms/${encodeURIComponent(r)}/stream`, tok));
    assert.deepEqual(
      streams.map((st) => st.status),
      [200, 200, 200, 200, 200],
      'every real stream opens (none refused 429)',
    );
    const sixth = await openSse(`${s.api}/rooms/${encodeURIComponent(r)}/stream`, tok);
    assert.equal(sixth.status, 429, 'the limit still counts the live streams');
    for (const st of streams) st.close();
  });

  it('presence lists only people with a live stream after 300 dropped requests', async () => {
    const r = room('presence');
    const people = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const tokens = await Promise.all(people.map((p) => s.token(r, p)));
    await Promise.all(tokens.flatMap((tok) => Array.from({ length: 5 }, () => dropStreamRequest(r, tok, randomMs()))));
    const fac = await s.token(r, 'fay', 'facilitator');
    const listed = async () =>
      ((await s.req('GET', `/rooms/${encodeURIComponent(r)}/presence`, fac)).json.participants as { id: string }[]).map((p) => p.id);
    // Wait for the server to notice every dropped connection; zombies never go.
    let seen: string[] = [];
    await until(async () => (seen = await listed()).length === 0, 'nobody left in presence', 10_000).catch(() =>
      assert.fail(`presence lists ${seen.length} of 60 people with no stream: ${seen.slice(0, 10).join(', ')}…`),
    );
    const live = await openSse(`${s.api}/rooms/${encodeURIComponent(r)}/stream`, tokens[0]!);
    await until(async () => (seen = await listed()).length === 1, 'the participant with a live stream');
    assert.deepEqual(seen, ['p0']);
    live.close();
    await until(async () => (await listed()).length === 0, 'an empty room again');
  });
});
