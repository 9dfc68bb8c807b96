// First-paint benchmark (`npm run bench`, issue #18): each widget page against its floor, in the same
// run, in real Chromium (Debian's, via playwright-core), a fresh browser context per load (empty
// cache, empty IndexedDB: a first visit), the variants interleaved so machine noise hits all alike.
//
// - poll: a static page with one <pk-pulse-poll> in its markup and the built CDN file
//   (dist/cdn/pulse-poll.js), against a bare Lit element doing a comparable render
//   (bench/bare-lit-page.ts, one bundled file too). Time to interactive: navigation start → the first
//   frame painted with an enabled answer control. Target: at most 1.3x.
// - survey: a 50-question survey (dist/cdn/session-survey.js, definition inline in the page) against
//   the browser alone (the survey's own rendered DOM and styles set with innerHTML by an inline script)
//   and against SurveyJS (survey-core + survey-js-ui, bench/surveyjs-page.ts). First paint:
//   navigation start → the first frame painted with all 50 questions. Targets: at most 1.5x the
//   browser alone, at most 0.2x SurveyJS. JS heap after the paint (after a GC) is printed too.
//
// Prints medians with p25-p75 of the runs, and ratios of medians with the min-max over the paired
// runs. Never fails on a number. Env: BENCH_RUNS (9), BENCH_BUILD=0 (use dist/cdn as it is),
// BENCH_CDN=<dir> (measure another build's CDN files; implies no build), BENCH_CDN_BEFORE=<dir> (also
// load the poll and survey pages from an earlier build's CDN files, interleaved: before/after figures).
import { execSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir, bundlePages, launchChromium, mainThreadCpu, ROOT, serveDir } from './browser.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 9);
const QUESTIONS = 50;

/** Quantile of a list (nearest rank). */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};
/** "median (p25-p75)" of a list of ms. */
export const spread = (xs, unit = 'ms', digits = 0) =>
  `${quantile(xs, 0.5).toFixed(digits)} ${unit} (${quantile(xs, 0.25).toFixed(digits)}-${quantile(xs, 0.75).toFixed(digits)})`;
/** "1.23x (min-max)" of the ratio of medians, with the spread of the per-run ratios. */
export const ratio = (num, den) => {
  const per = num.map((x, i) => x / den[i]);
  return `${(quantile(num, 0.5) / quantile(den, 0.5)).toFixed(2)}x (runs ${Math.min(...per).toFixed(2)}-${Math.max(...per).toFixed(2)})`;
};

/**
 * A classic script for <head>: from the first frame on, checks `cond` (a JS expression) each frame;
 * the frame after it first holds is the paint, stored as `window.benchPaint` (ms since navigation).
 */
const probe = (cond) =>
  `<script>(()=>{const ok=()=>{try{return !!(${cond})}catch{return false}};const tick=()=>ok()?requestAnimationFrame(()=>{performance.mark('bench-paint');window.benchPaint=performance.now()}):requestAnimationFrame(tick);requestAnimationFrame(tick)})()</script>`;
const page = (title, head, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const OPTIONS = ['Too slow', 'Just right', 'Too fast'];
const pollMarkup = (tag) =>
  `<${tag} poll-id="warmup" question="How is the pace so far?">${OPTIONS.map((o, i) => `<option value="o${i}">${o}</option>`).join('')}</${tag}>`;
const enabledChoice = (tag) => `document.querySelector('${tag}')?.shadowRoot?.querySelector('input[name=choice]:not([disabled])')`;

/** The 50-question survey, in Pulsekit's schema and in SurveyJS's. */
export function surveys() {
  const qs = [];
  const sj = [];
  const opts = ['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree'];
  for (let i = 1; i <= QUESTIONS; i++) {
    const id = `q${i}`;
    const title = `Question ${i}: how did the session on topic ${i} work for you?`;
    const kind = ['rating', 'single', 'multiple', 'text', 'longtext'][i % 5];
    qs.push({ id, type: kind, title, ...(kind === 'single' || kind === 'multiple' ? { options: opts } : {}) });
    const type = { rating: 'rating', single: 'radiogroup', multiple: 'checkbox', text: 'text', longtext: 'comment' }[kind];
    sj.push({ name: id, type, title, ...(kind === 'single' || kind === 'multiple' ? { choices: opts } : {}) });
  }
  return {
    ours: { title: 'End of day survey', questions: qs },
    surveyjs: { title: 'End of day survey', pages: [{ name: 'p1', elements: sj }] },
  };
}
export const surveyForm = `document.querySelector('pk-session-survey')?.shadowRoot?.querySelectorAll('[part~=question]').length>=${QUESTIONS}`;

/** Trace categories for the busy figure: the main thread's tasks and the paint mark, little overhead. */
const TASKS_ONLY = ['toplevel', 'blink.user_timing'];

/**
 * Loads `url` in a fresh context (first visit) and returns the paint time, the main thread's CPU time
 * until that frame (from a trace: work after it is not counted) and the JS heap after a GC.
 */
async function load(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    const { total: busy } = await mainThreadCpu(
      cdp,
      'bench-paint',
      async () => {
        await p.goto(url);
        await p.waitForFunction('window.benchPaint !== undefined', null, { timeout: 60_000 });
      },
      TASKS_ONLY,
    );
    const paint = await p.evaluate('window.benchPaint');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { paint, busy, heap: usedSize / 1024 / 1024 };
  } finally {
    await context.close();
  }
}

/** Builds the pages, serves them and runs every variant RUNS times, interleaved. */
export async function runFirstPaintBench() {
  const cdn = process.env.BENCH_CDN || join(ROOT, 'dist/cdn');
  if (!process.env.BENCH_CDN && (process.env.BENCH_BUILD !== '0' || !existsSync(join(cdn, 'pulse-poll.js'))))
    execSync('node scripts/build.mjs', { cwd: ROOT, stdio: 'ignore' });
  const dir = benchDir();
  let server;
  let browser;
  try {
    cpSync(cdn, join(dir, 'cdn'), { recursive: true });
    const before = process.env.BENCH_CDN_BEFORE;
    if (before) cpSync(before, join(dir, 'cdn-before'), { recursive: true });
    await bundlePages({ 'bare-lit': 'bench/bare-lit-page.ts', surveyjs: 'bench/surveyjs-page.ts' }, dir);
    copyFileSync(join(ROOT, 'node_modules/survey-core/survey-core.min.css'), join(dir, 'survey-core.min.css'));
    const { ours, surveyjs } = surveys();
    const files = {
      'poll.html': page(
        'poll',
        probe(enabledChoice('pk-pulse-poll')),
        `${pollMarkup('pk-pulse-poll')}<script type="module" src="./cdn/pulse-poll.js"></script>`,
      ),
      'lit.html': page(
        'bare Lit',
        probe(enabledChoice('bare-poll')),
        `${pollMarkup('bare-poll')}<script type="module" src="./bare-lit.js"></script>`,
      ),
      'survey.html': page(
        'survey',
        probe(surveyForm),
        `<pk-session-survey survey-id="day-1"></pk-session-survey><script type="module">document.querySelector('pk-session-survey').definition=${JSON.stringify(ours)}</script><script type="module" src="./cdn/session-survey.js"></script>`,
      ),
      'surveyjs.html': page(
        'SurveyJS',
        `${probe(`document.querySelectorAll('#survey .sd-question').length>=${QUESTIONS}`)}<link rel="stylesheet" href="./survey-core.min.css">`,
        `<div id="survey"></div><script>window.surveyJson=${JSON.stringify(surveyjs)}</script><script type="module" src="./surveyjs.js"></script>`,
      ),
    };
    if (before) for (const v of ['poll', 'survey']) files[`${v}-before.html`] = files[`${v}.html`].replace('./cdn/', './cdn-before/');
    for (const [name, html] of Object.entries(files)) writeFileSync(join(dir, name), html);
    server = await serveDir(dir);
    browser = await launchChromium();
    const base = `http://127.0.0.1:${server.address().port}/`;

    // The browser alone: the survey's own DOM and styles, as it rendered them, set with innerHTML.
    const capture = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const cp = await capture.newPage();
    await cp.goto(base + 'survey.html');
    await cp.waitForFunction('window.benchPaint !== undefined', null, { timeout: 60_000 });
    const { markup, styles } = await cp.evaluate(() => {
      const root = document.querySelector('pk-session-survey').shadowRoot;
      const sheets = [...root.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText));
      return { markup: root.innerHTML, styles: sheets.join('\n') };
    });
    await capture.close();
    const inner = `<style>${styles}</style>${markup}`;
    writeFileSync(
      join(dir, 'survey-html.html'),
      page(
        'browser alone',
        probe(`document.querySelector('#host')?.shadowRoot?.querySelectorAll('[part~=question]').length>=${QUESTIONS}`),
        `<div id="host"></div><script>document.getElementById('host').attachShadow({mode:'open'}).innerHTML=${JSON.stringify(inner).replace(/</g, '\\u003c')}</script>`,
      ),
    );

    const variants = ['poll', 'lit', 'survey', 'survey-html', 'surveyjs', ...(before ? ['poll-before', 'survey-before'] : [])];
    const res = Object.fromEntries(variants.map((v) => [v, { paint: [], busy: [], heap: [] }]));
    for (const v of variants) await load(browser, `${base}${v}.html`); // warm the browser's own caches once
    for (let r = 0; r < RUNS; r++) {
      for (const v of variants) {
        const { paint, busy, heap } = await load(browser, `${base}${v}.html`);
        res[v].paint.push(paint);
        res[v].busy.push(busy);
        res[v].heap.push(heap);
      }
    }
    const p = (v) => res[v].paint;
    const b = (v) => res[v].busy;
    console.log(`first paint: Chromium, fresh context per load (first visit), ${RUNS} runs each, median (p25-p75)`);
    console.log(`  one poll page (dist/cdn/pulse-poll.js), time to interactive   ${spread(p('poll'))}`);
    console.log(`  bare Lit element, same markup, time to interactive            ${spread(p('lit'))}`);
    console.log(`  → poll / bare Lit: ${ratio(p('poll'), p('lit'))}   (target <= 1.3x); main-thread busy ${ratio(b('poll'), b('lit'))}`);
    console.log(
      `  50-question survey (dist/cdn/session-survey.js), first paint   ${spread(p('survey'))}, JS heap ${spread(res.survey.heap, 'MB', 1)}`,
    );
    console.log(
      `  browser alone (same DOM via innerHTML), first paint            ${spread(p('survey-html'))}, JS heap ${spread(res['survey-html'].heap, 'MB', 1)}`,
    );
    console.log(
      `  SurveyJS ${'2.5.38'} (survey-core + survey-js-ui), first paint        ${spread(p('surveyjs'))}, JS heap ${spread(res.surveyjs.heap, 'MB', 1)}`,
    );
    console.log(
      `  → survey / browser alone: ${ratio(p('survey'), p('survey-html'))}   (target <= 1.5x); main-thread busy ${ratio(b('survey'), b('survey-html'))}`,
    );
    console.log(
      `  → survey / SurveyJS: ${ratio(p('survey'), p('surveyjs'))}   (target <= 0.2x); main-thread busy ${ratio(b('survey'), b('surveyjs'))}; heap ${ratio(res.survey.heap, res.surveyjs.heap)}`,
    );
    console.log(
      `  main-thread busy until the paint: poll ${spread(b('poll'))}, bare Lit ${spread(b('lit'))}, survey ${spread(b('survey'))}, browser alone ${spread(b('survey-html'))}, SurveyJS ${spread(b('surveyjs'))}`,
    );
    if (before) {
      console.log(`  the same pages from ${before}:`);
      console.log(
        `  one poll page, before   ${spread(p('poll-before'))}; poll / bare Lit ${ratio(p('poll-before'), p('lit'))}; after / before ${ratio(p('poll'), p('poll-before'))}; busy ${spread(b('poll-before'))}, after / before ${ratio(b('poll'), b('poll-before'))}`,
      );
      console.log(
        `  survey, before          ${spread(p('survey-before'))}; survey / browser alone ${ratio(p('survey-before'), p('survey-html'))}; after / before ${ratio(p('survey'), p('survey-before'))}; busy ${spread(b('survey-before'))}, after / before ${ratio(b('survey'), b('survey-before'))}`,
      );
    }
    console.log('  time to interactive: navigation start → first frame painted with an enabled answer control.');
    console.log('  first paint: navigation start → first frame painted with all 50 questions.');
    console.log(
      "  main-thread busy: the page's main-thread CPU time until that frame (trace thread time of its tasks; work after the frame is not counted), less stretched by a loaded machine.",
    );
    return res;
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runFirstPaintBench();
}
