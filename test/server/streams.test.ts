/// <reference types="node" />
// Live delivery against a real server: the SSE stream (resume with Last-Event-ID, heartbeat,
// topic filter, coalesced snapshots) and the WebSocket endpoint (auth-first, timeouts, close codes,
// send/fetch/sub, heartbeat, backpressure → resync).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopicModel } from '../../src/core/protocol/model.js';
import { quietFor } from '../quiet.mjs';
import { blobModel, cleanupAll, note, op, openSse, openWs, room, sleep, start, until, vote, wsReady, type TestServer } from './helpers.js';

/** FAULT: a topic kind whose per-viewer projection throws, as a buggy model would. */
const fragileModel: TopicModel<{ n: number }> = {
  kind: 'fragile',
  initial: () => ({ n: 0 }),
  decide: (_s, o) => ({ ok: true, data: o.data }),
  evolve: (s) => ({ n: s.n + 1 }),
  viewEvent: () => {
    throw new Error('broken projection');
  },
};

let s: TestServer;
const logs: string[] = [];

before(async () => {
  s = await start({
    cors: ['https://allowed.example'],
    models: [blobModel, fragileModel],
    fetchSnapshotAfter: 20,
    log: (line) => void logs.push(line),
    limits: { ratePerSecond: 0, maxConnections: 3, maxPage: 50, maxBodyBytes: 2 * 1024 * 1024, wsBufferBytes: 64 * 1024 },
    // The WebSocket heartbeat stays at 15 s: the backpressure tests stop reading for seconds.
    // (The missed-pong test runs in durability.test.ts.)
    timings: { sseHeartbeatMs: 100, wsAuthTimeoutMs: 300, presenceMs: 20, snapshotWindowMs: 150, snapshotBurst: 2 },
  });
});
after(cleanupAll);

const streamUrl = (r: string) => `${s.api}/rooms/${encodeURIComponent(r)}/stream`;
const wsUrl = (r: string) => `${s.url.replace('http', 'ws')}/v1/rooms/${encodeURIComponent(r)}/ws`;

describe('SSE stream', () => {
  it('streams live events; a resume with Last-Event-ID gets exactly the missed ones, then live ones', async () => {
    const r = room();
    const w = await s.token(r, 'writer');
    const rd = await s.token(r, 'reader');
    const first = await openSse(streamUrl(r), rd);
    assert.equal(first.status, 200);
    assert.match(first.res.headers.get('content-type')!, /text\/event-stream/);
    await until(() => first.frames.some((f) => f.event === 'presence'), 'presence frame');
    const live = [note('writer', 'l1', 'note:a'), note('writer', 'l2', 'note:b'), note('writer', 'l3', 'note:a')];
    await s.send(r, w, live);
    await until(() => first.events().length === 3, '3 live events');
    assert.deepEqual(
      first.events().map((e) => e.opId),
      live.map((o) => o.opId),
    );
    const lastId = Number(first.lastId);
    assert.equal(lastId, 3);
    first.close();

    const missed = [
      note('writer', 'm1', 'note:a'),
      note('writer', 'm2', 'note:b'),
      note('writer', 'm3', 'note:a'),
      note('writer', 'm4', 'note:c'),
    ];
    await s.send(r, w, missed.slice(0, 2));
    await s.send(r, w, missed.slice(2));

    const resumed = await openSse(streamUrl(r), rd, { lastEventId: lastId });
    await until(() => resumed.events().length === 4, '4 replayed events');
    const later = note('writer', 'after');
    await s.send(r, w, [later]);
    await until(() => resumed.events().length === 5, 'the live event after the replay');
    await quietFor(100, 'event twice', () => resumed.events().length > 5);
    assert.deepEqual(
      resumed.events().map((e) => e.opId),
      [...missed.map((o) => o.opId), later.opId],
    );
    assert.deepEqual(
      resumed.frames.filter((f) => f.event === 'event').map((f) => Number(f.id)),
      [4, 5, 6, 7, 8],
    );
    resumed.close();
  });

  it('an anonymous survey answer reaches the facilitator whole and other participants without answers, whichever stream is served first', async () => {
    for (const facilitatorFirst of [false, true]) {
      const r = room('survey');
      // Connection order decides whose frame the hub builds first.
      const open = async (who: 'fay' | 'pia') =>
        openSse(streamUrl(r), await s.token(r, who, who === 'fay' ? 'facilitator' : 'participant'));
      const fac = facilitatorFirst ? await open('fay') : null;
      const peer = await open('pia');
      const facStream = fac ?? (await open('fay'));
      const submit = op('ann', 'survey:s', 'submit', {
        answers: { q1: 'my secret' },
        context: { room: r, session: '', hidden: {} },
        anonymous: true,
      });
      const ack = (await s.send(r, await s.token(r, 'ann'), [submit])).json.acks[0];
      assert.equal(ack.status, 'applied', JSON.stringify(ack));
      await until(() => facStream.events('survey:s').length === 1 && peer.events('survey:s').length === 1, 'the submit on both streams');
      const [forFac] = facStream.events('survey:s');
      const [forPeer] = peer.events('survey:s');
      assert.deepEqual(forFac.data.answers, { q1: 'my secret' }, `facilitator (${facilitatorFirst ? 'first' : 'second'})`);
      assert.equal(
        forPeer.data.answers,
        undefined,
        `another participant (${facilitatorFirst ? 'second' : 'first'}) must not get the answers`,
      );
      assert.equal(forFac.actor, undefined);
      assert.equal(forPeer.actor, undefined);
      facStream.close();
      peer.close();
    }
  });

  it("when a model's projection throws, the author still gets the event whole and others get it without actor or data", async () => {
    const r = room('fragile');
    const author = await openSse(streamUrl(r), await s.token(r, 'ann'));
    const peer = await openSse(streamUrl(r), await s.token(r, 'pia'));
    const sent = op('ann', 'fragile:t', 'add', { secret: 'only for ann' });
    assert.equal((await s.send(r, await s.token(r, 'ann'), [sent])).json.acks[0].status, 'applied');
    await until(() => author.events('fragile:t').length === 1 && peer.events('fragile:t').length === 1, 'the event on both streams');
    const [own] = author.events('fragile:t');
    const [other] = peer.events('fragile:t');
    assert.deepEqual([own.data, own.actor?.id], [{ secret: 'only for ann' }, 'ann']);
    assert.deepEqual([other.data, other.actor, other.seq, other.opId], [null, undefined, 1, sent.opId]);
    author.close();
    peer.close();
  });

  it('sends a heartbeat comment, honours ?topics= and answers a cursor ahead of the server with resync', async () => {
    const r = room();
    const t = await s.token(r, 'hb');
    const st = await openSse(streamUrl(r), t, { topics: 'note:a' });
    await until(() => st.frames.some((f) => f.event === 'comment' && f.comment === 'ping'), 'a ": ping" comment', 3000);
    await s.send(r, t, [note('hb', 'x', 'note:b'), note('hb', 'y', 'note:a')]);
    await until(() => st.events().length === 1, 'the note:a event');
    await quietFor(50, 'event of another topic', () => st.events().length > 1);
    assert.deepEqual(
      st.events().map((e) => e.topic),
      ['note:a'],
    );
    st.close();
    const ahead = await openSse(streamUrl(r), t, { lastEventId: 999 });
    await until(() => ahead.frames.some((f) => f.event === 'resync'), 'resync');
    ahead.close();
    const bad = await openSse(streamUrl(r), t, { topics: 'nope' });
    assert.equal(bad.status, 400);
  });

  it('coalesces a busy poll into per-viewer snapshots (and keeps a safe resume id)', async () => {
    const r = room();
    const viewer = await s.token(r, 'watcher');
    const st = await openSse(streamUrl(r), viewer);
    const c = await wsReady(s, r, await s.token(r, 'wswatch'));
    c.send({ t: 'sub', topic: 'poll:p', since: 0 });
    await sleep(50);
    const voters = Array.from({ length: 30 }, (_, i) => `v${i}`);
    const tokens = await Promise.all(voters.map((v) => s.token(r, v)));
    const acks = await Promise.all(voters.map((v, i) => s.send(r, tokens[i]!, [vote(v, i % 2 ? 'a' : 'b')])));
    assert.ok(acks.every((a) => a.json.acks[0].status === 'applied'));
    const last = (f: { event: string; data?: any }) => (f.event === 'snapshot' ? f.data.seq : f.event === 'event' ? f.data.seq : 0);
    await until(() => st.frames.some((f) => last(f) === 30), 'the stream to reach seq 30');
    const snaps = st.frames.filter((f) => f.event === 'snapshot');
    const events = st.events('poll:p');
    assert.ok(snaps.length >= 1, 'at least one snapshot');
    assert.ok(events.length < 30, `coalesced: ${events.length} individual events`);
    const final = snaps[snaps.length - 1]!.data;
    assert.equal(final.topic, 'poll:p');
    assert.equal(final.seq, 30);
    assert.equal(final.state.responded, 30);
    assert.deepEqual(final.state.voters, {}, 'a snapshot never tells who else voted');
    const ids = st.frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ids never go back',
    );
    // Far behind (more than fetchSnapshotAfter), a fetch gets the viewer's snapshot instead of history.
    const far = (await s.fetchTopic(r, viewer, 'poll:p', 0)).json;
    assert.deepEqual(far.events, []);
    assert.equal(far.snapshot.seq, 30);
    assert.equal(far.head, 30);
    assert.deepEqual(far.snapshot.state.voters, {});
    // The WebSocket subscriber gets snapshots too.
    await c.next((m) => (m.t === 'snapshot' && m.seq === 30) || (m.t === 'event' && m.e.seq === 30), 'ws reaches seq 30');
    assert.ok(c.messages.some((m) => m.t === 'snapshot' && m.topic === 'poll:p'));
    st.close();
    c.close();
  });
});

describe('WebSocket', () => {
  it('requires auth first: another first message closes 4001; silence closes 4008; bad token 4001; wrong room 4003', async () => {
    const r = room();
    const notAuth = await openWs(wsUrl(r));
    notAuth.send({ t: 'ping' });
    assert.equal((await notAuth.waitClose()).code, 4001);

    const silent = await openWs(wsUrl(r));
    const t0 = Date.now();
    assert.equal((await silent.waitClose(3000)).code, 4008);
    assert.ok(Date.now() - t0 >= 250);

    const bad = await openWs(wsUrl(r));
    bad.send({ t: 'auth', token: 'nope' });
    assert.equal((await bad.waitClose()).code, 4001);

    const expired = await openWs(wsUrl(r));
    expired.send({ t: 'auth', token: await s.token(r, 'x', 'participant', { ttlS: -5 }) });
    assert.equal((await expired.waitClose()).code, 4001);

    const other = await openWs(wsUrl(r));
    other.send({ t: 'auth', token: await s.token(room(), 'x') });
    assert.equal((await other.waitClose()).code, 4003);
  });

  it('ready, send/acks, fetch/page, sub (replay then live), unsub, ping/pong, errors', async () => {
    const r = room();
    const t = await s.token(r, 'wes', 'facilitator', { name: 'Wes' });
    await s.send(r, t, [note('wes', 'old1'), note('wes', 'old2')]);
    const c = await wsReady(s, r, t);
    const ready = c.messages.find((m) => m.t === 'ready');
    assert.deepEqual(ready.actor, { id: 'wes', name: 'Wes', role: 'facilitator' });
    assert.equal(ready.limits.maxPage, 50);
    c.send({ t: 'sub', topic: 'note:t', since: 1 });
    const replayed = await c.next((m) => m.t === 'event' && m.e.seq === 2, 'replayed event 2');
    assert.equal(replayed.cursor, 2);
    assert.ok(!c.messages.some((m) => m.t === 'event' && m.e.seq === 1), 'since is exclusive');
    const o = note('wes', 'new');
    c.send({ t: 'send', id: 7, ops: [o, o] });
    const acks = await c.next((m) => m.t === 'acks' && m.id === 7, 'acks');
    assert.deepEqual(
      acks.acks.map((a: any) => [a.status, a.seq]),
      [
        ['applied', 3],
        ['duplicate', 3],
      ],
    );
    await c.next((m) => m.t === 'event' && m.e.seq === 3 && m.e.opId === o.opId, 'live event 3');
    c.send({ t: 'fetch', id: 8, topic: 'note:t', since: 0, limit: 2 });
    const page = await c.next((m) => m.t === 'page' && m.id === 8, 'page');
    assert.deepEqual(
      page.events.map((e: any) => e.seq),
      [1, 2],
    );
    assert.equal(page.hasMore, true);
    assert.equal(page.head, 3);
    c.send({ t: 'unsub', topic: 'note:t' });
    c.send({ t: 'ping' });
    await c.next((m) => m.t === 'pong', 'pong');
    await s.send(r, t, [note('wes', 'unseen')]);
    c.send({ t: 'send', id: 9, ops: Array.from({ length: 101 }, () => note('wes', 'x')) });
    const tooLarge = await c.next((m) => m.t === 'error' && m.id === 9, 'too_large error');
    assert.equal(tooLarge.code, 'too_large');
    assert.equal(tooLarge.retryable, false);
    c.send('not json');
    const err = await c.next((m) => m.t === 'error' && m.id === undefined, 'bad_request error');
    assert.equal(err.code, 'bad_request');
    c.send({ t: 'fetch', id: 10, topic: 'note:t', since: -1 });
    assert.equal((await c.next((m) => m.t === 'error' && m.id === 10, 'fetch error')).code, 'bad_request');
    assert.ok(!c.messages.some((m) => m.t === 'event' && m.e.seq === 4), 'no delivery after unsub');
    c.close();
  });

  it('presence over WebSocket; too many connections closes 4029; a disallowed Origin is refused', async () => {
    const r = room();
    const f = await s.token(r, 'fi', 'facilitator');
    const p = await s.token(r, 'pi');
    const fc = await wsReady(s, r, f);
    const pcs = [await wsReady(s, r, p), await wsReady(s, r, p), await wsReady(s, r, p)];
    await fc.next((m) => m.t === 'presence' && m.count === 2 && m.participants?.length === 2, 'facilitator presence with names');
    assert.ok(pcs[0]!.messages.filter((m) => m.t === 'presence').every((m) => m.participants === undefined));
    const fourth = await openWs(wsUrl(r));
    fourth.send({ t: 'auth', token: p });
    assert.equal((await fourth.waitClose()).code, 4029);
    for (const c of pcs) c.close();
    await fc.next((m) => m.t === 'presence' && m.count === 1, 'presence after leaving');
    fc.close();
    await assert.rejects(openWs(wsUrl(r), { origin: 'https://evil.example' }), /403/);
    const allowed = await openWs(wsUrl(r), { origin: 'https://allowed.example' });
    allowed.close();
  });

  it('backpressure: a reader that stops reading gets no unbounded buffer, then one resync', async () => {
    const r = room();
    const reader = await wsReady(s, r, await s.token(r, 'slow'));
    reader.send({ t: 'sub', topic: 'blob:x', since: 0 });
    await sleep(50);
    const socket = (reader.ws as any)._socket as import('node:net').Socket;
    socket.pause();
    const w = await s.token(r, 'fast');
    const text = 'x'.repeat(15_000);
    const noticed = () => logs.some((l) => l.includes('"ws.backpressure"') && l.includes(r));
    // The kernel takes a few MB first; write until the server notices (1.5 MB per batch).
    let total = 0;
    for (let b = 0; b < 16 && !noticed(); b++) {
      const res = await s.send(
        r,
        w,
        Array.from({ length: 100 }, () => op('fast', 'blob:x', 'put', { text })),
      );
      assert.equal(res.status, 200);
      total += 100;
    }
    await until(noticed, 'the server to notice the slow reader', 5000);
    // More events while it is behind: none of them may pile up in the server.
    for (let b = 0; b < 2; b++)
      await s.send(
        r,
        w,
        Array.from({ length: 100 }, () => op('fast', 'blob:x', 'put', { text })),
      );
    total += 200;
    socket.resume();
    const resync = await reader.next((m) => m.t === 'resync', 'resync', 10_000);
    assert.equal(resync.topic, undefined, 'resync of every topic');
    const before = reader.messages.slice(0, reader.messages.indexOf(resync));
    const seqs = before.filter((m) => m.t === 'event').map((m) => m.e.seq);
    assert.ok(seqs.length < total, `only part of the stream was queued (${seqs.length} of ${total})`);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'what was delivered is in order and gap-free up to the overflow',
    );
    // After resync the client fetches from its cursor and catches up.
    reader.send({ t: 'fetch', id: 1, topic: 'blob:x', since: seqs.length, limit: 50 });
    const page = await reader.next((m) => m.t === 'page' && m.id === 1, 'page');
    assert.equal(page.head, total);
    assert.equal(page.events[0].seq, seqs.length + 1);
    reader.close();
  });
});

describe('SSE backpressure', () => {
  it('a stream that is not read stops queueing, then gets one resync', async () => {
    const r = room();
    const ac = new AbortController();
    const res = await fetch(`${s.api}/rooms/${r}/stream`, {
      headers: { Authorization: `Bearer ${await s.token(r, 'sslow')}` },
      signal: ac.signal,
    });
    const body = res.body!.getReader();
    await body.read(); // the stream is open; now stop reading
    const w = await s.token(r, 'sfast');
    const text = 'y'.repeat(15_000);
    const noticed = () => logs.some((l) => l.includes('"sse.backpressure"') && l.includes('sslow'));
    let total = 0;
    for (let b = 0; b < 16 && !noticed(); b++) {
      await s.send(
        r,
        w,
        Array.from({ length: 100 }, () => op('sfast', 'blob:y', 'put', { text })),
      );
      total += 100;
    }
    await until(noticed, 'the server to notice the slow stream', 5000);
    await s.send(
      r,
      w,
      Array.from({ length: 100 }, () => op('sfast', 'blob:y', 'put', { text })),
    );
    total += 100;
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('event: resync')) {
      const { value, done } = await body.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    assert.ok(received.includes('event: resync'), 'resync after the buffer drained');
    // Frames before the resync: what was queued before the overflow.
    const events = received
      .slice(0, received.indexOf('event: resync'))
      .split('\n\n')
      .filter((f) => f.includes('event: event'));
    assert.ok(events.length < total, `only part of the stream was queued (${events.length} of ${total})`);
    const seqs = events.map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)).seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'in order and gap-free up to the overflow',
    );
    ac.abort();
  });
});
