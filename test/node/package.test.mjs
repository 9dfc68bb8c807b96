// The published shape: build output, exports map, version and side-effect declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('VERSION in the code matches package.json (define() version checks rely on it)', () => {
  const src = readFileSync('src/core/protocol/version.ts', 'utf8');
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
  for (const page of ['one poll', 'one survey', 'one meter', 'one thread', 'all four', 'floor'])
    assert.match(out, new RegExp(`${page} .* \\d+ +\\d+\\.\\d KB / +\\d+\\.\\d KB`), `a row for ${page}`);
  // The figure is the real file's: dist/cdn/pulse-poll.js as `npm run build` wrote it (test above).
  const poll = /one poll \(pulse-poll\.js\) +(\d+) +[\d.]+ KB \/ +([\d.]+) KB/.exec(out);
  assert.equal(poll[1], '1', 'a page with one poll loads one file up front');
  const built = gzipSync(readFileSync('dist/cdn/pulse-poll.js'), { level: 9 }).length / 1024;
  assert.equal(poll[2], built.toFixed(1));
});

/** What `npm pack` would put in the tarball (after the build above): paths, sizes. */
function packList() {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
  return info;
}

test('npm pack ships the build, sources, docs, manifest, editor data and licence, and nothing built for Storybook or tests', (t) => {
  // A Storybook build left in dist/ by an older `npm run build-storybook` must stay out too.
  mkdirSync('dist/storybook', { recursive: true });
  writeFileSync('dist/storybook/index.html', '<!doctype html>');
  let info;
  try {
    info = packList();
  } finally {
    rmSync('dist/storybook', { recursive: true, force: true });
  }
  const paths = info.files.map((f) => f.path);
  t.diagnostic(
    `tarball: ${paths.length} files, ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked`,
  );
  for (const p of [
    'LICENSE',
    'README.md',
    'package.json',
    'custom-elements.json',
    'web-types.json',
    'vscode.html-custom-data.json',
    'dist/index.js',
    'dist/react/index.js',
    'dist/vue/index.d.ts',
    'dist/tag-name-map.d.ts',
    'dist/cdn/pulsekit.js',
    'docs/frameworks.md',
  ]) {
    assert.ok(paths.includes(p), `${p} is in the tarball`);
  }
  const allowed =
    /^(dist\/|src\/|docs\/|LICENSE$|README\.md$|package\.json$|custom-elements\.json$|web-types\.json$|vscode\.html-custom-data\.json$)/;
  for (const p of paths) {
    assert.match(p, allowed, `${p} belongs in the package`);
    assert.doesNotMatch(
      p,
      /storybook|\.stories\.|(^|\/)tests?\/|\.test\.|\.cache\/|node_modules|\.tgz$/,
      `${p} is not built for Storybook or tests`,
    );
  }
  assert.doesNotMatch(pkg.scripts['build-storybook'], /-o dist\b/, 'Storybook builds outside dist/');
});

test('package.json says under which licence, where the code lives and where the exports and editor data are', () => {
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync('LICENSE', 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} /);
  const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.match(repo, /^https:\/\/\S+\/\S+$/);
  assert.ok(pkg.homepage.startsWith(repo), 'homepage is the repository');
  assert.ok(pkg.bugs.url.startsWith(repo), 'bugs go to the repository');
  const paths = new Set(packList().files.map((f) => f.path));
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.includes('*')) continue;
    for (const f of typeof target === 'string' ? [target] : Object.values(target))
      assert.ok(paths.has(f.replace(/^\.\//, '')), `export ${key} -> ${f} is in the tarball`);
  }
  assert.ok(paths.has(pkg['web-types'].replace(/^\.\//, '')), 'the web-types field points at a shipped file');
  assert.ok(paths.has(pkg.customElements), 'the customElements field points at a shipped file');
  for (const peer of ['react', '@lit/react', 'vue'])
    assert.equal(pkg.peerDependenciesMeta[peer]?.optional, true, `${peer} is an optional peer: only its framework's users need it`);
});

test('vite.config.ts names the script that really serves the Vite demo', () => {
  // vite.config.ts said "`npm start` serves the demo" long after `npm start` became the reference
  // server: the config's comment must name the script that runs Vite with it.
  const viteScripts = Object.entries(pkg.scripts)
    .filter(([, cmd]) => /^vite\b/.test(cmd))
    .map(([name]) => name);
  assert.ok(viteScripts.length > 0, 'a script runs Vite');
  const comment = readFileSync('vite.config.ts', 'utf8').match(/\/\*\*[\s\S]*?\*\//)?.[0] ?? '';
  const named = [...comment.matchAll(/`npm (?:run )?([\w:-]+)`/g)].map((m) => m[1]);
  const serves = named.filter((n) => new RegExp(`npm (?:run )?${n}\` serves`).test(comment));
  assert.ok(serves.length > 0, `the comment says which script serves the demo: ${comment}`);
  for (const n of serves) assert.ok(viteScripts.includes(n), `\`npm ${n}\` is said to serve the Vite demo, but it runs: ${pkg.scripts[n]}`);
});
