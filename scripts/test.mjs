// `npm test`: the whole suite, set-up included. Installs Chromium when it can, type-checks, runs the
// Node checks (build, manifest freshness, stories build) and the browser tests in real Chromium,
// then prints one closing line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

// Node 20's test runner does not pick up .ts files from a folder: list them.
const globTests = (dir) => readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`);

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

console.log('\n== type check');
const tsc = run('npx', ['tsc', '-p', 'tsconfig.test.json']);
if (tsc.code === 0) passed++;
else failed++;

console.log('\n== node checks');
const node = run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', 'test/node/']);
const np = /ℹ pass (\d+)/.exec(node.out);
const nf = /ℹ fail (\d+)/.exec(node.out);
passed += np ? Number(np[1]) : 0;
failed += nf ? Number(nf[1]) : node.code === 0 ? 0 : 1;

console.log('\n== reference server (real sockets, real PGlite)');
const server = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...globTests('test/server')]);
const sp = /ℹ pass (\d+)/.exec(server.out);
const sf = /ℹ fail (\d+)/.exec(server.out);
passed += sp ? Number(sp[1]) : 0;
failed += sf ? Number(sf[1]) : server.code === 0 ? 0 : 1;

console.log('\n== end to end (server child process + separate Chromium contexts)');
const e2e = run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', 'test/e2e/']);
const ep = /ℹ pass (\d+)/.exec(e2e.out);
const ef = /ℹ fail (\d+)/.exec(e2e.out);
passed += ep ? Number(ep[1]) : 0;
failed += ef ? Number(ef[1]) : e2e.code === 0 ? 0 : 1;

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
