// Load benchmark of the reference server, `npm run bench:server`. Prints figures; never fails on
// them. Loopback only; stops by itself. Every case starts its own server processes.
//
// 1. Vote to tally, one instance on the embedded store, N WebSocket participants (bench/server/vote-case.mjs).
// 2. The same over SSE, votes POSTed over HTTP.
// 3. Three instances on PostgreSQL + Redis (started here, Debian's, on loopback), participants
//    spread over the instances, each voting through its own.
// 4. Fan-out throughput, frames delivered per second, WebSocket and SSE, against a bare `ws` relay
//    in the same run (bench/server/fanout.mjs).
// 5. Issue #18: 1,000, 2,000 and 4,000 WebSocket participants on one instance, each run against a
//    bare `ws` relay with as many clients right after it: vote to tally p50/p95/p99, one frame to
//    everyone, fan-out throughput as a ratio to the relay, memory per connection, CPU; then the
//    spread of each figure over the runs (bench/server/scale-case.mjs).
// 6. The hostile-participant phases of bench/server-hostile.mjs (issue #17): other rooms' send →
//    delivery while one participant misbehaves, against quiet phases around it.
// 7. xAPI delivery to an LRS (bench/server/xapi-case.mjs): votes accepted per second with and
//    without statements being queued, statements forwarded per second, the queue depth over the run.
// Each case reports every server process's peak RSS (and CPU time during the votes). The
// participants live in worker threads of this process (bench/server/client-threads.mjs), so the load
// generator is not one event loop working through every frame; the observer that timestamps
// deliveries and the facilitator stay in its main thread.
//
// Env: BENCH_CLIENTS (2000), BENCH_RATE votes/s (200), BENCH_DURATION_S (max voting time, 30),
// BENCH_FANOUT_FRAMES (20 per round), BENCH_FANOUT_ROUNDS (5), BENCH_SCALE_CLIENTS (room sizes of the scale case, 1000,2000,4000), BENCH_RUNS (runs per size, 3),
// BENCH_CLIENT_THREADS (2), BENCH_CASES (ws,sse,cluster,fanout,scale,hostile,xapi), BENCH_XAPI_OPS (20000), BENCH_XAPI_BATCH (50),
// BENCH_SERVER_MAIN (the server's main.js to run, default server/dist/server/main.js),
// BENCH_SERVER_NODE_ARGS (extra node flags for the server processes, e.g. `--cpu-prof
// --cpu-prof-dir=.tmp/prof`; they are then stopped with SIGTERM so the profile gets written).
import { benchHostile } from './server-hostile.mjs';
import { serverFanout, relayFanout } from './server/fanout.mjs';
import { cleanup, num, startServerProcess } from './server/harness.mjs';
import { scaleCase } from './server/scale-case.mjs';
import { voteCase } from './server/vote-case.mjs';
import { xapiCase } from './server/xapi-case.mjs';

const N = Math.floor(num('BENCH_CLIENTS', 2000));
const RATE = num('BENCH_RATE', 200);
const DURATION_S = Math.min(60, num('BENCH_DURATION_S', 30));
const CASES = new Set((process.env.BENCH_CASES ?? 'ws,sse,cluster,fanout,scale,hostile,xapi').split(','));
const HARD_STOP_MS = 2_400_000;

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

const results = {};
async function run(name, fn) {
  if (!CASES.has(name)) return;
  try {
    results[name] = await fn();
  } catch (e) {
    console.log(`bench: the ${name} case failed: ${e.stack ?? e}`);
  }
  await cleanup();
}

const started = performance.now();
await run('ws', async () => {
  console.log(`\n1. One instance (embedded SQLite), ${N} WebSocket participants`);
  const s = await startServerProcess('server');
  return voteCase({ label: 'WebSocket', instances: [s], kind: 'ws', clients: N, rate: RATE, durationS: DURATION_S });
});
await run('sse', async () => {
  console.log(`\n2. One instance (embedded SQLite), ${N} SSE participants voting over HTTP POST`);
  const s = await startServerProcess('server');
  return voteCase({ label: 'SSE + HTTP', instances: [s], kind: 'sse', clients: N, rate: RATE, durationS: DURATION_S });
});
await run('cluster', async () => {
  console.log(`\n3. Three instances on PostgreSQL + Redis, ${N} WebSocket participants spread over them`);
  // Debian's PostgreSQL and Redis, as the tests start them (installed when missing).
  const { startPostgres, startRedis } = await import('../test/server/services.ts');
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    const env = { DATABASE_URL: await pg.database(), REDIS_URL: redis.url };
    const instances = await Promise.all(
      ['instance-1', 'instance-2', 'instance-3'].map((name) => startServerProcess(name, { ...env, PULSEKIT_INSTANCE: name })),
    );
    return await voteCase({ label: 'three instances', instances, kind: 'ws', clients: N, rate: RATE, durationS: DURATION_S });
  } finally {
    await cleanup();
    redis.stop();
    pg.stop();
  }
});
await run('fanout', async () => {
  const k = Math.floor(num('BENCH_FANOUT_FRAMES', 20));
  const rounds = Math.floor(num('BENCH_FANOUT_ROUNDS', 5));
  console.log(`\n4. Fan-out throughput, ${N} clients, bursts of ${k} frames, ${rounds} rounds`);
  const ws = await serverFanout({
    label: 'reference server, WebSocket',
    origin: (await startServerProcess('server')).origin,
    kind: 'ws',
    clients: N,
    frames: k,
    rounds,
  });
  await cleanup();
  const sse = await serverFanout({
    label: 'reference server, SSE',
    origin: (await startServerProcess('server')).origin,
    kind: 'sse',
    clients: N,
    frames: k,
    rounds,
  });
  await cleanup();
  const relay = await relayFanout({ clients: N, frames: k, rounds, bytes: ws.frameBytes || 250 });
  const r = (x) => (relay.perS > 0 ? `${(x / relay.perS).toFixed(2)}×` : 'n/a');
  console.log(
    `  ratio to the bare relay: WebSocket ${r(ws.perS)}, SSE ${r(sse.perS)}; SSE / WebSocket ${(sse.perS / ws.perS).toFixed(2)}×`,
  );
  return { ws: ws.perS, sse: sse.perS, relay: relay.perS };
});

await run('scale', async () => {
  const sizes = (process.env.BENCH_SCALE_CLIENTS ?? '1000,2000,4000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const runs = Math.floor(num('BENCH_RUNS', 3));
  const k = Math.floor(num('BENCH_FANOUT_FRAMES', 20));
  console.log(
    `\n5. ${sizes.join(', ')} WebSocket participants on one instance (embedded SQLite) and a bare ws relay, ${runs} run(s) each, ${RATE} votes/s, bursts of ${k}`,
  );
  const rounds = Math.floor(num('BENCH_FANOUT_ROUNDS', 5));
  return scaleCase({ sizes, rate: RATE, durationS: DURATION_S, frames: k, rounds, runs });
});

await run('hostile', () => benchHostile());

await run('xapi', async () => {
  console.log('\n7. xAPI delivery to an LRS (one instance, embedded SQLite; the receiver of test/server/lrs-receiver.ts)');
  return xapiCase({ stopServers: cleanup });
});

const ru = process.resourceUsage();
console.log(`\nbench process (all clients): peak RSS ${(ru.maxRSS / 1024).toFixed(0)} MiB`);
console.log(`bench: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
