// Shared by the outside-in tests: the project as users meet it. A plain static file server (the way
// a CDN or a course site serves our files), the reference server as a child process, Debian's
// Chromium through playwright-core, and the build they all load.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export { launchChromium } from '../../scripts/chromium.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

let built = false;
/** Builds dist/ once per test process (`npm run build`), so the tests load what we ship. */
export function ensureBuilt() {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
}

/**
 * Serves `routes` (url path → file path or {body, type}) and everything under `mounts` (url prefix →
 * folder) over plain HTTP on loopback, like a static host. `headers(path)` adds response headers
 * (a CSP, say). Every request is recorded in `requests` (path, time), for counting what a page loads.
 */
export async function serveStatic({ routes = {}, mounts = {}, headers = () => ({}) } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push({ path, at: Date.now() });
    let body;
    let type;
    const route = routes[path];
    if (route && typeof route === 'object') ({ body, type } = route);
    else {
      let file = typeof route === 'string' ? route : null;
      if (!file) {
        for (const [prefix, dir] of Object.entries(mounts)) {
          if (!path.startsWith(prefix)) continue;
          const candidate = normalize(join(dir, path.slice(prefix.length)));
          if (candidate.startsWith(resolve(dir) + sep) && existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
        }
      }
      if (file) {
        body = readFileSync(file);
        type = TYPES[extname(file)] ?? 'application/octet-stream';
      }
    }
    if (body === undefined && path === '/favicon.ico') {
      // Browsers ask for it on their own; a real site has one, and its 404 is not ours to report.
      res.writeHead(204);
      res.end();
      return;
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers(path) });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** Collects a page's console errors and uncaught exceptions, for asserting a clean run. */
export function watchConsole(page) {
  const errors = [];
  const messages = [];
  page.on('console', (m) => {
    messages.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { errors, messages };
}

/** A page in a fresh browser context (its own storage, like another person's browser), with every URL it requests and its console. */
export async function freshPage(browser) {
  const page = await (await browser.newContext()).newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { page, requests, log: watchConsole(page) };
}

/**
 * Starts the reference server (`tsx server/main.ts`) on a free port with a temp data folder, in dev
 * mode (it hands out demo tokens); resolves with its URL once it listens.
 */
export function startReferenceServer({ dataDir, env = {} }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PULSEKIT_DATA_DIR: dataDir, PULSEKIT_DEV: '1', PULSEKIT_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const onData = (d) => {
      out += d;
      const m = /Pulsekit server: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1].replace(/\/$/, ''),
          stop: () =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGKILL');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws with `what`). */
export async function until(fn, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
