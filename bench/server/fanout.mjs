// Fan-out throughput of the server bench: N clients (in worker threads, client-threads.mjs)
// subscribed to one topic, one sender, bursts of K frames; throughput = N × K frames delivered /
// time from the send to the last delivery. For the reference server the topic is a `note` topic
// (dev mode's test model: no snapshots, every event goes to every subscriber), over WebSocket or
// SSE; the baseline is the bare `ws` relay (relay.mjs) with frames of the same size. Median of the
// rounds.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ClientThreads } from './client-threads.mjs';
import { devToken, onCleanup, op, pool, PROBE, ROOT, sleep, summary, wall } from './harness.mjs';
import { WsClient } from './clients.mjs';

const ROOM = 'fanout';
const TOPIC = 'note:fan';

/** `rounds` rounds of `send(r)` (resolves with its wall-clock start) until every client got `frames` more; the times to the last delivery (null: timed out). */
export async function fanoutRounds(threads, { frames, rounds, send, pauseMs = 300 }) {
  const times = [];
  for (let r = 1; r <= rounds; r++) {
    await threads.mark();
    const t0 = await send(r);
    const last = await threads.reached(frames);
    times.push(last === null ? null : last - t0);
    await sleep(pauseMs);
  }
  return times;
}

/** Median time of the complete rounds and the frames per second it gives. */
export function throughput(n, k, times) {
  const ok = times.filter((t) => t !== null);
  const med = summary(ok).p50;
  return { medianMs: med, perS: ok.length ? (n * k) / (med / 1000) : NaN, complete: ok.length, rounds: times.length };
}

function report(label, n, k, t) {
  console.log(
    `  ${label}: ${n} clients × ${k} frames, median ${t.medianMs.toFixed(0)} ms to the last delivery → ${Math.round(t.perS).toLocaleString('en')} frames/s (${t.complete}/${t.rounds} rounds complete)`,
  );
  return t.perS;
}

/** The facilitator's burst of `k` notes on `topic`; resolves with its wall-clock start. */
export function noteSender(fac, clientId, topic, k, pad = 60) {
  return async (r) => {
    const t0 = wall();
    await fac.sendOps(Array.from({ length: k }, (_, i) => op(clientId, topic, 'add', { text: `round ${r} note ${i} ${'·'.repeat(pad)}` })));
    return t0;
  };
}

/** The reference server: N subscribers (WebSocket or SSE) of a note topic, a facilitator sending K notes per round. */
export async function serverFanout({ label, origin, kind, clients: n, frames: k, rounds }) {
  const wsUrl = `${origin.replace(/^http/, 'ws')}/v1/rooms/${ROOM}/ws`;
  const ids = Array.from({ length: n }, (_, i) => `f${i}`);
  const tokens = await pool(ids, 32, (id) => devToken(origin, ROOM, 'participant', id));
  const threads = new ClientThreads();
  onCleanup(() => threads.close());
  const { connected } = await threads.connect(
    kind,
    ids.map((id, i) => ({ id, token: tokens[i], url: wsUrl, origin, room: ROOM, topics: [TOPIC] })),
  );
  const fac = new WsClient(wsUrl, await devToken(origin, ROOM, 'facilitator', 'sender'), 'sender');
  onCleanup(() => fac.close());
  await fac.ready;
  let frameBytes = 0;
  fac.count = (text) => (frameBytes = text.length);
  fac.sub(TOPIC);
  await sleep(1000);
  const times = await fanoutRounds(threads, { frames: k, rounds, send: noteSender(fac, 'sender', TOPIC, k) });
  const perS = report(label, connected.length, k, throughput(connected.length, k, times));
  await threads.close();
  return { perS, frameBytes };
}

/** Starts the bare relay in its own process (with the memory probe); resolves with its URL and child. */
export async function startRelay() {
  const child = spawn(process.execPath, [...PROBE, join(ROOT, 'bench', 'server', 'relay.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  onCleanup(() => child.kill('SIGKILL'));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /relay: (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`relay exited ${c}`)));
  });
  return { url: `ws://127.0.0.1:${port}`, child };
}

/** A plain `ws` client of the relay in this thread; `onFrame(at)` per frame it receives. */
export async function relayClient(url) {
  const s = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    s.once('open', resolve);
    s.once('error', reject);
  });
  s.on('error', () => {});
  onCleanup(() => s.terminate());
  return s;
}

/** The relay's burst of `k` frames of `bytes` bytes from `sender`; resolves with its wall-clock start. */
export function relaySender(sender, k, bytes) {
  let seq = 0;
  return async () => {
    const t0 = wall();
    for (let i = 0; i < k; i++) sender.send(JSON.stringify({ seq: ++seq, bytes }));
    return t0;
  };
}

/** The baseline: the same with the bare ws relay (a child process), frames of `bytes` bytes. */
export async function relayFanout({ clients: n, frames: k, rounds, bytes }) {
  const relay = await startRelay();
  const threads = new ClientThreads();
  onCleanup(() => threads.close());
  const { connected } = await threads.connect(
    'relay',
    Array.from({ length: n }, () => ({ url: relay.url })),
  );
  const sender = await relayClient(relay.url); // the relay echoes to everyone; only the threads' clients count
  await sleep(500);
  const times = await fanoutRounds(threads, { frames: k, rounds, send: relaySender(sender, k, bytes) });
  const perS = report('bare ws relay (baseline)', connected.length, k, throughput(connected.length, k, times));
  await threads.close();
  sender.terminate();
  relay.child.kill('SIGKILL');
  return { perS };
}
