// The CDN bundle, shared by `npm run build` and `npm run size` so the size report measures exactly
// what the CDN serves: whitespace runs inside our Lit templates (html``, css``, svg``, which no JS
// minifier touches) are collapsed in the sources as esbuild loads them, esbuild bundles and minifies,
// and terser makes a second, deeper pass (about 3-4 % less gzip than esbuild alone: it inlines and
// folds across functions, which esbuild's single pass does not).
import { build, transformSync } from 'esbuild';
import { minify } from 'terser';
import ts from 'typescript';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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

/** esbuild plugin: our TypeScript sources with their Lit templates collapsed. */
const collapsePlugin = {
  name: 'collapse-lit-templates',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => ({ contents: collapseLitTemplates(readFileSync(args.path, 'utf8'), args.path), loader: 'ts' }));
  },
};

/** Terser over esbuild's output: ES modules (exports keep their names), safe transforms only. */
async function deepMinify(code) {
  const out = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  return out.code;
}

/** Bundles `entryPoints` ({name: file}) into `outdir`; returns the output files (path, contents, imports). */
export async function cdnBundle({ entryPoints, outdir, external = [], write = true }) {
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    outdir,
    metafile: true,
    write: false,
    logLevel: 'error',
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    external,
    tsconfig: 'tsconfig.json',
    plugins: [collapsePlugin],
  });
  const files = await Promise.all(
    result.outputFiles
      .filter((f) => f.path.endsWith('.js'))
      .map(async (f) => ({ path: f.path, code: await deepMinify(f.text) })),
  );
  if (write) {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.code);
    }
  }
  return { files, metafile: result.metafile };
}
