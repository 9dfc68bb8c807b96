// The published shape: build output, exports map, version and side-effect declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('VERSION in the code matches package.json (define() version checks rely on it)', () => {
  const src = readFileSync('src/core/version.ts', 'utf8');
  assert.match(src, new RegExp(`VERSION = '${pkg.version.replace(/\./g, '\\.')}'`));
});

test('npm run build writes every exported file and the self-contained CDN module', () => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'pipe' });
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.includes('*')) continue;
    const files = typeof target === 'string' ? [target] : Object.values(target);
    for (const f of files) assert.ok(existsSync(f), `${key} -> ${f} exists`);
  }
  const cdn = readFileSync('dist/cdn/pulsekit.js', 'utf8');
  assert.doesNotMatch(cdn, /from\s*["']lit/, 'the CDN module bundles lit (no bare imports)');
  const npmEntry = readFileSync('dist/components/pulse-poll/pk-pulse-poll.js', 'utf8');
  assert.match(npmEntry, /from ['"]lit['"]/, 'the npm build keeps lit as a bare import');
});

test('only define files are declared as having side effects', () => {
  for (const p of pkg.sideEffects) assert.match(p, /define|cdn/);
  const cls = readFileSync('src/components/pulse-poll/pk-pulse-poll.ts', 'utf8');
  assert.doesNotMatch(cls, /customElements\.define/, 'class modules do not register themselves');
});

// The budget itself is checked by `npm run size` (it exits non-zero past it), not by the test suite:
// a size figure is a measurement to read, and the guide keeps measurements out of pass/fail tests.
test('npm run size measures the files a page downloads: the built CDN files, after gzip', () => {
  let out;
  try {
    out = execFileSync('node', ['scripts/size.mjs'], { encoding: 'utf8' });
  } catch (err) {
    out = String(err.stdout ?? '');
  }
  for (const page of ['one poll', 'one survey', 'one meter', 'one thread', 'all four', 'floor']) assert.match(out, new RegExp(`${page} .* \\d+ +\\d+\\.\\d KB / +\\d+\\.\\d KB`), `a row for ${page}`);
  // The figure is the real file's: dist/cdn/pulse-poll.js as `npm run build` wrote it (test above).
  const poll = /one poll \(pulse-poll\.js\) +(\d+) +[\d.]+ KB \/ +([\d.]+) KB/.exec(out);
  assert.equal(poll[1], '1', 'a page with one poll loads one file up front');
  const built = gzipSync(readFileSync('dist/cdn/pulse-poll.js'), { level: 9 }).length / 1024;
  assert.equal(poll[2], built.toFixed(1));
});
