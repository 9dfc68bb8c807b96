// Shared by the server bench: figures (percentiles), process start-up and accounting (peak RSS and
// CPU time from /proc), dev tokens, a bounded-concurrency pool, and cleanup that always runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
// The same free-port helper as the server tests (bench:server runs through tsx).
import { freePort } from '../../test/server/services.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const fmt = (ms) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms`);

/** A positive number from the environment, or `dflt`. */
export function num(name, dflt) {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** n, p50, p95, p99 and max of `values`. */
export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] };
}

export const line = (label, s) => `${label} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}`;

const cleanups = [];
/** Registers `fn` to run at `cleanup()` (last in, first out). */
export const onCleanup = (fn) => cleanups.push(fn);
export async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
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
  const main = join(ROOT, 'server', 'dist', 'server', 'main.js');
  if (!existsSync(main)) throw new Error('server/dist is missing: npm run build:server');
  const child = spawn(process.execPath, [...extraArgs, main], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PULSEKIT_DEV: '1', PULSEKIT_SECRET: 'bench-secret-0123456789abcdefghijklmnopq', PULSEKIT_RATE: 'off', PULSEKIT_MAX_CONN: '100', ...(dataDir ? { PULSEKIT_DATA_DIR: dataDir } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let warnings = 0;
  child.stdout.on('data', (d) => {
    for (const l of String(d).split('\n')) {
      if (/"level":"(warn|error)"/.test(l) && !l.includes('"server.dev_mode"') && warnings++ < 5) console.log(`${name}: ${l.slice(0, 300)}`);
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

/** A dev token (the server's POST /v1/dev/token), retried while the server warms up. */
export async function devToken(origin, room, role, participantId) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${origin}/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room, role, name: participantId, participantId }),
    });
    if (res.ok) return (await res.json()).token;
    if (attempt > 5) throw new Error(`dev token: ${res.status} ${await res.text()}`);
    await sleep(100 * (attempt + 1));
  }
}

/** Runs `fn` over `items` with at most `concurrency` at a time; results in order. */
export async function pool(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

let opCounter = 0;
/** An operation with a unique opId. */
export const op = (clientId, topic, type, data) => ({ opId: `bench-${process.pid}-${++opCounter}-${Math.random().toString(36).slice(2, 8)}`, clientId, topic, type, data, createdAt: Date.now() });
