// The CDN bundle, shared by `npm run build` and `npm run size` so the size report measures exactly
// what the CDN serves: esbuild bundles and minifies, then whitespace runs left inside template
// literals (Lit's html`` and css``, which no JS minifier touches) are collapsed, and terser makes a
// second, deeper pass (about 3-4 % less gzip than esbuild alone: it inlines and folds across
// functions, which esbuild's single pass does not).
import { build } from 'esbuild';
import { minify } from 'terser';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Collapses newline+indent runs to one space. After minification, raw newlines only remain inside
 * template literals; in HTML and CSS a run of whitespace means the same as one space. (No <pre> or
 * white-space: pre content lives in our templates: user text arrives through bindings, untouched.)
 */
export const collapseTemplateWhitespace = (code) => code.replace(/\n[ \t\n]*/g, ' ');

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
  });
  const files = await Promise.all(
    result.outputFiles
      .filter((f) => f.path.endsWith('.js'))
      .map(async (f) => ({ path: f.path, code: await deepMinify(collapseTemplateWhitespace(f.text)) })),
  );
  if (write) {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.code);
    }
  }
  return { files, metafile: result.metafile };
}
