// `npm test`: the whole suite, set-up included. Installs Chromium, PostgreSQL and Redis when it can,
// type-checks, lints (formatting included), runs the Node checks (build, manifest freshness, stories build, the server package),
// the server tests (which start their own PostgreSQL and Redis on loopback) and the browser tests in
// real Chromium, then prints one closing line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

// Node 20's test runner does not pick up .ts files from a folder: list them.
const globTests = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`);

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}\n${r.stderr ?? ''}` };
};

let passed = 0;
let failed = 0;

// A fresh clone has no node_modules: install exactly what the lockfile says (then fall back to a
// plain install, which also repairs a lockfile made on another platform).
if (!existsSync('node_modules/.bin/web-test-runner')) {
  console.log('pulsekit: installing dependencies (npm ci)...');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (ci.status !== 0 && spawnSync('npm', ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) {
    console.error('pulsekit: npm could not install the dependencies.');
    process.exit(1);
  }
}

const chromium = run('node', ['scripts/ensure-chromium.mjs']);
if (chromium.code !== 0) process.exit(1);
const services = run('node', ['scripts/ensure-services.mjs']);
if (services.code !== 0) process.exit(1);

console.log('\n== type check');
const tsc = run('npx', ['tsc', '-p', 'tsconfig.test.json']);
if (tsc.code === 0) passed++;
else failed++;

console.log('\n== lint (Prettier, ESLint, lit-analyzer)');
const lint = run('npm', ['run', '--silent', 'lint']);
if (lint.code === 0) passed++;
else failed++;

/** Runs one `node --test` stage and adds its counts (a crash with no counts is one failure). */
const nodeStage = (title, args) => {
  console.log(`\n== ${title}`);
  const r = run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', ...args]);
  const p = /ℹ pass (\d+)/.exec(r.out);
  const f = /ℹ fail (\d+)/.exec(r.out);
  passed += p ? Number(p[1]) : 0;
  failed += f ? Number(f[1]) : r.code === 0 ? 0 : 1;
};

nodeStage('node checks', ['test/node/']);
nodeStage('reference server (real sockets; SQLite, PostgreSQL and Redis started on loopback)', [
  '--import',
  'tsx',
  ...globTests('test/server'),
]);
nodeStage('end to end (server child process + separate Chromium contexts)', ['test/e2e/']);
// The project as users meet it: built CDN files in static pages, the packed tarball in framework apps.
nodeStage('outside in (static pages on the built CDN files, packed tarball in apps)', ['test/outside-in/']);

console.log('\n== browser tests (Chromium)');
const wtr = run('npx', ['web-test-runner'], { FORCE_COLOR: '0' });
const m = /browser: (\d+) passed, (\d+) failed/.exec(wtr.out);
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}
if (!m || (wtr.code !== 0 && Number(m?.[2] ?? 0) === 0)) failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
