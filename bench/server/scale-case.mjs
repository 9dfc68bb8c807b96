// Issue #18's case: N WebSocket participants (4,000) on one instance, run `runs` times, each run
// against a bare `ws` relay with the same number of clients right after it. Per run:
// - memory per connection: RSS and heap (after a full GC, memory-probe.mjs) with the clients
//   connected minus idle, divided by the connections; the same for the relay;
// - vote → tally at `rate` votes/s (vote-case.mjs: the observer is the room's last subscriber);
// - one frame to everyone: send → the observer (the last subscriber) and → the last client, for a
//   note (op → decide → store → fan-out) and for the relay (message → broadcast): the relay's time
//   is the floor of any fan-out to N sockets on this machine;
// - fan-out throughput, bursts of K frames (fanout.mjs), and the ratio to the relay;
// - CPU seconds of the server and of the relay over the same phases, and of the bench's clients.
// Then the spread (min–max and median over the runs) of every figure.
import { loadavg } from 'node:os';
import { cleanup, memory, onCleanup, sleep, startServerProcess, summary, usage, wall } from './harness.mjs';
import { ClientThreads } from './client-threads.mjs';
import { fanoutRounds, noteSender, relayClient, relaySender, startRelay, throughput } from './fanout.mjs';
import { castVotes, joinParticipants, openPoll, TOPIC, watchPoll } from './vote-case.mjs';

const NOTE = 'note:scale';
const SINGLE_ROUNDS = 7;

const mib = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} MiB`);
const kib = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} KiB`);
const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} ms`);
const load = () => loadavg()[0].toFixed(1);

/** Per connection, in KiB: (with − idle) / n for rss and heapUsed. */
function perConnection(idle, withClients, n) {
  if (!idle || !withClients) return { rss: NaN, heap: NaN };
  return { rss: ((withClients.rss - idle.rss) * 1024) / n, heap: ((withClients.heapUsed - idle.heapUsed) * 1024) / n };
}

/** Single-frame rounds: `send()` starts one frame (resolves with its wall-clock start); `observed()` its arrival at the observer. */
async function singleFrames(threads, send, observed) {
  const toObserver = [];
  const toLast = [];
  for (let r = 1; r <= SINGLE_ROUNDS; r++) {
    await threads.mark();
    const arrival = observed();
    const t0 = await send(r);
    const last = await threads.reached(1);
    const seen = await Promise.race([arrival, sleep(10_000).then(() => null)]);
    if (last !== null) toLast.push(last - t0);
    if (seen !== null) toObserver.push(seen - t0);
    await sleep(300);
  }
  return { toObserver: summary(toObserver), toLast: summary(toLast) };
}

/** Waits for the next call of the returned `hit(at)`; `next()` gives a promise of it. */
function arrivals() {
  let resolve = null;
  return {
    next: () => new Promise((r) => (resolve = r)),
    hit: (at) => {
      resolve?.(at);
      resolve = null;
    },
  };
}

async function serverRun({ clients: n, rate, durationS, frames: k, rounds }) {
  const server = await startServerProcess('server');
  await sleep(500);
  const idle = await memory(server.child);
  const fac = await openPoll(server.origin);
  const join = await joinParticipants({ instances: [server], kind: 'ws', clients: n, topics: [TOPIC, NOTE] });
  const { threads, connected } = join;
  const notes = arrivals();
  let noteBytes = 0;
  const watch = await watchPoll('ws', server.origin, (msg, at) => {
    if (msg.t === 'event' && msg.e.topic === NOTE) notes.hit(at);
  });
  watch.client.sub(NOTE);
  fac.count = (text) => text.includes(`"topic":"${NOTE}"`) && (noteBytes = text.length);
  fac.sub(NOTE);
  await sleep(1500); // presence and subscriptions settle
  const mem = await memory(server.child);
  const conns = connected.length + 2;
  const votes = await castVotes({ threads, connected, watch, instances: [server], rate, durationS });
  await sleep(1000); // the last snapshot window closes
  await threads.countTopic(NOTE);
  const u0 = usage(server.child.pid);
  const single = await singleFrames(threads, noteSender(fac, 'fac', NOTE, 1), () => notes.next());
  const times = await fanoutRounds(threads, { frames: k, rounds, send: noteSender(fac, 'fac', NOTE, k) });
  const u1 = usage(server.child.pid);
  const peak = usage(server.child.pid)?.peakMiB;
  await threads.close();
  await cleanup();
  return {
    connected: connected.length,
    failed: join.failed,
    connectS: join.seconds,
    idle,
    mem,
    per: perConnection(idle, mem, conns),
    peak,
    votes,
    single,
    fanout: throughput(connected.length, k, times),
    fanoutCpuS: u0 && u1 ? u1.cpuS - u0.cpuS : NaN,
    noteBytes,
  };
}

async function relayRun({ clients: n, frames: k, rounds, bytes }) {
  const relay = await startRelay();
  await sleep(300);
  const idle = await memory(relay.child);
  const threads = new ClientThreads();
  onCleanup(() => threads.close());
  const { connected } = await threads.connect(
    'relay',
    Array.from({ length: n }, () => ({ url: relay.url })),
  );
  const sender = await relayClient(relay.url);
  const observer = await relayClient(relay.url); // the relay's last client, like the server's observer
  const seen = arrivals();
  observer.on('message', () => seen.hit(wall()));
  await sleep(1500);
  const mem = await memory(relay.child);
  const u0 = usage(relay.child.pid);
  const single = await singleFrames(threads, relaySender(sender, 1, bytes), () => seen.next());
  const times = await fanoutRounds(threads, { frames: k, rounds, send: relaySender(sender, k, bytes) });
  const u1 = usage(relay.child.pid);
  await threads.close();
  await cleanup();
  return {
    connected: connected.length,
    idle,
    mem,
    per: perConnection(idle, mem, connected.length + 2),
    peak: u1?.peakMiB,
    single,
    fanout: throughput(connected.length, k, times),
    cpuS: u0 && u1 ? u1.cpuS - u0.cpuS : NaN,
  };
}

function printRun(i, s, r, loads) {
  const v = s.votes;
  console.log(
    `  run ${i} (load average ${loads.join(' → ')}): ${s.connected} participants connected in ${s.connectS.toFixed(1)} s (${s.failed} failed); ${v.accepted}/${v.votes} votes applied at ${v.acceptedPerS.toFixed(0)}/s`,
  );
  console.log(
    `    vote → tally p50 ${ms(v.tally.p50)}  p95 ${ms(v.tally.p95)}  p99 ${ms(v.tally.p99)}  (${v.tally.n} measured, ${v.missing} never seen); send → ack p50 ${ms(v.ack.p50)}  p95 ${ms(v.ack.p95)}; the tally moved every ${ms(v.gaps.p50)} (p95 ${ms(v.gaps.p95)})`,
  );
  console.log(
    `    one frame to all ${s.connected + 1}, p50 (max) to the last subscriber: server ${ms(s.single.toObserver.p50)} (${ms(s.single.toObserver.max)}), relay ${ms(r.single.toObserver.p50)} (${ms(r.single.toObserver.max)}); to the last delivery: server ${ms(s.single.toLast.p50)}, relay ${ms(r.single.toLast.p50)}`,
  );
  console.log(
    `    fan-out ${s.fanout.perS.toFixed(0)} frames/s, relay ${r.fanout.perS.toFixed(0)} frames/s: ${(s.fanout.perS / r.fanout.perS).toFixed(2)}×`,
  );
  console.log(
    `    memory per connection: server RSS ${kib(s.per.rss)}, heap ${kib(s.per.heap)} (idle ${mib(s.idle?.rss)}, connected ${mib(s.mem?.rss)}, peak ${mib(s.peak)}); relay RSS ${kib(r.per.rss)}, heap ${kib(r.per.heap)} (idle ${mib(r.idle?.rss)}, connected ${mib(r.mem?.rss)})`,
  );
  console.log(
    `    CPU: server ${v.serverCpuS[0].toFixed(1)} s during the votes, ${s.fanoutCpuS.toFixed(1)} s during the fan-out rounds (relay ${r.cpuS.toFixed(1)} s for the same rounds); clients ${v.clientCpuS.toFixed(1)} s during the votes`,
  );
}

/** min–max (median) of a figure over the runs. */
function spread(label, values, unit = '', digits = 0) {
  const ok = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (ok.length === 0) return console.log(`    ${label}: n/a`);
  const f = (x) => `${x.toFixed(digits)}${unit}`;
  console.log(`    ${label.padEnd(48)} ${f(ok[0])} – ${f(ok[ok.length - 1])}  (median ${f(ok[Math.floor((ok.length - 1) / 2)])})`);
}

/** The figures of the spread: label, value of one run ({s: server, r: relay}), unit, decimals. */
const FIGURES = [
  ['vote → tally p50', (x) => x.s.votes.tally.p50, ' ms', 0],
  ['vote → tally p95 (target ≤ 250 ms at 4,000)', (x) => x.s.votes.tally.p95, ' ms', 0],
  ['vote → tally p99', (x) => x.s.votes.tally.p99, ' ms', 0],
  ['send → ack p95', (x) => x.s.votes.ack.p95, ' ms', 0],
  ['the tally moved every (p50)', (x) => x.s.votes.gaps.p50, ' ms', 0],
  ['one frame → last subscriber, server p50', (x) => x.s.single.toObserver.p50, ' ms', 0],
  ['one frame → last subscriber, relay p50 (floor)', (x) => x.r.single.toObserver.p50, ' ms', 0],
  ['one frame to all, relay time / server time', (x) => x.r.single.toObserver.p50 / x.s.single.toObserver.p50, '×', 2],
  ['fan-out / relay (target ≥ 0.9×)', (x) => x.s.fanout.perS / x.r.fanout.perS, '×', 2],
  ['server RSS per connection', (x) => x.s.per.rss, ' KiB', 1],
  ['server heap per connection', (x) => x.s.per.heap, ' KiB', 1],
  ['relay RSS per connection', (x) => x.r.per.rss, ' KiB', 1],
  ['server peak RSS', (x) => x.s.peak, ' MiB', 0],
  ['server CPU during the votes', (x) => x.s.votes.serverCpuS[0], ' s', 1],
];

function printSpread(n, all) {
  console.log(`  ${n} participants, spread over ${all.length} run(s), min – max (median):`);
  for (const [label, value, unit, digits] of FIGURES) spread(label, all.map(value), unit, digits);
}

/**
 * Runs the case `runs` times for each room size in `sizes` (the server, then the relay, per run);
 * prints each run, then the spread per size.
 */
export async function scaleCase({ sizes, rate, durationS, frames, rounds, runs }) {
  const bySize = new Map();
  for (const clients of sizes) {
    const all = [];
    for (let i = 1; i <= runs; i++) {
      const loads = [load()];
      const s = await serverRun({ clients, rate, durationS, frames, rounds });
      const r = await relayRun({ clients, frames, rounds, bytes: s.noteBytes || 250 });
      loads.push(load());
      console.log(`  ${clients} participants:`);
      printRun(i, s, r, loads);
      all.push({ s, r });
    }
    bySize.set(clients, all);
  }
  for (const [n, all] of bySize) printSpread(n, all);
  return bySize;
}
