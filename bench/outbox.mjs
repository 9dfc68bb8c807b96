// Outbox benchmark (`npm run bench`): how long a participant's click takes to be stored in the
// IndexedDB outbox, in real Chromium, quiet and while other tabs of the site are busy right after
// their own writes. Each round runs the outbox as shipped and as it was (`baseline`: each write a
// transaction left to auto-commit, which waits for its page's main thread), interleaved in the same
// run, and prints p50/p99 and their ratios; `strict` (the shipped way with strict durability, a
// flush to disk per write) is measured for the record. Prints figures; never fails on them.
//
// Then it reloads a tab right after a click, while another tab is busy, and counts the clicks the
// outbox lost (the defect behind issue #17.5).
//
// Env: BENCH_OUTBOX_TABS (busy tabs, 3), BENCH_OUTBOX_MS (per phase, 4000), BENCH_OUTBOX_ROUNDS (2),
// BENCH_OUTBOX_RELOADS (8 per mode).
import { fileURLToPath } from 'node:url';
import { withBenchPage } from './browser.mjs';

const TABS = Math.max(1, Number(process.env.BENCH_OUTBOX_TABS) || 3);
const MS = Math.max(500, Number(process.env.BENCH_OUTBOX_MS) || 4000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_OUTBOX_ROUNDS) || 2);
/** A busy tab's long task after each write, and its pause between writes (ms). */
const LONG_TASK = 250;
const GAP = 750;
const MODES = ['baseline', 'shipped', 'strict'];
/** Reload trials per mode, and how long the other tab is busy in each. */
const RELOADS = Math.max(1, Number(process.env.BENCH_OUTBOX_RELOADS) || 8);
const RELOAD_BUSY = 1000;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};

export function runOutboxBench() {
  return withBenchPage('bench/outbox-page.ts', 'outbox bench', async ({ browser, url }) => {
    // One context: every tab shares the origin's IndexedDB, as the tabs of one site do.
    const context = await browser.newContext();
    const pages = [];
    for (let i = 0; i <= TABS; i++) {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction('window.benchReady === true');
      pages.push(page);
    }
    const [me, ...others] = pages;
    const times = { quiet: new Map(MODES.map((m) => [m, []])), busy: new Map(MODES.map((m) => [m, []])) };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        times.quiet.get(mode).push(...(await me.evaluate(([m, ms]) => window.bench.measure(m, ms, 10), [mode, MS / 2])));
        const background = others.map((p) => p.evaluate(([m, ms, t, g]) => window.bench.busy(m, ms, t, g), [mode, MS, LONG_TASK, GAP]));
        times.busy.get(mode).push(...(await me.evaluate(([m, ms]) => window.bench.measure(m, ms, 10), [mode, MS])));
        await Promise.all(background);
      }
    }
    // Reload right after a click while another tab is busy after its own write: was the click stored?
    const lost = new Map(MODES.map((m) => [m, 0]));
    for (let trial = 0; trial < RELOADS; trial++) {
      for (const mode of MODES) {
        await me.evaluate((m) => window.bench.ready(m), mode);
        const busy = others[0].evaluate(([m, t]) => window.bench.busy(m, 1, t, 0), [mode, RELOAD_BUSY]);
        await new Promise((r) => setTimeout(r, 50));
        const opId = await me.evaluate((m) => window.bench.click(m), mode);
        await me.reload();
        await me.waitForFunction('window.benchReady === true');
        if (!(await me.evaluate((id) => window.bench.stored(id), opId))) lost.set(mode, lost.get(mode) + 1);
        await busy;
      }
    }
    await context.close();
    const ms = (x) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
    console.log(`outbox: one write per click into the IndexedDB outbox, Chromium, ${ROUNDS} interleaved rounds`);
    console.log('scenario                                  mode       writes      p50        p99        max');
    const label = { quiet: 'quiet (one tab)', busy: `${TABS} other tabs busy ${LONG_TASK} ms after each write` };
    for (const scenario of ['quiet', 'busy']) {
      for (const mode of MODES) {
        const xs = times[scenario].get(mode);
        console.log(
          `${label[scenario].padEnd(41)} ${mode.padEnd(10)} ${String(xs.length).padStart(6)} ${ms(pct(xs, 0.5)).padStart(10)} ${ms(pct(xs, 0.99)).padStart(10)} ${ms(Math.max(...xs)).padStart(10)}`,
        );
      }
      const base = times[scenario].get('baseline');
      const now = times[scenario].get('shipped');
      console.log(
        `  ${scenario}: baseline / shipped: p50 ${(pct(base, 0.5) / pct(now, 0.5)).toFixed(1)}x, p99 ${(pct(base, 0.99) / pct(now, 0.99)).toFixed(1)}x`,
      );
    }
    console.log(
      `reload right after a click, another tab busy ${RELOAD_BUSY} ms after its write: clicks lost ${MODES.map((m) => `${m} ${lost.get(m)}/${RELOADS}`).join(', ')}`,
    );
    console.log(
      '  baseline: each write a transaction left to auto-commit (the outbox before): it commits only once its page has handled the write,',
    );
    console.log(
      '  so a busy tab holds the shared store and every other tab waits. shipped: IdbOutbox, commit() at once, browser-default durability.',
    );
    console.log('  strict: shipped with durability "strict" (not shipped; for the record).');
    return times;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runOutboxBench();
}
