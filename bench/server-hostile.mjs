// Hostile participants (issue #17), part of `npm run bench:server`: while one participant
// misbehaves, how fast do other people's writes reach their room? A victim room has a writer that
// sends a note every 50 ms over a WebSocket and an observer subscribed to the topic; latency is
// send → the observer sees the event. Each attack runs against the same server in the same run and
// is compared, as a ratio of p95 (target: within 2×), with the quiet measurements right before it
// and right after the server is back to normal (how long that took is printed too). Prints figures,
// never fails.
//
// Attacks: zombie streams (SSE requests dropped 0-4 ms after sending, in another room; then the
// attacker's own streams and that room's presence), poisoned batches (in the victim room: opIds with
// NUL, topics and data nested 6,000 deep), 20,000 `sub`s of made-up topics on one WebSocket, 30,000
// fetches of made-up topics (and the server's memory), and 1,000 simultaneous WebSocket connection
// attempts from one address. The attacker runs in a worker thread (bench/server-hostile-attacks.mjs).
//
// Env: BENCH_HOSTILE_PHASE_S (seconds per attack, 5; the quiet neighbours take 0.6 of it, at least 2 s),
// BENCH_HOSTILE (some of zombies,poison,subs,fetches,storm: only those).
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Client, devToken, fmt, now, pool, sleep, startServerProcess, summary } from './server-support.mjs';

const PHASE_MS = 1000 * (Number(process.env.BENCH_HOSTILE_PHASE_S) > 0 ? Number(process.env.BENCH_HOSTILE_PHASE_S) : 5);
const QUIET_MS = Math.max(2000, PHASE_MS * 0.6);
const ONLY = (process.env.BENCH_HOSTILE ?? '').split(',').filter(Boolean);
const VICTIM = 'victim';
const TOPIC = 'note:victim';

let opCounter = 0;
const note = (clientId, text, topic = TOPIC) => ({
  opId: `hb-${process.pid}-${++opCounter}-${Math.random().toString(36).slice(2, 8)}`,
  clientId,
  topic,
  type: 'add',
  data: { text },
  createdAt: Date.now(),
});

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

async function presenceCount(server, room) {
  const fac = await devToken(server.origin, room, 'facilitator', 'bench-fac');
  const res = await fetch(`${server.origin}/v1/rooms/${room}/presence`, { headers: { Authorization: `Bearer ${fac}` } });
  return (await res.json()).count;
}

/** Opens `n` SSE streams for one participant; their HTTP statuses and the room's presence while open. */
async function openStreams(server, room, token, n) {
  const statuses = [];
  const controllers = [];
  for (let i = 0; i < n; i++) {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${server.origin}/v1/rooms/${room}/stream`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: ac.signal,
    }).catch(() => null);
    statuses.push(res?.status ?? 0);
  }
  const listed = await presenceCount(server, room);
  for (const ac of controllers) ac.abort();
  return { statuses, listed };
}

/**
 * Runs one attack (bench/server-hostile-attacks.mjs) in a worker thread while `during()` runs;
 * returns both results.
 */
async function underAttack(kind, data, during) {
  const worker = new Worker(new URL('./server-hostile-attacks.mjs', import.meta.url), { workerData: { kind, ...data } });
  const messages = [];
  let wake = () => {};
  worker.on('message', (m) => {
    messages.push(m);
    wake();
  });
  worker.on('error', (err) => {
    messages.push({ result: { error: err.message } });
    wake();
  });
  const next = async (pred) => {
    while (!messages.some(pred)) await new Promise((r) => (wake = r));
    return messages.find(pred);
  };
  await next((m) => m === 'started' || m.result);
  const measured = await during();
  worker.postMessage('stop');
  const { result } = await next((m) => m.result);
  await worker.terminate();
  return [measured, result];
}

/** Runs the hostile phases against a fresh server and prints one line per phase. */
export async function benchHostile() {
  const server = await startServerProcess();
  console.log(`\nHostile participants (issue #17): other rooms' send → delivery while one participant misbehaves (${PHASE_MS / 1000} s),`);
  console.log(
    `against quiet ${QUIET_MS / 1000} s right before it and once the server is back to normal after it (load moves: only neighbours compare fairly)`,
  );
  const victim = await victimRoom(server);
  await victim.measure(1000); // warm-up
  const ratios = [];
  /** One attack between two quiet measurements; prints its line. */
  const phase = async (name, kind, data, note) => {
    if (ONLY.length > 0 && !ONLY.includes(kind)) return;
    const before = await victim.measure(QUIET_MS);
    const [r, result] = await underAttack(kind, data, () => victim.measure(PHASE_MS));
    // The attacker is gone; work it left behind may still hold the server: wait until deliveries
    // are about as fast as before (the time it took is a figure of its own).
    const t0 = now();
    const limit = Math.max(50, 3 * before.p95);
    while (now() - t0 < 60_000 && (await victim.measure(1000)).p95 > limit);
    const recovered = (now() - t0) / 1000;
    const after = await victim.measure(QUIET_MS);
    const quiet = (before.p95 + after.p95) / 2;
    const ratio = r.p95 / quiet;
    ratios.push(ratio);
    console.log(
      `  ${name.padEnd(36)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}  max ${fmt(r.max).padStart(9)} | quiet p95 ${fmt(before.p95)}, ${fmt(after.p95)} | ${ratio.toFixed(1)}× | applied ${r.applied}/${r.sent}${r.lost ? `, ${r.lost} never seen` : ''} | back to normal ${recovered.toFixed(0)} s after`,
    );
    const text = await note(result);
    if (text) console.log(`  ${''.padEnd(36)} ${text}`);
  };
  const attacker = async (room, id = 'mal') => ({
    origin: server.origin,
    port: server.port,
    room,
    token: await devToken(server.origin, room, 'participant', id),
  });

  // 1. Zombie streams in another room; then the attacker's own streams and that room's presence.
  const z = await attacker('hostile-z');
  await phase('zombie streams (other room)', 'zombies', z, async ({ dropped }) => {
    await sleep(500);
    const { statuses, listed } = await openStreams(server, z.room, z.token, 5);
    return `${dropped} stream requests dropped; then the attacker's 5 streams: ${statuses.join(' ')}, presence there: ${listed} (1 expected)`;
  });

  // 2. Poisoned batches in the victim room itself.
  await phase('poisoned batches (same room)', 'poison', await attacker(VICTIM), ({ sent }) => `${sent} poisoned batches`);

  // 4. 20,000 subscriptions, then 30,000 fetches, of made-up topics on one socket; 1,000 connection attempts.
  await phase(
    '20,000 made-up subs (other room)',
    'subs',
    await attacker('hostile-s'),
    (x) => `answers ${x.answers}, errors ${JSON.stringify(x.codes)}`,
  );
  const rssBefore = rssMiB(server.child.pid);
  await phase(
    '30,000 made-up fetches (other room)',
    'fetches',
    await attacker('hostile-f'),
    (x) =>
      `answers ${x.answers} (the rest went with the socket), errors ${JSON.stringify(x.codes)}; server RSS ${rssBefore.toFixed(0)} → ${rssMiB(server.child.pid).toFixed(0)} MiB`,
  );
  const stormRoom = await attacker('hostile-c');
  const tokens =
    ONLY.length > 0 && !ONLY.includes('storm')
      ? []
      : await pool(
          Array.from({ length: 1000 }, (_, i) => `storm-${i}`),
          32,
          (id) => devToken(server.origin, stormRoom.room, 'participant', id),
        );
  await phase(
    '1,000 connection attempts (other room)',
    'storm',
    { ...stormRoom, tokens },
    ({ outcomes }) => `outcomes ${JSON.stringify(outcomes)}`,
  );

  const worst = Math.max(...ratios);
  if (ratios.length === 0) return victim.close();
  console.log(
    `  target: p95 within 2× of the quiet neighbours in every phase: ${worst <= 2 ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)}×)`,
  );
  victim.close();
}
