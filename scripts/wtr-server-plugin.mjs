// Starts the reference server (server/index.ts, TypeScript, loaded through tsx) for the browser
// tests, and gives them server commands:
//   server-info               → { url } | { pending }       the shared server (started on first use)
//   dev-token  {room, role, name?, participantId?, server?}  → { token } | { error }   (server: id, default the shared one)
//   server-start {options?}   → { id }                       an extra server (own options, own data)
//   server-url {id}           → { url } | { pending: true }  waits up to 10 s for a start or resume
//   server-pause {id}         → true                         stop it, keeping its port and data
//   server-resume {id, restore?} → { id }                    start it again: same port, same data (or, with
//                                                            restore, the data as server-backup copied it)
//   server-backup {id}        → true                         copy a paused server's data (a backup to restore)
//   server-stop  {id}         → true
// Each server runs in a child process (scripts/wtr-server-child.mjs, forked with `--import tsx`),
// so its work never holds up the test runner's own dev server. Commands must answer within
// web-test-runner's 20 s: starts are polled with `server-url` instead of awaited inside one command.
// The page's origin (the test runner's dev server) differs from the API's, so the page origin is
// put on the server's CORS allow-list.
import { fork } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./wtr-server-child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A forked server process and a request/answer call over its IPC channel. */
function spawnChild() {
  const child = fork(CHILD, [], {
    cwd: ROOT,
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map();
  let seq = 0;
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the test server process exited (${code})`)));
    child.on('message', (m) => {
      if (m.ready) return resolve();
      const w = waiting.get(m.seq);
      if (!w) return;
      waiting.delete(m.seq);
      if (m.error) w.reject(new Error(m.error));
      else w.resolve(m);
    });
  });
  ready.catch(() => {});
  child.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('the test server process exited'));
    waiting.clear();
  });
  const call = async (msg) => {
    await ready;
    const id = ++seq;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      child.send({ ...msg, seq: id });
    });
  };
  return { child, call };
}

/** Options of every test server: quiet, generous limits, no coalescing, so the conformance suite sees every event. */
const BASE = {
  port: 0,
  host: '127.0.0.1',
  dev: true,
  log: false,
  limits: { ratePerSecond: 0, maxConnections: 1000 },
  timings: { snapshotBurst: 0, presenceMs: 50, shutdownGraceMs: 200 },
};

const merge = (a, b) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {}))
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object' ? { ...a[k], ...v } : v;
  return out;
};

/** Resolves with the promise's value, or with `fallback` after `ms`. */
const within = (promise, ms, fallback) => Promise.race([promise, new Promise((r) => setTimeout(() => r(fallback), ms).unref())]);

export function serverPlugin() {
  /** id → { proc, ready: Promise<url>, url, dir, paused } */
  const servers = new Map();
  let origins = [];
  let nextId = 1;
  let shared = null;

  function start(options = {}) {
    const id = nextId++;
    const entry = { proc: null, ready: null, url: null, dir: null, backup: null, paused: false };
    servers.set(id, entry);
    entry.ready = (async () => {
      entry.proc = spawnChild();
      entry.dir = mkdtempSync(join(tmpdir(), 'pk-wtr-server-'));
      const { url } = await entry.proc.call({ op: 'start', options: merge(merge(BASE, { dataDir: entry.dir, cors: origins }), options) });
      entry.url = url;
      return url;
    })();
    entry.ready.catch((err) => console.error(`[pk-server] test server ${id} could not start:`, err));
    return id;
  }

  function get(id) {
    const s = servers.get(id);
    if (!s) throw new Error(`No test server ${id}`);
    return s;
  }

  async function pause(id) {
    const s = get(id);
    await s.ready;
    if (s.paused) return;
    s.paused = true;
    await s.proc.call({ op: 'pause' });
  }

  /** Copies a paused server's data directory: what an operator's backup would hold. */
  function backup(id) {
    const s = get(id);
    if (!s.paused) throw new Error(`Test server ${id} must be paused to be backed up`);
    if (s.backup) rmSync(s.backup, { recursive: true, force: true });
    s.backup = mkdtempSync(join(tmpdir(), 'pk-wtr-backup-'));
    cpSync(s.dir, s.backup, { recursive: true });
  }

  function resume(id, restore = false) {
    const s = get(id);
    if (!s.paused) return;
    if (restore) {
      if (!s.backup) throw new Error(`Test server ${id} has no backup to restore`);
      rmSync(s.dir, { recursive: true, force: true });
      cpSync(s.backup, s.dir, { recursive: true });
    }
    s.paused = false;
    s.ready = s.proc.call({ op: 'resume' }).then(({ url }) => (s.url = url));
    s.ready.catch((err) => console.error(`[pk-server] test server ${id} could not restart:`, err));
  }

  async function stop(id) {
    const s = servers.get(id);
    if (!s) return;
    servers.delete(id);
    try {
      await s.ready.catch(() => {});
      if (s.proc && !s.paused) await s.proc.call({ op: 'pause' }).catch(() => {});
    } finally {
      if (s.proc?.child.connected) s.proc.child.disconnect();
      if (s.dir) rmSync(s.dir, { recursive: true, force: true });
      if (s.backup) rmSync(s.backup, { recursive: true, force: true });
    }
  }

  async function devToken(payload) {
    shared ??= start();
    const { server: id = shared, ...body } = payload;
    const s = get(id);
    // Answered, not thrown: tests mint tokens on purpose while a server is down (no log noise).
    if (s.paused) return { error: `Test server ${id} is paused` };
    const url = await within(s.ready, 15000, null);
    if (!url) return { error: `Test server ${id} is still starting` };
    const res = await fetch(`${url}/v1/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`dev token: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  return {
    name: 'pk-server',
    async serverStart({ config }) {
      const port = config.port;
      const host = config.hostname ?? 'localhost';
      origins = [...new Set([`http://${host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
      // The shared server starts on the first command that needs it: runs of test files that
      // do not use a server pay nothing.
    },
    async serverStop() {
      await Promise.all([...servers.keys()].map((id) => stop(id).catch(() => {})));
    },
    async executeCommand({ command, payload }) {
      if (!command.startsWith('server-') && command !== 'dev-token') return undefined;
      switch (command) {
        case 'server-info': {
          shared ??= start();
          const url = await within(get(shared).ready, 15000, null);
          return url ? { url } : { pending: true };
        }
        case 'dev-token':
          return devToken(payload ?? {});
        case 'server-start':
          return { id: start(payload?.options ?? {}) };
        case 'server-url': {
          const url = await within(get(payload?.id).ready, 10000, null);
          return url ? { url } : { pending: true };
        }
        case 'server-pause':
          await pause(payload?.id);
          return true;
        case 'server-resume':
          resume(payload?.id, payload?.restore === true);
          return { id: payload?.id };
        case 'server-backup':
          backup(payload?.id);
          return true;
        case 'server-stop':
          await stop(payload?.id);
          return true;
        default:
          return undefined;
      }
    },
  };
}
