// What the browser benchmarks share: a page entry (TypeScript) bundled with esbuild into a temp
// dir, served by node:http on loopback, and Debian's Chromium driven by playwright-core.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Median of a list of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export { launchChromium };

/** Serves the files of `dir` on a loopback port (index.html for `/`); resolves to the server. */
export async function serveDir(dir) {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/+/, '')) || 'index.html');
    if (!path.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path.endsWith('/') || path === dir ? join(dir, 'index.html') : path);
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** Bundles page entries (name → path under the repository) into `dir`, minified, as a real page would load them. */
export function bundlePages(entryPoints, dir) {
  return build({
    entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([k, v]) => [k, join(ROOT, v)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    // BENCH_MINIFY=0 keeps names, for reading a CPU profile (BENCH_PROFILE).
    minify: process.env.BENCH_MINIFY !== '0',
    keepNames: process.env.BENCH_MINIFY === '0',
    target: 'es2022',
    outdir: dir,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
    // Production Lit (no dev-mode checks), as a real page would load it.
    conditions: ['production'],
  });
}

/** Trace categories for `mainThreadCpu`: enough to see every main-thread task and what runs in it. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'disabled-by-default-v8.compile',
  'v8.compile',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'blink',
  'loading',
];

/**
 * Traces page `p` (through its CDP session `cdp`) while `during()` runs. Resolves to the renderer
 * main thread's CPU time (trace `tdur`, which a loaded machine stretches far less than the wall
 * clock) from the start to the `performance.mark(mark)` the page set: `total` ms, and self ms by
 * trace event name in `byName`. Work after the mark is not counted, unlike CDP's TaskDuration.
 * `categories`: fewer for a total alone (the tasks are in `toplevel`), all for `byName`.
 */
export async function mainThreadCpu(cdp, mark, during, categories = TRACE_CATEGORIES) {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  await during();
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  const at = events.find((e) => e.name === mark && e.cat.includes('user_timing'));
  if (!at) throw new Error(`the page set no performance mark "${mark}"`);
  const onMain = events.filter((e) => e.pid === at.pid && e.tid === at.tid && e.ph === 'X' && e.ts <= at.ts && e.tdur !== undefined);
  onMain.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time: an event's CPU time less its children's (events nest on one thread).
  const self = new Map();
  const stack = [];
  let total = 0;
  for (const e of onMain) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent) - e.tdur);
    else total += e.tdur / 1000;
    self.set(e, e.tdur);
    stack.push(e);
  }
  const byName = new Map();
  for (const [e, t] of self) byName.set(e.name, (byName.get(e.name) ?? 0) + t / 1000);
  return { total, byName };
}

/** A new temp directory for a benchmark's files. */
export const benchDir = () => mkdtempSync(join(tmpdir(), 'pk-bench-'));

/**
 * Builds `entry` (a path under the repository) into a page, serves it and launches Chromium, then
 * calls `run({ browser, url })`; everything is torn down afterwards, whatever happens.
 */
export async function withBenchPage(entry, title, run) {
  const dir = benchDir();
  let server;
  let browser;
  try {
    await bundlePages({ page: entry }, dir);
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><script type="module" src="./page.js"></script></body></html>`,
    );
    server = await serveDir(dir);
    browser = await launchChromium();
    return await run({ browser, url: `http://127.0.0.1:${server.address().port}/index.html` });
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
