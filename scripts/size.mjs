// Prints min+gzip sizes of what a page downloads, measured on the real CDN bundle (esbuild minify +
// Lit-template whitespace collapse and terser, see cdn-bundle.mjs) and gzip -9. Exits non-zero past a budget.
//   up front:     the entry plus every chunk it imports statically (what a page pays at once).
//   lazy:         chunks loaded on demand (locale catalogs, facilitator-only controls), each.
//   lit external: what the entry adds on top of an app that already ships lit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cdnBundle } from './cdn-bundle.mjs';

const KB = 1024;
const entries = [
  { name: 'cdn: pulsekit.js (every element)', file: 'src/cdn/pulsekit.ts', budget: null },
  { name: 'pulse-poll (lit + core + poll)', file: 'src/components/pulse-poll/define.ts', budget: 20 * KB },
  { name: 'session', file: 'src/components/session/define.ts', budget: null },
  { name: 'engagement-meter', file: 'src/components/engagement-meter/define.ts', budget: null },
  { name: 'session-survey (lit + core + survey)', file: 'src/components/session-survey/define.ts', budget: 25 * KB },
  { name: 'discussion-thread', file: 'src/components/discussion-thread/define.ts', budget: null },
  // Not shipped: an empty widget on the whole core (bench/core-floor.ts), the part of every budgeted
  // entry that is not the widget's own code.
  { name: 'floor (lit + core, empty widget)', file: 'bench/core-floor.ts', budget: null },
];

/** A lazy chunk's name: its source's folder and file (`pulse-poll/nl`), else esbuild's chunk name. */
function chunkName(output, key) {
  const src = output.entryPoint;
  if (!src) return key.split('/').pop().replace(/-[A-Z0-9]+\.js$/i, '');
  const parts = src.replace(/\.ts$/, '').split('/').filter((p) => !['src', 'components', 'core', 'i18n'].includes(p));
  return (parts.length === 1 ? ['core', ...parts] : parts.slice(-2)).join('/');
}

async function measure(file, external) {
  const outdir = mkdtempSync(join(tmpdir(), 'pk-size-'));
  try {
    const { files, metafile } = await cdnBundle({ entryPoints: { entry: file }, outdir, external, write: false });
    const byRel = new Map(files.map((f) => [relative(process.cwd(), f.path), f]));
    const outputs = metafile.outputs;
    // Dynamic-import chunks carry an entryPoint too: pick the output of the entry we asked for.
    const entryKey = Object.keys(outputs).find((k) => outputs[k].entryPoint === file);
    const upFront = new Set();
    const walk = (k) => {
      if (upFront.has(k)) return;
      upFront.add(k);
      for (const imp of outputs[k].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) walk(imp.path);
    };
    walk(entryKey);
    const gz = (k) => gzipSync(byRel.get(k).code, { level: 9 }).length;
    const min = (k) => Buffer.byteLength(byRel.get(k).code);
    let total = 0;
    let totalMin = 0;
    for (const k of upFront) {
      total += gz(k);
      totalMin += min(k);
    }
    const lazy = Object.keys(outputs)
      .filter((k) => k.endsWith('.js') && !upFront.has(k))
      .map((k) => ({ name: chunkName(outputs[k], k), gz: gz(k) }));
    return { min: totalMin, gz: total, lazy };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const fmt = (n) => `${(n / KB).toFixed(1)} KB`;
let over = false;
console.log('entry                               up front (min / min+gzip)   lit external   budget        lazy chunks (min+gzip)');
for (const e of entries) {
  const self = await measure(e.file, []);
  const ext = await measure(e.file, ['lit', 'lit/*', '@lit/*']);
  const ok = e.budget === null || self.gz <= e.budget;
  if (!ok) over = true;
  const budget = e.budget === null ? '-' : `${fmt(e.budget)} ${ok ? 'ok' : 'OVER'}`;
  const lazy = self.lazy.map((l) => `${l.name} ${fmt(l.gz)}`).join(', ') || '-';
  console.log(`${e.name.padEnd(35)} ${fmt(self.min).padStart(9)} / ${fmt(self.gz).padStart(8)}   ${fmt(ext.gz).padStart(12)}   ${budget.padEnd(12)}  ${lazy}`);
}
if (over) {
  console.error('size: over budget');
  process.exit(1);
}
