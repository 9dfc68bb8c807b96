// The reference server as people install it: `npm pack` of the pulsekit-server workspace, installed
// from the tarball into an empty folder, started with `npx pulsekit-server`, and used over HTTP
// (health, a dev token, a vote, the events, the demo page and its CDN bundle); then stopped with
// SIGTERM. Also: the widget package does not drag the server's dependencies along.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const root = JSON.parse(readFileSync('package.json', 'utf8'));
const server = JSON.parse(readFileSync('server/package.json', 'utf8'));

test('the widget package does not depend on the server or ship it; the server package has its own dependencies', () => {
  for (const dep of Object.keys(server.dependencies))
    assert.equal(root.dependencies[dep], undefined, `${dep} is not a dependency of pulsekit`);
  assert.ok(!root.files.some((f) => f.startsWith('server')), 'pulsekit does not ship server/');
  assert.deepEqual(root.workspaces, ['server']);
  assert.equal(server.bin['pulsekit-server'], './dist/server/main.js');
});

test('npm pack → npm install in an empty folder → npx pulsekit-server answers over HTTP', { timeout: 300_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'pk-server-pkg-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  execFileSync(npm, ['pack', '-w', 'pulsekit-server', '--pack-destination', work], { stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'a tarball');
  const listing = execFileSync('tar', ['tzf', join(work, tarball)], { encoding: 'utf8' }).split('\n');
  for (const f of [
    'package/dist/server/main.js',
    'package/dist/server/index.js',
    'package/dist/server/index.d.ts',
    'package/dist/server/public/index.html',
    'package/dist/cdn/pulsekit.js',
    'package/README.md',
    'package/Dockerfile',
    'package/docker-compose.yml',
  ]) {
    assert.ok(listing.includes(f), `the package holds ${f}`);
  }
  assert.ok(!listing.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources');
  assert.ok(!listing.some((f) => /(^|\/)test\/|\.test\./.test(f)), 'no tests');

  const app = join(work, 'app');
  mkdirSync(app);
  execFileSync(npm, ['install', '--no-audit', '--no-fund', join(work, tarball)], { cwd: app, stdio: 'pipe' });
  for (const widgetDep of ['lit', 'vite', '@electric-sql/pglite'])
    assert.ok(!existsSync(join(app, 'node_modules', widgetDep)), `${widgetDep} is not installed`);

  const help = execFileSync(npx, ['pulsekit-server', '--help'], { cwd: app, encoding: 'utf8' });
  assert.match(help, /Usage: pulsekit-server/);
  assert.match(help, /DATABASE_URL=postgres:/);
  assert.match(help, /REDIS_URL=redis:/);

  // In a process group of its own, as in a terminal: npx does not pass signals on to the server,
  // the terminal (or systemd, or docker stop) signals the whole group.
  const child = spawn(npx, ['pulsekit-server'], {
    cwd: app,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PULSEKIT_DATA_DIR: join(work, 'data'),
      PULSEKIT_SECRET: '',
      PULSEKIT_DEV: '',
      npm_config_yes: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  t.after(() => signalGroup('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  // Closed once every process holding the pipe (npx, the server) has exited.
  const gone = new Promise((resolve) => child.stdout.once('close', resolve));
  let err = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s: ${err}`)), 60_000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /Pulsekit server: (http:\/\/\S+?)\/? /.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}): ${err}`)));
  });

  const health = await (await fetch(`${url}/v1/health`)).json();
  assert.equal(health.ok, true);
  assert.equal(health.storage, 'sqlite');
  const { token } = await (
    await fetch(`${url}/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: 'pkg', role: 'participant', participantId: 'ann' }),
    })
  ).json();
  const vote = {
    opId: 'pkg-vote-1',
    clientId: 'ann',
    topic: 'poll:pkg',
    type: 'vote',
    data: { round: 1, choices: ['yes'], kind: 'single', anonymous: true },
    createdAt: Date.now(),
  };
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { acks } = await (
    await fetch(`${url}/v1/rooms/pkg/ops`, { method: 'POST', headers: auth, body: JSON.stringify({ ops: [vote] }) })
  ).json();
  assert.deepEqual([acks[0].status, acks[0].seq], ['applied', 1]);
  const page = await (await fetch(`${url}/v1/rooms/pkg/topics/poll:pkg/events?since=0`, { headers: auth })).json();
  assert.deepEqual(
    page.events.map((e) => e.opId),
    ['pkg-vote-1'],
  );
  const demo = await fetch(`${url}/`);
  assert.equal(demo.status, 200);
  assert.match(await demo.text(), /\/cdn\/pulsekit\.js/);
  const bundle = await fetch(`${url}/cdn/pulsekit.js`);
  assert.equal(bundle.status, 200, 'the demo page finds the CDN bundle inside the package');
  await bundle.arrayBuffer();

  signalGroup('SIGTERM');
  await gone;
  assert.match(out, /"event":"server.closed"/, 'a graceful stop');
});
