// The CDN build, shared by `npm run build` and `npm run size` so the size report measures exactly
// the files the CDN serves. Whitespace runs inside our Lit templates (html``, css``, svg``, which no
// JS minifier touches) are collapsed in the sources as they load, Rolldown bundles and minifies, and
// terser makes a second, deeper pass (about 3-4 % less gzip than one pass: it inlines and folds
// across functions).
//
// What a page loads up front is decided here (docs/decisions.md §12): every CDN entry is ONE
// self-contained file (pulsekit.js with every element, a per-widget file with its widget and
// <pk-session>, network.js), and only what loads on demand (other languages, facilitator-only
// views, the virtualizer) is split into lazy chunks. Copies of one version on a page find each other
// through page-wide singletons (src/core/protocol/page-singleton.ts), so files combine in any order.
import { transformSync } from 'esbuild';
import { rolldown } from 'rolldown';
import { minify } from 'terser';
import ts from 'typescript';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIT_TAGS = new Set(['html', 'css', 'svg']);

/**
 * Collapses newline+indent runs to one space in the literal text of Lit templates (tag html, css or
 * svg) of one TypeScript source; everything else, including other template literals such as
 * `a\nb` or CSV line ends, stays byte for byte. In HTML and CSS a whitespace run means the same as
 * one space (no <pre> or white-space: pre content lives in our templates: user text arrives through
 * bindings, untouched). Only the whole-output regex this replaces was wrong: minifiers write '\n'
 * strings as template literals holding a real newline, which it turned into spaces.
 */
export function collapseLitTemplates(source, fileName = 'x.ts') {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const cuts = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && LIT_TAGS.has(node.tag.text)) {
      const t = node.template;
      if (node.tag.text === 'css' && ts.isNoSubstitutionTemplateLiteral(t)) {
        // A whole stylesheet: minify it as CSS (about 0.5 KB gzip less over our styles than collapsing).
        cuts.push([t.getStart(sf) + 1, t.getEnd() - 1, minifyCss(t.text, fileName)]);
        return;
      }
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((span) => span.literal)];
      for (const part of parts) {
        // The literal's text between its delimiters (` or } at the start, ` or ${ at the end).
        const start = part.getStart(sf) + 1;
        const end = part.getEnd() - (part.kind === ts.SyntaxKind.TemplateHead || part.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1);
        cuts.push([start, end]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = '';
  let at = 0;
  for (const [start, end, replacement] of cuts.sort((a, b) => a[0] - b[0])) {
    out += source.slice(at, start) + (replacement ?? source.slice(start, end).replace(/\n[ \t\n]*/g, ' '));
    at = end;
  }
  return out + source.slice(at);
}

/**
 * A css`` stylesheet without bindings, minified by esbuild's CSS minifier and written back as
 * template-literal text (the tag reads the cooked string, so `\`, backticks and `${` are escaped).
 * esbuild's default target leaves modern syntax (light-dark(), :host(), ::part) as written.
 */
function minifyCss(cssText, fileName) {
  const { code } = transformSync(cssText, { loader: 'css', minify: true, sourcefile: fileName });
  return code.trim().replace(/[\\`]|\$\{/g, (m) => `\\${m}`);
}

/** Rolldown plugin: our TypeScript sources with their Lit templates collapsed. */
const collapsePlugin = {
  name: 'collapse-lit-templates',
  load(id) {
    if (!/[\\/](src|bench)[\\/].*\.ts$/.test(id)) return null;
    return { code: collapseLitTemplates(readFileSync(id, 'utf8'), id), moduleType: 'ts' };
  },
};

/** Terser over Rolldown's output: ES modules (exports keep their names), safe transforms only. */
async function deepMinify(code) {
  const out = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  return out.code;
}

/**
 * One entry bundled for the browser, self-contained but for its lazy chunks. Returns the output
 * files: fileName, minified code, and the files each imports statically (`imports`) and on demand
 * (`dynamicImports`).
 */
async function bundle(name, file) {
  const build = await rolldown({
    input: { [name]: file },
    platform: 'browser',
    tsconfig: 'tsconfig.json',
    plugins: [collapsePlugin],
    // Lets the bundler give an entry (pulsekit.js exports the whole API) more exports, so code it
    // shares with its own lazy chunks stays in it instead of in extra chunks loaded up front.
    preserveEntrySignatures: 'allow-extension',
    checks: { pluginTimings: false },
    logLevel: 'warn',
  });
  const { output } = await build.generate({
    format: 'es',
    minify: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    comments: { legal: false },
  });
  await build.close();
  return Promise.all(
    output
      .filter((c) => c.type === 'chunk')
      .map(async (c) => ({
        fileName: c.fileName,
        code: await deepMinify(c.code),
        imports: c.imports,
        dynamicImports: c.dynamicImports,
        isEntry: c.isEntry,
        // The module a lazy chunk stands for (src/components/pulse-poll/i18n/nl.ts), for reports.
        source: c.facadeModuleId ? relative(process.cwd(), c.facadeModuleId) : null,
      })),
  );
}

/** The CDN entries a page can load, by output name (`pulse-poll` → dist/cdn/pulse-poll.js). */
export const CDN_ENTRIES = {
  // Every element in one file, for pages that use several widgets.
  pulsekit: 'src/cdn/pulsekit.ts',
  // One widget and <pk-session>, for a page with one widget; session.js is the provider alone.
  'pulse-poll': 'src/components/pulse-poll/define.ts',
  'engagement-meter': 'src/components/engagement-meter/define.ts',
  'session-survey': 'src/components/session-survey/define.ts',
  'discussion-thread': 'src/components/discussion-thread/define.ts',
  session: 'src/components/session/define.ts',
  // The staff-only session report with the four models it reads: never inside pulsekit.js, so
  // participants' pages do not download it.
  'session-report': 'src/components/session-report/define.ts',
  // The staff-only producer console (help queue, people present): never inside pulsekit.js either.
  'producer-console': 'src/components/producer-console/define.ts',
  // The participant's tech-help button: its own file, added to a page beside its widgets. Not in
  // pulsekit.js, whose four widgets' pages would otherwise all pay for it (and grow past their ceiling).
  'help-button': 'src/components/help-button/define.ts',
  // <pk-notices>, for hosts that place the room's notices themselves and for staff who post them.
  // Not in pulsekit.js: every widget shows the notices at its top without it.
  notices: 'src/components/notices/define.ts',
  // Network transports (HTTP+SSE, WebSocket): separate, so local-only pages never load them.
  network: 'src/cdn/network.ts',
};

/**
 * Builds the CDN files into `outdir` (written unless `write` is false); `extra` adds entries that
 * are measured but not shipped (the size report's floor). Returns every output file.
 */
export async function cdnBundle({ outdir, write = true, extra = {} }) {
  const runs = await Promise.all(Object.entries({ ...CDN_ENTRIES, ...extra }).map(([name, file]) => bundle(name, file)));
  // A lazy chunk two entries share (a language catalog) is the same file in both runs: keep one.
  const byName = new Map(runs.flat().map((f) => [f.fileName, { ...f, path: resolve(join(outdir, f.fileName)) }]));
  const files = [...byName.values()];
  if (write) {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.code);
    }
  }
  return files;
}
