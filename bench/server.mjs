// Load benchmark of the reference server over WebSocket (docs/protocol.md), `npm run bench:server`.
//
// Starts the server as a child process (temp data dir, dev tokens, rate limit off), connects N
// simulated participants with the `ws` package (auth first, then `sub` to the poll topic), a
// facilitator opens the poll, participants vote at a controlled rate, and a separate observer
// client (a participant that never votes) timestamps every `event` / `snapshot` frame of the poll.
// Vote-to-tally latency of a vote = first time the observer saw a frame at or past the vote's seq
// (the ack tells the seq; a snapshot at seq S contains every event up to S) − the time it was sent.
// Then, in the same run, a baseline: a bare `ws` server on loopback, the same N clients, one
// client's message broadcast (a snapshot-sized frame) to all of them.
// Prints figures; never fails on them. Loopback only; stops by itself.
//
// Env: BENCH_CLIENTS (2000), BENCH_RATE votes/s (200), BENCH_VOTES (max votes, default = clients),
// BENCH_DURATION_S (max voting time, 30, capped at 60), BENCH_BASELINE_ROUNDS (50),
// BENCH_SERVER_NODE_ARGS (extra node flags for the server process, e.g. `--cpu-prof
// --cpu-prof-dir=.tmp/prof`; the server is then stopped with SIGTERM so the profile gets written),
// BENCH_ONLY (`fanout` or `hostile`: one part only).
// Then the hostile-participant phases of bench/server-hostile.mjs (issue #17).
import WebSocket, { WebSocketServer } from 'ws';
import { benchHostile } from './server-hostile.mjs';
import { Client, cleanup, cleanups, devToken, fmt, now, pool, sleep, startServerProcess, summary } from './server-support.mjs';

const num = (name, dflt) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const N = Math.floor(num('BENCH_CLIENTS', 2000));
const RATE = num('BENCH_RATE', 200);
const DURATION_S = Math.min(60, num('BENCH_DURATION_S', 30));
const MAX_VOTES = Math.min(N, Math.floor(num('BENCH_VOTES', N)), Math.floor(RATE * DURATION_S));
const BASELINE_ROUNDS = Math.floor(num('BENCH_BASELINE_ROUNDS', 50));
const HARD_STOP_MS = 600_000;
const ROOM = 'bench';
const TOPIC = 'poll:bench';

const watchdog = setTimeout(async () => {
  console.log(`bench: hard stop after ${HARD_STOP_MS / 1000} s`);
  await cleanup();
  process.exit(0);
}, HARD_STOP_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

let opCounter = 0;
const op = (clientId, type, data) => ({ opId: `bench-${process.pid}-${++opCounter}-${Math.random().toString(36).slice(2, 8)}`, clientId, topic: TOPIC, type, data, createdAt: Date.now() });

async function benchServer() {
  const t0 = now();
  // Every simulated participant comes from 127.0.0.1, as from behind a proxy: no per-address limit.
  const server = await startServerProcess({ PULSEKIT_MAX_HANDSHAKES: '0' });
  console.log(`server: ${server.origin} (started in ${((now() - t0) / 1000).toFixed(1)} s)`);

  // Facilitator opens the poll.
  const facToken = await devToken(server.origin, ROOM, 'facilitator', 'fac');
  const fac = new Client(server.wsUrl(ROOM), facToken, 'fac');
  cleanups.push(() => fac.close());
  await fac.ready;
  const config = {
    question: 'Bench?',
    kind: 'single',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
      { value: 'c', label: 'C' },
      { value: 'd', label: 'D' },
    ],
    allowChange: false,
    anonymous: true,
    results: 'live',
  };
  const opened = await fac.sendOps([op('fac', 'open', { config, seconds: null })]);
  if (opened.acks?.[0]?.status !== 'applied') throw new Error(`open: ${JSON.stringify(opened)}`);

  // Tokens and connections.
  const tTok = now();
  const ids = Array.from({ length: N }, (_, i) => `p${i}`);
  const tokens = await pool(ids, 32, (id) => devToken(server.origin, ROOM, 'participant', id));
  const tokenS = (now() - tTok) / 1000;
  const tConn = now();
  const clients = [];
  let failed = 0;
  cleanups.push(() => clients.forEach((c) => c.close()));
  await pool(ids, 100, async (id, i) => {
    const c = new Client(server.wsUrl(ROOM), tokens[i], id);
    try {
      await c.ready;
      c.ws.send(JSON.stringify({ t: 'sub', topic: TOPIC, since: 0 }));
      clients.push(c);
    } catch (e) {
      failed++;
      if (failed <= 3) console.log(`connect ${id}: ${e.message}`);
      c.close();
    }
  });
  // Observer: another participant who never votes; timestamps every poll frame.
  const obsToken = await devToken(server.origin, ROOM, 'participant', 'observer');
  const observer = new Client(server.wsUrl(ROOM), obsToken, 'observer');
  cleanups.push(() => observer.close());
  await observer.ready;
  const seen = []; // [seq, time], seq non-decreasing
  let frames = { event: 0, snapshot: 0, resync: 0 };
  let high = 0;
  const frameTimes = [];
  observer.onFrame = (msg, at) => {
    if ((msg.t === 'event' && msg.e?.topic === TOPIC) || (msg.t === 'snapshot' && msg.topic === TOPIC)) frameTimes.push(at);
    let seq;
    if (msg.t === 'event' && msg.e?.topic === TOPIC) {
      frames.event++;
      seq = msg.e.seq;
    } else if (msg.t === 'snapshot' && msg.topic === TOPIC) {
      frames.snapshot++;
      seq = msg.seq;
    } else if (msg.t === 'resync') frames.resync++;
    if (seq !== undefined && seq > high) {
      high = seq;
      seen.push([seq, at]);
    }
  };
  observer.ws.send(JSON.stringify({ t: 'sub', topic: TOPIC, since: 0 }));
  // Frames per participant client (do all of them keep up?).
  let participantFrames = 0;
  for (const c of clients) c.onFrame = (m) => (m.t === 'event' || m.t === 'snapshot') && participantFrames++;
  await sleep(1000); // let presence and the subs settle
  const connS = (now() - tConn) / 1000;
  console.log(`connected clients: ${clients.length} participants + observer + facilitator (${failed} failed); tokens ${tokenS.toFixed(1)} s, connections ${connS.toFixed(1)} s`);

  // Votes at a controlled rate.
  const votes = [];
  const voters = clients.slice(0, MAX_VOTES);
  const interval = 1000 / RATE;
  const tVotes = now();
  const deadline = tVotes + DURATION_S * 1000;
  const pendingAcks = [];
  for (let i = 0; i < voters.length; i++) {
    const due = tVotes + i * interval;
    if (due > deadline) break;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const c = voters[i];
    const v = { sentAt: now(), seq: undefined, status: undefined, ackAt: undefined };
    votes.push(v);
    pendingAcks.push(
      c.sendOps([op(c.id, 'vote', { round: 1, choices: [config.options[i % 4].value] })]).then((m) => {
        v.ackAt = now();
        const a = m.acks?.[0];
        v.status = a?.status ?? `error:${m.code}`;
        v.seq = a?.seq;
      }),
    );
  }
  const sendSpan = (now() - tVotes) / 1000;
  await Promise.race([Promise.all(pendingAcks), sleep(15_000)]);
  const ackSpan = (now() - tVotes) / 1000;
  // Wait until the observer saw the last accepted seq (or give up).
  const lastSeq = Math.max(0, ...votes.filter((v) => v.seq !== undefined).map((v) => v.seq));
  const waitUntil = now() + 10_000;
  while (high < lastSeq && now() < waitUntil) await sleep(20);

  const applied = votes.filter((v) => v.status === 'applied');
  const rejected = votes.filter((v) => v.status && v.status !== 'applied');
  const lat = [];
  let missing = 0;
  for (const v of applied) {
    // First observer frame with seq >= v.seq (binary search on the non-decreasing list).
    let lo = 0;
    let hi = seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seen[mid][0] >= v.seq) hi = mid;
      else lo = mid + 1;
    }
    if (lo === seen.length) missing++;
    else lat.push(Math.max(0, seen[lo][1] - v.sentAt));
  }
  const ackLat = summary(applied.map((v) => v.ackAt - v.sentAt));
  const s = summary(lat);
  const byStatus = {};
  for (const v of rejected) byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
  console.log('');
  console.log(`Pulsekit server, ${clients.length} WebSocket participants + observer, ${votes.length} votes sent at ${RATE}/s target over ${sendSpan.toFixed(1)} s`);
  console.log(`  votes accepted: ${applied.length} (${(applied.length / ackSpan).toFixed(1)} votes/s accepted over ${ackSpan.toFixed(1)} s)${rejected.length ? `, not applied: ${JSON.stringify(byStatus)}` : ''}`);
  console.log(`  send → ack:           p50 ${fmt(ackLat.p50)}  p95 ${fmt(ackLat.p95)}  p99 ${fmt(ackLat.p99)}  max ${fmt(ackLat.max)}`);
  console.log(`  vote → tally (observer): p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}  (${s.n} measured, ${missing} never seen)`);
  console.log(`  observer frames: ${frames.event} events, ${frames.snapshot} snapshots, ${frames.resync} resyncs; participant frames in total: ${participantFrames} (${(participantFrames / Math.max(1, clients.length)).toFixed(1)} per client)`);
  const inRun = frameTimes.filter((t) => t >= tVotes);
  const gaps = inRun.slice(1).map((t, i) => t - inRun[i]);
  const g = summary(gaps);
  console.log(`  observer frame gaps during the run: p50 ${fmt(g.p50)}  max ${fmt(g.max)} (snapshot window: 100 ms, stretched to 2× the fan-out time in big rooms)`);
  console.log(`  target p95 < 250 ms: ${s.p95 < 250 ? 'met' : 'NOT met'}`);

  for (const c of clients) c.close();
  observer.close();
  fac.close();
  return { p50: s.p50, p95: s.p95, p99: s.p99 };
}

async function baseline(pk) {
  // A bare ws server: a client's message is answered by broadcasting a snapshot-sized frame to all.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(() => new Promise((r) => wss.close(() => r())));
  const url = `ws://127.0.0.1:${wss.address().port}`;
  const state = { t: 'snapshot', topic: TOPIC, seq: 0, state: { status: 'open', round: 1, config: { question: 'Bench?', kind: 'single', options: ['a', 'b', 'c', 'd'].map((v) => ({ value: v, label: v.toUpperCase() })), allowChange: false, anonymous: true, results: 'live' }, revealed: false, closesAt: null, tally: { a: 0, b: 0, c: 0, d: 0 }, responded: 0, voters: {}, texts: {}, history: [] } };
  wss.on('connection', (sock) => {
    sock.on('message', () => {
      state.seq++;
      state.state.tally.a++;
      state.state.responded++;
      const frame = JSON.stringify(state);
      for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(frame);
    });
  });
  const sockets = [];
  cleanups.push(() => sockets.forEach((s) => s.terminate()));
  const arrivals = new Map(); // seq -> { first observer time, count, last }
  await pool(Array.from({ length: N + 1 }, (_, i) => i), 100, (i) =>
    new Promise((resolve) => {
      const s = new WebSocket(url, { perMessageDeflate: false });
      s.on('error', () => resolve());
      s.on('open', () => {
        sockets.push(s);
        resolve();
      });
      s.on('message', (raw) => {
        const at = now();
        const { seq } = JSON.parse(raw);
        let a = arrivals.get(seq);
        if (!a) arrivals.set(seq, (a = { observer: undefined, count: 0, last: 0 }));
        a.count++;
        a.last = at;
        if (i === N) a.observer = at; // the last socket is the observer
      });
    }),
  );
  await sleep(500);
  const sender = sockets[0];
  const sent = new Map();
  for (let r = 1; r <= BASELINE_ROUNDS; r++) {
    sent.set(r, now());
    sender.send('vote');
    await sleep(100);
  }
  await sleep(1000);
  const toObserver = [];
  const toAll = [];
  for (const [seq, t] of sent) {
    const a = arrivals.get(seq);
    if (!a) continue;
    if (a.observer !== undefined) toObserver.push(a.observer - t);
    if (a.count >= sockets.length) toAll.push(a.last - t);
  }
  const o = summary(toObserver);
  const all = summary(toAll);
  console.log('');
  console.log(`Baseline: bare ws server on loopback, ${sockets.length} clients, ${BASELINE_ROUNDS} broadcasts of a ${JSON.stringify(state).length}-byte frame, 1 per 100 ms`);
  console.log(`  send → observer:      p50 ${fmt(o.p50)}  p95 ${fmt(o.p95)}  p99 ${fmt(o.p99)}`);
  console.log(`  send → all ${sockets.length} clients: p50 ${fmt(all.p50)}  p95 ${fmt(all.p95)}  p99 ${fmt(all.p99)}  (${all.n}/${BASELINE_ROUNDS} complete)`);
  if (pk) {
    const r = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');
    console.log(`  ratio Pulsekit vote→tally / baseline send→observer: p50 ${r(pk.p50, o.p50)}  p95 ${r(pk.p95, o.p95)}  p99 ${r(pk.p99, o.p99)}`);
    console.log(`  ratio Pulsekit vote→tally / baseline send→all:      p50 ${r(pk.p50, all.p50)}  p95 ${r(pk.p95, all.p95)}  p99 ${r(pk.p99, all.p99)}`);
  }
  for (const s of sockets) s.terminate();
}

// BENCH_ONLY=fanout or hostile runs one part.
const only = process.env.BENCH_ONLY ?? '';
const started = now();
let pk;
if (only === '' || only === 'fanout') {
  try {
    pk = await benchServer();
  } catch (e) {
    console.log(`bench: the server run failed: ${e.stack ?? e}`);
  }
  await cleanup();
  try {
    await baseline(pk);
  } catch (e) {
    console.log(`bench: the baseline failed: ${e.stack ?? e}`);
  }
  await cleanup();
}
if (only === '' || only === 'hostile') {
  try {
    await benchHostile();
  } catch (e) {
    console.log(`bench: the hostile-participant run failed: ${e.stack ?? e}`);
  }
  await cleanup();
}
console.log(`\nbench: done in ${((now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
