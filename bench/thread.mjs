// Thread benchmark (`npm run bench`): builds a 1,000- and a 100,000-post discussion thread in real
// Chromium (playwright-core, Debian's /usr/bin/chromium), and measures for each the time from
// inserting <pk-discussion-thread> to the first event reaching it and to its first painted posts,
// the time until everything is loaded and laid out, the DOM element count, the JS heap (after a GC)
// and the long tasks while the page scrolls to the end of the thread and back, and the model alone
// folding the whole history (one fold against evolve one event at a time, same run). Prints the
// largest/smallest ratios (target: first render at most 1.3x, DOM bounded) with the spread of the
// runs. Prints figures; never fails on them.
//
// The page (bench/thread-page.ts) is bundled with esbuild into a temp dir and served by node:http.
// Env: BENCH_RUNS (3 per size, median reported), BENCH_SIZES (default "1000,100000").
import { fileURLToPath } from 'node:url';
import { median, withBenchPage } from './browser.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

/** Prints the 15 functions with the most self time in a CDP CPU profile. */
function printProfile(n, profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`profile while scrolling, ${n} posts (self time):`);
  for (const [key, t] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`  ${t.toFixed(0).padStart(6)} ms  ${key}`);
}

export function runThreadBench() {
  return withBenchPage('bench/thread-page.ts', 'thread bench', async ({ browser, url }) => {
    const results = new Map();
    for (const n of SIZES) {
      const runs = [];
      for (let r = 0; r < RUNS; r++) {
        // A fresh page per run: nothing cached in memory, the virtualizer chunk loaded anew.
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(url);
        await page.waitForFunction('window.benchReady === true');
        const run = await page.evaluate((size) => window.bench.run(size), n);
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        run.heapMB = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024;
        if (process.env.BENCH_SCREENSHOT && r === 0) await page.screenshot({ path: `${process.env.BENCH_SCREENSHOT}-${n}.png` });
        // BENCH_PROFILE: the functions that cost most while scrolling (self time), from a CPU profile.
        if (process.env.BENCH_PROFILE && r === 0) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
        Object.assign(run, await page.evaluate(() => window.bench.scroll()));
        if (process.env.BENCH_PROFILE && r === 0) printProfile(n, (await cdp.send('Profiler.stop')).profile);
        Object.assign(run, await page.evaluate(() => window.bench.finish()));
        runs.push(run);
        await page.close();
      }
      const pick = (k) => median(runs.map((x) => x[k]));
      results.set(n, {
        dataOnly: pick('dataOnly'),
        foldMs: pick('foldMs'),
        evolveMs: pick('evolveMs'),
        events: runs[0].events,
        firstData: pick('firstData'),
        firstRender: pick('firstRender'),
        renders: runs.map((x) => x.firstRender),
        settled: pick('settled'),
        domNodes: pick('domNodes'),
        articles: pick('articles'),
        seedMs: pick('seedMs'),
        heapMB: pick('heapMB'),
        longTasks: pick('longTasks'),
        longTaskMs: pick('longTaskMs'),
        longestTask: pick('longestTask'),
        scrollMs: pick('scrollMs'),
        domAtEnd: pick('domAtEnd'),
        virtual: runs[0].virtual,
        posts: runs[0].posts,
      });
    }
    const ms = (x) => `${x.toFixed(0)} ms`;
    console.log(`thread: <pk-discussion-thread> in Chromium, median of ${RUNS} runs per size (viewport 1280x900)`);
    console.log(
      'posts    first data   first render (runs)           all loaded   history alone   DOM elements   rendered posts   virtualized   (seeding, not timed)',
    );
    for (const [n, r] of results) {
      const spread = `${ms(r.firstRender)} (${r.renders.map((x) => x.toFixed(0)).join('/')})`;
      console.log(
        `${String(n).padEnd(8)} ${ms(r.firstData).padStart(10)}   ${spread.padEnd(28)}  ${ms(r.settled).padStart(10)}   ${ms(r.dataOnly).padStart(13)}   ${String(r.domNodes).padStart(12)}   ${String(r.articles).padStart(14)}   ${String(r.virtual).padStart(11)}   (${r.seedMs.toFixed(0)} ms, ${r.posts} posts)`,
      );
    }
    console.log(
      '  first data: insert the element → the first event reaches its topic (session start, connect, and the transport delivering the history).',
    );
    console.log(
      '  first render: insert the element → first posts painted (first data, plus folding the first slice of the history and rendering).',
    );
    console.log('  all loaded: the whole history folded, the rendered set stable for 5 frames.');
    console.log('  history alone: the same history through a bare SessionClient on the same authority, no element, until loaded.');
    console.log('posts    the whole history folded by the model: one fold   event by event (evolve)   ratio   (events)');
    for (const [n, r] of results) {
      console.log(
        `${String(n).padEnd(8)} ${ms(r.foldMs).padStart(51)}   ${ms(r.evolveMs).padStart(22)}   ${`${(r.foldMs / r.evolveMs).toFixed(3)}x`.padStart(6)}   (${r.events})`,
      );
    }
    console.log(
      'posts    JS heap     scroll to the end and back (60 jumps)   long tasks (count, total, longest)   DOM elements at the end',
    );
    for (const [n, r] of results) {
      console.log(
        `${String(n).padEnd(8)} ${`${r.heapMB.toFixed(1)} MB`.padStart(8)}    ${ms(r.scrollMs).padStart(10)}                              ${String(r.longTasks).padStart(3)}, ${ms(r.longTaskMs).padStart(7)}, ${ms(r.longestTask).padStart(6)}            ${String(r.domAtEnd).padStart(8)}`,
      );
    }
    const a = results.get(Math.min(...results.keys()));
    const b = results.get(Math.max(...results.keys()));
    if (a && b && a !== b) {
      const ratio = (x, y) => `${(y / x).toFixed(2)}x`;
      const lo = Math.min(...b.renders) / Math.max(...a.renders);
      const hi = Math.max(...b.renders) / Math.min(...a.renders);
      console.log(
        `${b.posts} / ${a.posts} posts: first render ${ratio(a.firstRender, b.firstRender)} (target <= 1.3x; from the runs ${lo.toFixed(2)}x-${hi.toFixed(2)}x), first data ${ratio(a.firstData, b.firstData)}, after first data ${ratio(Math.max(1, a.firstRender - a.firstData), Math.max(1, b.firstRender - b.firstData))}, all loaded ${ratio(a.settled, b.settled)}, history alone ${ratio(a.dataOnly, b.dataOnly)}, DOM elements ${ratio(a.domNodes, b.domNodes)} (bounded: ${b.domNodes <= a.domNodes * 1.3 ? 'yes' : 'no'}), JS heap ${ratio(a.heapMB, b.heapMB)}`,
      );
    }
    return results;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runThreadBench();
}
