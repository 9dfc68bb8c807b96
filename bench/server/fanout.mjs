// Fan-out throughput of the server bench: N clients subscribed to one topic, one sender, bursts of
// K frames; throughput = N × K frames delivered / time from the send to the last delivery. For
// the reference server the topic is a `note` topic (dev mode's test model: no snapshots, every
// event goes to every subscriber), over WebSocket or SSE; the baseline is the bare `ws` relay
// (relay.mjs) with frames of the same size. Median of the rounds.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SseClient, WsClient } from './clients.mjs';
import { devToken, now, onCleanup, op, pool, ROOT, sleep, summary } from './harness.mjs';

const ROOM = 'fanout';
const TOPIC = 'note:fan';

/** Waits until every counter reached `target`; resolves with the last arrival time (or null on timeout). */
async function allReached(counters, target, ms = 30_000) {
  const end = now() + ms;
  while (now() < end) {
    if (counters.every((c) => c.n >= target)) return Math.max(...counters.map((c) => c.last));
    await sleep(5);
  }
  return null;
}

function report(label, n, k, times) {
  const ok = times.filter((t) => t !== null);
  const med = summary(ok).p50;
  const perS = ok.length ? (n * k) / (med / 1000) : NaN;
  console.log(
    `  ${label}: ${n} clients × ${k} frames, median ${med.toFixed(0)} ms to the last delivery → ${Math.round(perS).toLocaleString('en')} frames/s (${ok.length}/${times.length} rounds complete)`,
  );
  return perS;
}

/** The reference server: N subscribers (WebSocket or SSE) of a note topic, a facilitator sending K notes per round. */
export async function serverFanout({ label, origin, kind, clients: n, frames: k, rounds }) {
  const wsUrl = `${origin.replace(/^http/, 'ws')}/v1/rooms/${ROOM}/ws`;
  const ids = Array.from({ length: n }, (_, i) => `f${i}`);
  const tokens = await pool(ids, 32, (id) => devToken(origin, ROOM, 'participant', id));
  const counters = [];
  let frameBytes = 0;
  await pool(ids, 100, async (id, i) => {
    const c = kind === 'ws' ? new WsClient(wsUrl, tokens[i], id) : new SseClient(origin, ROOM, tokens[i], TOPIC);
    onCleanup(() => c.close());
    await c.ready;
    const counter = { n: 0, last: 0 };
    c.count = (text, at) => {
      counter.n++;
      counter.last = at;
      frameBytes = text.length;
    };
    if (kind === 'ws') c.sub(TOPIC);
    counters.push(counter);
  });
  const fac = new WsClient(wsUrl, await devToken(origin, ROOM, 'facilitator', 'sender'), 'sender');
  onCleanup(() => fac.close());
  await fac.ready;
  await sleep(1000);
  const times = [];
  for (let r = 1; r <= rounds; r++) {
    const t0 = now();
    await fac.sendOps(Array.from({ length: k }, (_, i) => op('sender', TOPIC, 'add', { text: `round ${r} note ${i} ${'·'.repeat(60)}` })));
    const last = await allReached(counters, r * k);
    times.push(last === null ? null : last - t0);
    await sleep(300);
  }
  for (const c of counters) c.n = Infinity; // stop waiting
  const perS = report(label, counters.length, k, times);
  return { perS, frameBytes };
}

/** The baseline: the same with the bare ws relay (a child process), frames of `bytes` bytes. */
export async function relayFanout({ clients: n, frames: k, rounds, bytes }) {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'server', 'relay.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  onCleanup(() => child.kill('SIGKILL'));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /relay: (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`relay exited ${c}`)));
  });
  const url = `ws://127.0.0.1:${port}`;
  const counters = [];
  const sockets = [];
  await pool(
    Array.from({ length: n + 1 }, (_, i) => i),
    100,
    (i) =>
      new Promise((resolve, reject) => {
        const s = new WebSocket(url, { perMessageDeflate: false });
        s.once('error', reject);
        s.once('open', () => resolve());
        sockets.push(s);
        if (i === n) return; // the sender counts nothing
        const counter = { n: 0, last: 0 };
        counters.push(counter);
        s.on('message', () => {
          counter.n++;
          counter.last = now();
        });
      }),
  );
  onCleanup(() => sockets.forEach((s) => s.terminate()));
  const sender = sockets[sockets.length - 1];
  await sleep(500);
  const times = [];
  let seq = 0;
  for (let r = 1; r <= rounds; r++) {
    const t0 = now();
    // The relay echoes to everyone, the sender included; only the others count.
    for (let i = 0; i < k; i++) sender.send(JSON.stringify({ seq: ++seq, bytes }));
    const last = await allReached(counters, r * k);
    times.push(last === null ? null : last - t0);
    await sleep(300);
  }
  const perS = report(`bare ws relay (baseline)`, counters.length, k, times);
  child.kill('SIGKILL');
  for (const s of sockets) s.terminate();
  return { perS };
}
