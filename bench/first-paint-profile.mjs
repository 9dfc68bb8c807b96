// What a widget page's script costs before its first paint (issue #18), from CPU profiles:
// `node bench/first-paint-profile.mjs` (the poll page) or `PROFILE_PAGE=survey node
// bench/first-paint-profile.mjs` (the 50-question survey). The widget's CDN entry is bundled
// unminified with a source map (names kept), loaded on the first-paint benchmark's page in a fresh
// context per load, and profiled (100 µs samples) from the page's first script to the frame the
// benchmark measures (console.profile / console.profileEnd in the page's probe). Prints, as medians
// over the loads: the time by kind (our code, Lit, Intl, the parser and compiler, GC, idle), the
// functions of ours that cost most (inclusive), the most expensive leaves (self), and the order of
// the main thread's tasks in the first load. Env: PROFILE_RUNS (5), PROFILE_PAGE (poll | survey).
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { benchDir, launchChromium, median, ROOT, serveDir } from './browser.mjs';
import { surveyForm, surveys } from './first-paint.mjs';

const RUNS = Math.max(1, Number(process.env.PROFILE_RUNS) || 5);
const OPTIONS = ['Too slow', 'Just right', 'Too fast'];
/** Each page: the entry bundled, its markup, and the condition of the frame the benchmark measures. */
const PAGES = {
  poll: {
    entry: 'src/components/pulse-poll/define.ts',
    markup: `<pk-pulse-poll poll-id="warmup" question="How is the pace so far?">${OPTIONS.map((o, i) => `<option value="o${i}">${o}</option>`).join('')}</pk-pulse-poll>`,
    ready: `document.querySelector('pk-pulse-poll')?.shadowRoot?.querySelector('input[name=choice]:not([disabled])')`,
  },
  survey: {
    entry: 'src/components/session-survey/define.ts',
    markup: `<pk-session-survey survey-id="day-1"></pk-session-survey><script type="module">document.querySelector('pk-session-survey').definition=${JSON.stringify(surveys().ours)}</script>`,
    ready: surveyForm,
  },
};
const PAGE = process.env.PROFILE_PAGE || 'poll';
const { entry, markup, ready } =
  PAGES[PAGE] ??
  (() => {
    throw new Error(`PROFILE_PAGE must be one of ${Object.keys(PAGES).join(', ')}`);
  })();
// The benchmark's probe, with the profile bounded by it: started by the page's first script, ended
// in the frame the benchmark measures.
const probe = `<script>(()=>{console.profile('paint');const ok=()=>{try{return !!(${ready})}catch{return false}};const tick=()=>ok()?requestAnimationFrame(()=>{window.benchPaint=performance.now();console.profileEnd('paint')}):requestAnimationFrame(tick);requestAnimationFrame(tick)})()</script>`;

/** One profile's samples as [time from the start in ms, node] pairs. */
function samplesOf(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c).parent = n;
  let t = 0;
  return profile.samples.map((id, i) => {
    t += profile.timeDeltas[i] / 1000;
    return [t, byId.get(id)];
  });
}

/** Maps a profile frame to its source file and function through the bundle's source maps (null outside the bundle). */
function mapper(dir, names) {
  const maps = new Map(names.map((n) => [`/${n}`, new TraceMap(readFileSync(join(dir, `${n}.map`), 'utf8'))]));
  const cache = new Map();
  return (frame) => {
    const map = maps.get(frame.url.replace(/^https?:\/\/[^/]+/, ''));
    if (!map) return null;
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    if (!cache.has(key)) {
      const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      const file = pos.source ? relative(ROOT, resolve(dir, pos.source)) : '?';
      cache.set(key, { file, fn: frame.functionName || '(anonymous)' });
    }
    return cache.get(key);
  };
}

/** A top-down tree of the calls, folded to the frames of the bundle, with the time under each. */
function callTree(samples, map) {
  const root = { name: '(root)', t: 0, kids: new Map() };
  let prev = 0;
  for (const [t, node] of samples) {
    const d = t - prev;
    prev = t;
    if (node.callFrame.functionName === '(idle)') continue;
    const path = [];
    for (let n = node; n; n = n.parent) {
      const m = map(n.callFrame);
      const f = n.callFrame;
      const name = m ? `${m.fn} ${m.file.replace(/^.*node_modules\//, '~').replace(/^src\//, '')}` : f.url ? null : f.functionName;
      if (name && name !== '(root)' && path[0] !== name) path.unshift(name);
    }
    let at = root;
    at.t += d;
    for (const name of path) {
      if (!at.kids.has(name)) at.kids.set(name, { name, t: 0, kids: new Map() });
      at = at.kids.get(name);
      at.t += d;
    }
  }
  return root;
}

function printTree(node, depth = 0, min = 0.4) {
  if (depth > 0) console.log(`  ${node.t.toFixed(1).padStart(7)}  ${'  '.repeat(depth - 1)}${node.name}`);
  if (depth >= 14) return;
  for (const kid of [...node.kids.values()].sort((a, b) => b.t - a.t)) if (kid.t >= min) printTree(kid, depth + 1, min);
}

const INTL =
  /^(NumberFormat|PluralRules|DateTimeFormat|ListFormat|RelativeTimeFormat|Locale|Collator|format|select|supportedLocalesOf|getCanonicalLocales|resolvedOptions|toLocaleString|formatToParts)$/;

/** The kind a sample's time goes to: its innermost frame that tells (Intl, ours, Lit, other script). */
function kindOf(node, map) {
  const cf = node.callFrame;
  if (cf.functionName === '(idle)') return 'idle';
  if (cf.functionName === '(garbage collector)') return 'GC';
  if (cf.functionName === '(program)') return 'browser (parse HTML, style, layout, paint, compile)';
  for (let n = node; n; n = n.parent) {
    const f = n.callFrame;
    if (!f.url && INTL.test(f.functionName)) return 'Intl';
    const m = map(f);
    if (m) return m.file.includes('node_modules/') ? (m.file.includes('/lit') || m.file.includes('@lit') ? 'Lit' : 'dependencies') : 'ours';
  }
  return 'other script (the probe, natives)';
}

async function profileOnce(browser, url, map) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const done = new Promise((resolve) => cdp.on('Profiler.consoleProfileFinished', (e) => resolve(e.profile)));
    await page.goto(url);
    const profile = await done;
    const paint = await page.evaluate('window.benchPaint');
    const samples = samplesOf(profile);
    const kinds = new Map();
    const inclusive = new Map();
    const self = new Map();
    const add = (m, k, d) => m.set(k, (m.get(k) ?? 0) + d);
    let prev = 0;
    for (const [t, node] of samples) {
      const d = t - prev;
      prev = t;
      add(kinds, kindOf(node, map), d);
      const cf = node.callFrame;
      const leaf = map(cf);
      add(
        self,
        leaf ? `${leaf.fn}  ${leaf.file}` : `${cf.functionName || '(anonymous)'}  ${cf.url ? cf.url.replace(/^.*\//, '') : '(native)'}`,
        d,
      );
      const seen = new Set();
      for (let n = node; n; n = n.parent) {
        const m = map(n.callFrame);
        if (!m || m.file.includes('node_modules/')) continue;
        const k = `${m.fn}  ${m.file}`;
        if (!seen.has(k)) add(inclusive, k, d);
        seen.add(k);
      }
    }
    return { paint, total: prev, kinds, inclusive, self, samples };
  } finally {
    await context.close();
  }
}

/** The main thread's tasks in order: runs of non-idle samples, with the outermost frames of ours. */
function printTasks(samples, map) {
  console.log('\n  tasks of the first load (start ms, duration ms, outermost functions of ours):');
  let task = null;
  const flush = () => {
    if (task && task.d >= 0.5)
      console.log(`  ${task.start.toFixed(1).padStart(7)}  ${task.d.toFixed(1).padStart(6)}  ${[...task.top].slice(0, 6).join(' | ')}`);
    task = null;
  };
  let prev = 0;
  for (const [t, node] of samples) {
    const d = t - prev;
    prev = t;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      flush();
      continue;
    }
    task ??= { start: t - d, d: 0, top: new Set() };
    task.d += d;
    const path = [];
    for (let n = node; n; n = n.parent) path.unshift(n);
    const outer = path.map((n) => map(n.callFrame)).find((m) => m && !m.file.includes('node_modules/'));
    task.top.add(
      outer
        ? `${outer.fn} (${outer.file.replace(/^src\//, '')})`
        : name === '(program)'
          ? '(program)'
          : name === '(garbage collector)'
            ? '(GC)'
            : name || '(anon)',
    );
  }
  flush();
}

const dir = benchDir();
let server;
let browser;
try {
  await build({
    entryPoints: { page: join(ROOT, entry) },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: false,
    keepNames: true,
    sourcemap: true,
    target: 'es2022',
    outdir: dir,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
    conditions: ['production'],
  });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${PAGE}</title>${probe}</head><body>${markup}<script type="module" src="./page.js"></script></body></html>`,
  );
  server = await serveDir(dir);
  browser = await launchChromium();
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const frameOf = mapper(
    dir,
    readdirSync(dir).filter((n) => n.endsWith('.js')),
  );
  await profileOnce(browser, url, frameOf); // warm the browser's own caches
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await profileOnce(browser, url, frameOf));
  const med = (pick) => median(runs.map(pick));
  const keys = (m) => new Set(runs.flatMap((r) => [...r[m].keys()]));
  console.log(`${PAGE} page profile: unminified bundle, ${RUNS} loads, median ms from the first script to the measured frame`);
  console.log(`  measured frame at ${med((r) => r.paint).toFixed(1)} ms after navigation; profiled ${med((r) => r.total).toFixed(1)} ms`);
  console.log('\n  by kind:');
  for (const k of [...keys('kinds')].sort((a, b) => med((r) => r.kinds.get(b) ?? 0) - med((r) => r.kinds.get(a) ?? 0)))
    console.log(
      `  ${med((r) => r.kinds.get(k) ?? 0)
        .toFixed(1)
        .padStart(7)}  ${k}`,
    );
  console.log('\n  our functions, inclusive (top 40):');
  for (const k of [...keys('inclusive')]
    .sort((a, b) => med((r) => r.inclusive.get(b) ?? 0) - med((r) => r.inclusive.get(a) ?? 0))
    .slice(0, 40))
    console.log(
      `  ${med((r) => r.inclusive.get(k) ?? 0)
        .toFixed(1)
        .padStart(7)}  ${k}`,
    );
  console.log('\n  self time (top 30):');
  for (const k of [...keys('self')].sort((a, b) => med((r) => r.self.get(b) ?? 0) - med((r) => r.self.get(a) ?? 0)).slice(0, 30))
    console.log(
      `  ${med((r) => r.self.get(k) ?? 0)
        .toFixed(1)
        .padStart(7)}  ${k}`,
    );
  printTasks(runs[0].samples, frameOf);
  console.log('\n  call tree of the first load (ms, frames of the bundle and natives):');
  printTree(callTree(runs[0].samples, frameOf));
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
