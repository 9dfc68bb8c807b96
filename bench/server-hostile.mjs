// Hostile participants (issue #17), part of `npm run bench:server`: while one participant
// misbehaves, how fast do other people's writes reach their room? A victim room has a writer that
// sends a note every 50 ms over a WebSocket and an observer subscribed to the topic; latency is
// send → the observer sees the event. Each attack runs against the same server in the same run and
// is compared with a quiet phase as a ratio of p95 (target: within 2×). Prints figures, never fails.
//
// Attacks: zombie streams (SSE requests dropped 0-4 ms after sending, in another room; then the
// attacker's own streams and that room's presence), poisoned batches (in the victim room: opIds with
// NUL, topics and data nested 6,000 deep), 20,000 `sub`s of made-up topics on one WebSocket, 30,000
// fetches of made-up topics (and the server's memory), and 1,000 simultaneous WebSocket connection
// attempts from one address.
//
// Env: BENCH_HOSTILE_PHASE_S (seconds per phase, 6).
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { Client, devToken, fmt, now, pool, sleep, startServerProcess, summary } from './server-support.mjs';

const PHASE_MS = 1000 * (Number(process.env.BENCH_HOSTILE_PHASE_S) > 0 ? Number(process.env.BENCH_HOSTILE_PHASE_S) : 6);
const VICTIM = 'victim';
const TOPIC = 'note:victim';

let opCounter = 0;
const note = (clientId, text, topic = TOPIC) => ({ opId: `hb-${process.pid}-${++opCounter}-${Math.random().toString(36).slice(2, 8)}`, clientId, topic, type: 'add', data: { text }, createdAt: Date.now() });

/** Resident memory of a process in MiB (Linux), or NaN. */
function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** The victim room: a writer and an observer; `measure(ms)` sends at 20/s and times delivery. */
async function victimRoom(server) {
  const writer = new Client(server.wsUrl(VICTIM), await devToken(server.origin, VICTIM, 'participant', 'writer'), 'writer');
  const observer = new Client(server.wsUrl(VICTIM), await devToken(server.origin, VICTIM, 'participant', 'observer'), 'observer');
  await Promise.all([writer.ready, observer.ready]);
  const sentAt = new Map();
  const seenAt = new Map();
  observer.onFrame = (msg, at) => {
    if (msg.t === 'event' && sentAt.has(msg.e?.opId)) seenAt.set(msg.e.opId, at);
  };
  observer.ws.send(JSON.stringify({ t: 'sub', topic: TOPIC, since: 0 }));
  await sleep(300);
  return {
    async measure(ms) {
      const ids = [];
      const acks = [];
      const end = now() + ms;
      while (now() < end) {
        const op = note('writer', 'hello');
        ids.push(op.opId);
        sentAt.set(op.opId, now());
        acks.push(writer.sendOps([op]).then((m) => m.acks?.[0]?.status ?? `error:${m.code}`));
        await sleep(50);
      }
      const statuses = await Promise.race([Promise.all(acks), sleep(30_000).then(() => null)]);
      const waitUntil = now() + 10_000;
      while (ids.some((id) => !seenAt.has(id)) && now() < waitUntil) await sleep(20);
      const lat = ids.filter((id) => seenAt.has(id)).map((id) => seenAt.get(id) - sentAt.get(id));
      const applied = statuses ? statuses.filter((x) => x === 'applied').length : 0;
      return { ...summary(lat), sent: ids.length, applied, lost: ids.length - lat.length };
    },
    close() {
      writer.close();
      observer.close();
    },
  };
}

/** Keeps `workers` loops going until `stop()`: each sends a stream request and drops it 0-4 ms later. */
function zombieStreams(server, room, token, workers) {
  let running = true;
  let sent = 0;
  const once = () =>
    new Promise((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => {
        s.write(`GET /v1/rooms/${room}/stream HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
        sent++;
        setTimeout(() => s.destroy(), Math.floor(Math.random() * 5));
      });
      s.on('error', () => {});
      s.on('close', resolve);
    });
  const loops = Array.from({ length: workers }, async () => {
    while (running) await once();
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    return sent;
  };
}

/** Opens `n` SSE streams for one participant; returns their HTTP statuses (and closes them). */
async function openStreams(server, room, token, n) {
  const statuses = [];
  const controllers = [];
  for (let i = 0; i < n; i++) {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${server.origin}/v1/rooms/${room}/stream`, { headers: { Authorization: `Bearer ${token}` }, signal: ac.signal }).catch(() => null);
    statuses.push(res?.status ?? 0);
  }
  for (const ac of controllers) ac.abort();
  return statuses;
}

async function presenceCount(server, room) {
  const fac = await devToken(server.origin, room, 'facilitator', 'bench-fac');
  const res = await fetch(`${server.origin}/v1/rooms/${room}/presence`, { headers: { Authorization: `Bearer ${fac}` } });
  return (await res.json()).count;
}

/** Sends `n` messages built by `make(i)` on one authenticated socket as fast as it takes them. */
async function flood(server, room, who, n, make) {
  const c = new Client(server.wsUrl(room), await devToken(server.origin, room, 'participant', who), who, { quiet: true });
  await c.ready;
  let answers = 0;
  const codes = {};
  c.onFrame = (m) => {
    if (m.t === 'error') codes[m.code] = (codes[m.code] ?? 0) + 1;
    answers++;
  };
  for (let i = 0; i < n; i++) {
    c.ws.send(JSON.stringify(make(i)));
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  return {
    codes,
    get answers() {
      return answers;
    },
    close: () => c.close(),
  };
}

const DEEP = `${'['.repeat(6000)}${']'.repeat(6000)}`;
const POISONS = [
  '{"ops":[{"opId":"\\u0000"}]}',
  `{"ops":[{"opId":"abcdefgh\\u0000ijk","clientId":"mal","topic":"${TOPIC}","type":"add","data":{"text":"x"},"createdAt":1}]}`,
  `{"ops":[{"opId":"mal-deep-topic-1","clientId":"mal","topic":${DEEP},"type":"add","data":{},"createdAt":1}]}`,
  `{"ops":[{"opId":"mal-deep-data-1","clientId":"mal","topic":"${TOPIC}","type":"add","data":${DEEP},"createdAt":1}]}`,
];

/** Keeps one participant posting poisoned batches into `room` until `stop()`. */
function poisonedBatches(server, room, token, workers) {
  let running = true;
  let sent = 0;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = w; running; i++) {
      await fetch(`${server.origin}/v1/rooms/${room}/ops`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: POISONS[i % POISONS.length] }).catch(() => null);
      sent++;
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    return sent;
  };
}

/** Opens `n` WebSockets at once, each authenticating with its own token; returns how they ended. */
async function connectionStorm(server, room, tokens) {
  const outcomes = {};
  const sockets = [];
  await Promise.all(
    tokens.map(
      (token) =>
        new Promise((resolve) => {
          const ws = new WebSocket(server.wsUrl(room), { perMessageDeflate: false });
          sockets.push(ws);
          const done = (what) => {
            outcomes[what] = (outcomes[what] ?? 0) + 1;
            resolve();
          };
          ws.on('open', () => ws.send(JSON.stringify({ t: 'auth', token })));
          ws.on('message', (raw) => JSON.parse(raw).t === 'ready' && done('ready'));
          ws.on('unexpected-response', (_req, res) => done(`HTTP ${res.statusCode}`));
          ws.on('close', (code) => done(`closed ${code}`));
          ws.on('error', () => {});
        }),
    ),
  );
  return { outcomes, close: () => sockets.forEach((s) => s.terminate()) };
}

/** Runs the hostile phases against a fresh server and prints one line per phase. */
export async function benchHostile() {
  const server = await startServerProcess();
  console.log(`\nHostile participants (issue #17): other rooms' send → delivery while one participant misbehaves, ${PHASE_MS / 1000} s per phase`);
  const victim = await victimRoom(server);
  await victim.measure(1000); // warm-up
  const rows = [];
  const row = (name, r, note = '') => {
    rows.push([name, r]);
    const quiet = rows[0][1];
    const ratio = quiet.p95 > 0 ? `${(r.p95 / quiet.p95).toFixed(1)}×` : 'n/a';
    console.log(`  ${name.padEnd(34)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}  max ${fmt(r.max).padStart(9)}  p95 vs quiet ${ratio.padStart(6)}  applied ${r.applied}/${r.sent}${r.lost ? `, ${r.lost} never seen` : ''}${note ? `  ${note}` : ''}`);
  };
  row('quiet', await victim.measure(PHASE_MS));

  // 1. Zombie streams in another room.
  const malZ = await devToken(server.origin, 'hostile-z', 'participant', 'mal');
  const stopZ = zombieStreams(server, 'hostile-z', malZ, 20);
  const zombies = await victim.measure(PHASE_MS);
  const dropped = await stopZ();
  await sleep(500);
  const own = await openStreams(server, 'hostile-z', malZ, 5);
  const listed = await presenceCount(server, 'hostile-z');
  row('zombie streams (other room)', zombies, `${dropped} dropped; then mal's own 5 streams: ${own.join(' ')}; presence there: ${listed} (5 expected)`);

  // 2. Poisoned batches in the victim room itself.
  const stopP = poisonedBatches(server, VICTIM, await devToken(server.origin, VICTIM, 'participant', 'mal'), 8);
  const poisoned = await victim.measure(PHASE_MS);
  row('poisoned batches (same room)', poisoned, `${await stopP()} poisoned batches`);

  // 4a. 20,000 subscriptions of made-up topics on one socket.
  const subs = await flood(server, 'hostile-s', 'mal-subs', 20_000, (i) => ({ t: 'sub', topic: `note:made-up-${i}`, since: 0 }));
  row('20,000 made-up subs (other room)', await victim.measure(PHASE_MS), `answers so far ${subs.answers}, errors ${JSON.stringify(subs.codes)}`);
  subs.close();

  // 4b. 30,000 fetches of made-up topics, and memory.
  const rssBefore = rssMiB(server.child.pid);
  const reads = await flood(server, 'hostile-f', 'mal-reads', 30_000, (i) => ({ t: 'fetch', id: i + 1, topic: `note:made-up-${i}`, since: 0 }));
  const readsRow = await victim.measure(PHASE_MS);
  const settleUntil = now() + 30_000;
  while (reads.answers < 30_000 && now() < settleUntil) await sleep(100);
  row('30,000 made-up fetches (other room)', readsRow, `answered ${reads.answers}, errors ${JSON.stringify(reads.codes)}; server RSS ${rssBefore.toFixed(0)} → ${rssMiB(server.child.pid).toFixed(0)} MiB`);
  reads.close();

  // 4c. 1,000 simultaneous connection attempts from one address.
  const stormTokens = await pool(Array.from({ length: 1000 }, (_, i) => `storm-${i}`), 32, (id) => devToken(server.origin, 'hostile-c', 'participant', id));
  const measuring = victim.measure(PHASE_MS);
  await sleep(200);
  const storm = await connectionStorm(server, 'hostile-c', stormTokens);
  row('1,000 connection attempts (other room)', await measuring, `outcomes ${JSON.stringify(storm.outcomes)}`);
  storm.close();

  const quiet = rows[0][1];
  const worst = Math.max(...rows.slice(1).map(([, r]) => r.p95 / quiet.p95));
  console.log(`  target: p95 within 2× of the quiet run in every phase: ${worst <= 2 ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)}×)`);
  victim.close();
}
