// Which embedded store? `npm run bench:store` (docs/decisions.md, 22). Each candidate runs in a
// fresh Node process: open a new database in a temp directory, create the events table, then open
// it again warm; RSS after open and when idle (after a GC), 300 group commits of 10 events (p50/p95).
// Then the reference server itself on the embedded store: time from spawn to listening, and its
// idle RSS. Prints figures; never fails.
//
// Candidates: libsql (the server's), PGlite as it ships and tuned (small buffers, V8's baseline
// WebAssembly compiler only), and better-sqlite3 when it can be loaded (BENCH_BETTER_SQLITE3=path
// to the package; it compiles from source where its prebuilt binaries cannot be downloaded).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// The probe, run in a child process per candidate: `node -e PROBE <kind> <dir>`.
const PROBE = `
const [kind, dir, modulePath] = process.argv.slice(1);
const { createRequire } = require('node:module');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const req = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const SCHEMA = 'CREATE TABLE IF NOT EXISTS pk_events (room TEXT NOT NULL, cursor BIGINT NOT NULL, topic TEXT NOT NULL, seq BIGINT NOT NULL, op_id TEXT NOT NULL, fp TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (room, cursor), UNIQUE (room, topic, seq), UNIQUE (room, op_id))';
(async () => {
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  let insert, close;
  if (kind.startsWith('pglite')) {
    const { PGlite } = await import(req.resolve('@electric-sql/pglite'));
    const tuned = kind === 'pglite-tuned' ? { postgresqlconf: ['shared_buffers = 8MB', 'work_mem = 1MB', 'maintenance_work_mem = 4MB', 'wal_buffers = 1MB', 'temp_buffers = 1MB'] } : {};
    const pg = await PGlite.create({ dataDir: join(dir, 'pglite'), ...tuned });
    await pg.exec(SCHEMA);
    insert = (rows) => pg.transaction(async (tx) => { for (const r of rows) await tx.query('INSERT INTO pk_events VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)', r); });
    close = () => pg.close();
  } else {
    const Database = req(modulePath || kind);
    const db = new Database(join(dir, 'pulsekit.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    const st = db.prepare('INSERT INTO pk_events VALUES (?,?,?,?,?,?,?,?,?,?)');
    const tx = db.transaction((rows) => { for (const r of rows) st.run(...r); });
    insert = async (rows) => tx(rows);
    close = async () => db.close();
  }
  const openMs = performance.now() - t0;
  const openRss = rss();
  const room = 'bench-' + process.pid;
  const actor = JSON.stringify({ id: 'p', name: 'p', role: 'participant' });
  const lat = [];
  let cursor = 0;
  for (let g = 0; g < 300; g++) {
    const rows = [];
    for (let i = 0; i < 10; i++) { cursor++; rows.push([room, cursor, 'poll:p', cursor, room + '-' + cursor, 'fp', 'vote', '{"round":1,"choices":["a"]}', Date.now(), actor]); }
    const s = performance.now();
    await insert(rows);
    lat.push(performance.now() - s);
  }
  lat.sort((a, b) => a - b);
  await new Promise((r) => setTimeout(r, 1000));
  global.gc?.();
  console.log(JSON.stringify({ openMs: Math.round(openMs), openRss, idleRss: rss(), p50: lat[150], p95: lat[285] }));
  await close();
})();
`;

function probe(kind, dir, nodeArgs = [], modulePath = '') {
  const r = spawnSync(process.execPath, ['--expose-gc', ...nodeArgs, '-e', PROBE, kind, dir, modulePath], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const line = (r.stdout ?? '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-1)[0] };
  }
}

const resolvable = (name) => {
  try {
    return spawnSync(process.execPath, ['-e', `require.resolve(${JSON.stringify(name)})`], { cwd: ROOT }).status === 0;
  } catch {
    return false;
  }
};

const candidates = [
  { name: 'SQLite via libsql (the server)', kind: 'libsql' },
  { name: 'PGlite as shipped', kind: 'pglite', needs: '@electric-sql/pglite' },
  { name: 'PGlite tuned (buffers, --liftoff-only)', kind: 'pglite-tuned', needs: '@electric-sql/pglite', nodeArgs: ['--liftoff-only'] },
];
if (process.env.BENCH_BETTER_SQLITE3)
  candidates.push({ name: 'SQLite via better-sqlite3', kind: 'better-sqlite3', path: process.env.BENCH_BETTER_SQLITE3 });

const fmt = (r, key, unit) =>
  r[key] === undefined ? 'n/a' : `${typeof r[key] === 'number' && !Number.isInteger(r[key]) ? r[key].toFixed(2) : r[key]} ${unit}`;
console.log('Embedded store candidates (a fresh process each; cold = new database, warm = opened again):');
for (const c of candidates) {
  if (c.needs && !resolvable(c.needs)) {
    console.log(`  ${c.name}: not installed`);
    continue;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pk-store-'));
  for (const phase of ['cold', 'warm']) {
    const r = probe(c.kind, dir, c.nodeArgs, c.path);
    if (r.error) console.log(`  ${c.name} (${phase}): failed: ${r.error}`);
    else
      console.log(
        `  ${c.name} (${phase}): open ${fmt(r, 'openMs', 'ms')}, RSS after open ${fmt(r, 'openRss', 'MiB')}, idle ${fmt(r, 'idleRss', 'MiB')}, commit of 10 events p50 ${fmt(r, 'p50', 'ms')} p95 ${fmt(r, 'p95', 'ms')}`,
      );
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the server, returns ms to "listening" and RSS (MiB) after 3 s idle. */
async function serverFigures(args, label) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pk-store-server-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PULSEKIT_DATA_DIR: dataDir, PULSEKIT_DEV: '1', PULSEKIT_SECRET: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const startMs = await new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error('no start within 60 s')), 60_000);
      child.stderr.on('data', (d) => {
        err += d;
        if (/Pulsekit server: http/.test(err)) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    await new Promise((r) => setTimeout(r, 3000));
    const status = spawnSync('cat', [`/proc/${child.pid}/status`], { encoding: 'utf8' }).stdout;
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    console.log(
      `  ${label}: listening ${Math.round(startMs)} ms after spawn, idle RSS ${(kb('VmRSS') / 1024).toFixed(0)} MiB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MiB)`,
    );
  } catch (e) {
    console.log(`  ${label}: failed: ${e.message}`);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log('\nThe reference server on the embedded store (fresh data directory):');
const built = join(ROOT, 'server', 'dist', 'server', 'main.js');
if (existsSync(built)) await serverFigures([built], 'as installed (server/dist, npm run build:server)');
else console.log('  as installed: not built (npm run build:server)');
await serverFigures(['--import', 'tsx', 'server/main.ts'], 'from source (tsx server/main.ts, npm run server)');
