// Where the poll page's main-thread time goes before it is interactive, against the bare Lit
// element's (issue #18): `node bench/first-paint-trace.mjs`. The first-paint benchmark's two pages
// (the built dist/cdn/pulse-poll.js, or BENCH_CDN's; bench/bare-lit-page.ts), each loaded in a fresh
// context with a Chromium trace, and the renderer main thread's CPU time (trace `tdur`, which a
// loaded machine stretches far less than the wall clock) summed by trace event, self time, from the
// start to the frame with an enabled answer control. BENCH_CDN_BEFORE=<dir> adds an earlier build's
// poll page. Prints medians of PROFILE_RUNS (5) loads per page, interleaved.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, bundlePages, launchChromium, mainThreadCpu, median, ROOT, serveDir } from './browser.mjs';

const RUNS = Math.max(1, Number(process.env.PROFILE_RUNS) || 5);
const OPTIONS = ['Too slow', 'Just right', 'Too fast'];
const markup = (tag) =>
  `<${tag} poll-id="warmup" question="How is the pace so far?">${OPTIONS.map((o, i) => `<option value="o${i}">${o}</option>`).join('')}</${tag}>`;
// The benchmark's probe, marking the frame it calls interactive in the trace.
const probe = (tag) =>
  `<script>(()=>{const ok=()=>{try{return !!document.querySelector('${tag}')?.shadowRoot?.querySelector('input[name=choice]:not([disabled])')}catch{return false}};const tick=()=>ok()?requestAnimationFrame(()=>{performance.mark('bench-paint');window.benchPaint=performance.now()}):requestAnimationFrame(tick);requestAnimationFrame(tick)})()</script>`;
const page = (tag, src) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${tag}</title>${probe(tag)}</head><body>${markup(tag)}<script type="module" src="${src}"></script></body></html>`;

/** Loads `url` in a fresh context with a trace; returns the main thread's self CPU ms by event name until the paint mark. */
async function traceOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    const { total, byName } = await mainThreadCpu(cdp, 'bench-paint', async () => {
      await p.goto(url);
      await p.waitForFunction('window.benchPaint !== undefined', null, { timeout: 60_000 });
    });
    return new Map([['(total)', total], ...byName]);
  } finally {
    await context.close();
  }
}

const dir = benchDir();
let server;
let browser;
try {
  cpSync(process.env.BENCH_CDN || join(ROOT, 'dist/cdn'), join(dir, 'cdn'), { recursive: true });
  const before = process.env.BENCH_CDN_BEFORE;
  if (before) cpSync(before, join(dir, 'cdn-before'), { recursive: true });
  await bundlePages({ 'bare-lit': 'bench/bare-lit-page.ts' }, dir);
  const pages = { poll: page('pk-pulse-poll', './cdn/pulse-poll.js'), 'bare Lit': page('bare-poll', './bare-lit.js') };
  if (before) pages['poll before'] = page('pk-pulse-poll', './cdn-before/pulse-poll.js');
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, `${name.replace(' ', '-')}.html`), html);
  server = await serveDir(dir);
  browser = await launchChromium();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const names = Object.keys(pages);
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await traceOnce(browser, `${base}${n.replace(' ', '-')}.html`); // warm the browser's own caches
  for (let r = 0; r < RUNS; r++) for (const n of names) runs[n].push(await traceOnce(browser, `${base}${n.replace(' ', '-')}.html`));
  const med = (n, k) => median(runs[n].map((m) => m.get(k) ?? 0));
  const keys = [...new Set(names.flatMap((n) => runs[n].flatMap((m) => [...m.keys()])))];
  keys.sort((a, b) => (a === '(total)' ? -1 : b === '(total)' ? 1 : med('poll', b) - med('poll', a)));
  console.log(`main-thread CPU ms until interactive, self time by trace event, median of ${RUNS} loads`);
  console.log(`  ${names.map((n) => n.padStart(12)).join('')}  event`);
  console.log(
    `  ${names
      .map((n) =>
        runs[n]
          .map((m) => m.get('(total)').toFixed(0))
          .join(' ')
          .padStart(24),
      )
      .join('')}  (total, each load)`,
  );
  for (const k of keys.filter((k) => names.some((n) => med(n, k) >= 0.3)))
    console.log(`  ${names.map((n) => med(n, k).toFixed(1).padStart(12)).join('')}  ${k}`);
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
