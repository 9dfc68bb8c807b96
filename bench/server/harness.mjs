// Shared by the server bench: figures (percentiles), process start-up and accounting (peak RSS and
// CPU time from /proc), dev tokens, a bounded-concurrency pool, and cleanup that always runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Figures, cleanup, tokens and the pool are the hostile bench's (bench/server-support.mjs).
import { cleanup, cleanups, devToken, fmt, freePort, now, pool, sleep, summary } from '../server-support.mjs';

export { cleanup, devToken, fmt, now, pool, sleep, summary };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between threads. */
export const wall = () => performance.timeOrigin + performance.now();

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A positive number from the environment, or `dflt`. */
export function num(name, dflt) {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

export const line = (label, s) => `${label} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}`;

/** Registers `fn` to run at `cleanup()` (last in, first out). */
export const onCleanup = (fn) => cleanups.push(fn);

/** Node flags that load the memory probe (memory-probe.mjs) into a measured process; spawn it with an `ipc` channel. */
export const PROBE = ['--expose-gc', '--import', join(ROOT, 'bench', 'server', 'memory-probe.mjs')];

/**
 * `process.memoryUsage()` of a child started with PROBE, after a full garbage collection, in MiB
 * (`rss`, `heapUsed`, `external`, `arrayBuffers`); null when it does not answer within 10 s.
 */
export function memory(child) {
  return new Promise((resolve) => {
    const t = setTimeout(() => done(null), 10_000);
    const onMessage = (m) => m?.t === 'memory' && done(m);
    function done(m) {
      clearTimeout(t);
      child.off('message', onMessage);
      resolve(m && Object.fromEntries(['rss', 'heapUsed', 'external', 'arrayBuffers'].map((k) => [k, m[k] / 2 ** 20])));
    }
    child.on('message', onMessage);
    try {
      child.send({ t: 'memory' });
    } catch {
      done(null);
    }
  });
}

/** Peak RSS (MiB) and CPU seconds (user + system) of a process, from /proc; null when it is gone. */
export function usage(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const hz = 100; // USER_HZ on Linux
    return { peakMiB: Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024, cpuS: (Number(stat[11]) + Number(stat[12])) / hz };
  } catch {
    return null;
  }
}

/**
 * Starts the server as installed (server/dist/server/main.js: `npm run bench:server` builds it
 * first) with `env` (dev tokens, rate limit off); resolves `{ origin, port, child, name }` once it
 * listens. A temp data directory unless DATABASE_URL is set.
 */
export async function startServerProcess(name, env = {}) {
  const port = await freePort();
  const dataDir = env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'pk-bench-'));
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  // BENCH_SERVER_MAIN: another build of the server (say, main's, for a before/after in one sitting).
  const main = process.env.BENCH_SERVER_MAIN ?? join(ROOT, 'server', 'dist', 'server', 'main.js');
  if (!existsSync(main)) throw new Error('server/dist is missing: npm run build:server');
  const child = spawn(process.execPath, [...extraArgs, ...PROBE, main], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PULSEKIT_DEV: '1',
      PULSEKIT_SECRET: 'bench-secret-0123456789abcdefghijklmnopq',
      PULSEKIT_RATE: 'off',
      PULSEKIT_MAX_CONN: '100',
      PULSEKIT_MAX_HANDSHAKES: '0',
      ...(dataDir ? { PULSEKIT_DATA_DIR: dataDir } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let warnings = 0;
  child.stdout.on('data', (d) => {
    for (const l of String(d).split('\n')) {
      if (/"level":"(warn|error)"/.test(l) && !l.includes('"server.dev_mode"') && warnings++ < 5)
        console.log(`${name}: ${l.slice(0, 300)}`);
    }
  });
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      if (extraArgs.length > 0) {
        child.kill('SIGTERM'); // profiling: a graceful stop, so --cpu-prof can write its file
        await Promise.race([exited, sleep(15_000)]);
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  await new Promise((resolve, reject) => {
    let err = '';
    const t = setTimeout(() => reject(new Error(`${name} did not start within 120 s: ${err}`)), 120_000);
    child.stderr.on('data', (d) => {
      err += d;
      if (/Pulsekit server: http/.test(err)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (c, s) => reject(new Error(`${name} exited (${c ?? s}): ${err}`)));
  });
  return { name, origin: `http://127.0.0.1:${port}`, port, child };
}

let opCounter = 0;
/** An operation with a unique opId. */
export const op = (clientId, topic, type, data) => ({
  opId: `bench-${process.pid}-${++opCounter}-${Math.random().toString(36).slice(2, 8)}`,
  clientId,
  topic,
  type,
  data,
  createdAt: Date.now(),
});
