// `npm run size`: what a page really downloads, measured on the CDN files `npm run build` writes
// (scripts/cdn-bundle.mjs: Rolldown + terser, Lit templates collapsed), after gzip -9. For each kind
// of page: the files it loads up front (its script tags and every chunk they import statically) and
// the chunks it may load later (other languages, facilitator-only views). Exits non-zero when a page
// goes past its ceiling. The ceilings guard against growth (docs/decisions.md §12); they are not
// targets to golf towards.
import { gzipSync } from 'node:zlib';
import { cdnBundle } from './cdn-bundle.mjs';

const KB = 1024;
const pages = [
  { name: 'one poll (pulse-poll.js)', load: ['pulse-poll.js'], ceiling: 30 * KB },
  { name: 'one survey (session-survey.js)', load: ['session-survey.js'], ceiling: 34 * KB },
  { name: 'one meter (engagement-meter.js)', load: ['engagement-meter.js'], ceiling: 35 * KB },
  { name: 'one thread (discussion-thread.js)', load: ['discussion-thread.js'], ceiling: 43 * KB },
  { name: 'all four (pulsekit.js)', load: ['pulsekit.js'], ceiling: 86 * KB },
  { name: 'network.js (added with an endpoint)', load: ['network.js'], ceiling: null },
  // Staff-only, on the facilitator's page beside the widgets: printed, no ceiling.
  { name: 'session report (session-report.js)', load: ['session-report.js'], ceiling: null },
  { name: 'producer console (producer-console.js)', load: ['producer-console.js'], ceiling: null },
  // Added by participants' pages that offer tech help: printed, no ceiling yet.
  { name: 'help button (help-button.js)', load: ['help-button.js'], ceiling: null },
  // Added where a host places the notices, or on the page staff post them from: printed, no ceiling.
  { name: 'notices (notices.js)', load: ['notices.js'], ceiling: null },
  // Not shipped: an empty widget on the whole core (bench/core-floor.ts), the part of every page
  // that is not a widget's own code.
  { name: 'floor (lit + core, empty widget)', load: ['floor.js'], ceiling: 22 * KB },
];

const files = new Map(
  (await cdnBundle({ outdir: 'dist/cdn', write: false, extra: { floor: 'bench/core-floor.ts' } })).map((f) => [f.fileName, f]),
);
const gz = (name) => gzipSync(files.get(name).code, { level: 9 }).length;
const min = (name) => Buffer.byteLength(files.get(name).code);
/** Every file reachable from `start` through `edge` (static imports, or static and dynamic). */
function closure(start, edge) {
  const seen = new Set(start);
  for (const name of seen) for (const next of edge(files.get(name))) seen.add(next);
  return seen;
}
const fmt = (n) => `${(n / KB).toFixed(1)} KB`;
/** A lazy chunk's name: the module it stands for, shortened (pulse-poll/nl, survey-results). */
const lazyName = (name) =>
  (files.get(name).source ?? name)
    .replace(/^src\/(components|core)\//, '')
    .replace(/\/i18n\//, '/')
    .replace(/\.ts$/, '');

let over = false;
console.log(`${'page'.padEnd(40)} requests   up front (min / min+gzip)   ceiling        lazy (min+gzip each)`);
for (const page of pages) {
  const upFront = closure(page.load, (f) => f.imports);
  const lazy = [...closure(page.load, (f) => [...f.imports, ...f.dynamicImports])].filter((n) => !upFront.has(n));
  const total = [...upFront].reduce((sum, n) => sum + gz(n), 0);
  const totalMin = [...upFront].reduce((sum, n) => sum + min(n), 0);
  const ok = page.ceiling === null || total <= page.ceiling;
  if (!ok) over = true;
  const ceiling = page.ceiling === null ? '-' : `${fmt(page.ceiling)} ${ok ? 'ok' : 'OVER'}`;
  const lazyText = lazy.map((n) => `${lazyName(n)} ${fmt(gz(n))}`).join(', ') || '-';
  console.log(
    `${page.name.padEnd(40)} ${String(upFront.size).padStart(8)}   ${fmt(totalMin).padStart(9)} / ${fmt(total).padStart(8)}     ${ceiling.padEnd(13)}  ${lazyText}`,
  );
}
if (over) {
  console.error('size: a page is over its ceiling');
  process.exit(1);
}
