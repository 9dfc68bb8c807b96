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
