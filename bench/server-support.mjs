// Shared by the server benchmarks (bench/server.mjs, bench/server-hostile.mjs): timing and
// percentiles, a reference server in a child process, dev tokens, and a small WebSocket client.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Milliseconds (high resolution). */
export const now = () => performance.now();
/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** `12.3 ms`, or `n/a`. */
export const fmt = (ms) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms`);
/** The p-th percentile of sorted values. */
export function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
/** Count, p50, p95, p99 and max of values. */
export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] };
}

/** Functions `cleanup()` runs, last first (servers, sockets). */
export const cleanups = [];
/** Runs and forgets every registered cleanup. */
export async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
}
/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the reference server as a child process (temp data dir, dev mode, rate limit off unless
 * `env` says otherwise); stopped by `cleanup()`.
 */
export async function startServerProcess(env = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pk-bench-'));
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...extraArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PULSEKIT_DATA_DIR: dataDir,
      PULSEKIT_DEV: '1',
      PULSEKIT_SECRET: '',
      PULSEKIT_RATE: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let warnings = 0;
  child.stdout.on('data', (d) => {
    for (const line of String(d).split('\n'))
      if (/"level":"(warn|error)"/.test(line) && warnings++ < 5) console.log(`server: ${line.slice(0, 300)}`);
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      if (extraArgs.length > 0) {
        // Profiling: a graceful stop, so --cpu-prof / --heap-prof can write their files.
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  await new Promise((resolve, reject) => {
    let err = '';
    const t = setTimeout(() => reject(new Error(`server did not start within 120 s: ${err}`)), 120_000);
    child.stderr.on('data', (d) => {
      err += d;
      if (/Pulsekit server: http/.test(err)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (c, s) => reject(new Error(`server exited (${c ?? s}): ${err}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    wsUrl: (room) => `ws://127.0.0.1:${port}/v1/rooms/${encodeURIComponent(room)}/ws`,
    child,
  };
}

/** A dev token for `participantId` in `room` (retried a few times while the server warms up). */
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

/** Maps `items` through `fn` with at most `concurrency` at a time. */
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

/**
 * A protocol client: auth, then requests by id; `onFrame` sees every other message. Errors that
 * answer no request are printed unless `quiet`.
 */
export class Client {
  constructor(url, token, id, { quiet = false } = {}) {
    this.id = id;
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.nextId = 1;
    this.waiting = new Map();
    this.onFrame = null;
    /** When set, `count(text, at)` gets event and snapshot frames unparsed (the other frames go on as usual). */
    this.count = null;
    this.ready = new Promise((resolve, reject) => {
      this.ws.once('open', () => this.ws.send(JSON.stringify({ t: 'auth', token })));
      this.ws.once('error', reject);
      this.ws.once('close', (code) => reject(new Error(`closed ${code} before ready`)));
      this.ws.on('message', (raw) => {
        const at = now();
        if (this.count) {
          // Counting clients need no parse: events and snapshots are recognised by their prefix.
          const text = raw.toString();
          if (text.startsWith('{"t":"event"') || text.startsWith('{"t":"snapshot"')) return this.count(text, at);
        }
        const msg = JSON.parse(raw);
        if (msg.t === 'ready') return resolve(msg);
        if ((msg.t === 'acks' || msg.t === 'page' || msg.t === 'error') && msg.id !== undefined && this.waiting.has(msg.id)) {
          const w = this.waiting.get(msg.id);
          this.waiting.delete(msg.id);
          return w(msg);
        }
        if (msg.t === 'error' && !quiet) console.log(`client ${id}: error ${msg.code}: ${msg.message}`);
        this.onFrame?.(msg, at);
      });
    });
    this.ws.on('error', () => {});
  }
  request(body) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ ...body, id }));
    });
  }
  sendOps(ops) {
    return this.request({ t: 'send', ops });
  }
  sub(topic) {
    this.ws.send(JSON.stringify({ t: 'sub', topic, since: 0 }));
  }
  close() {
    try {
      this.ws.terminate();
    } catch {
      /* gone */
    }
  }
}
