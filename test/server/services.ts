/// <reference types="node" />
/**
 * Real PostgreSQL and Redis for the server tests (Debian's packages, installed by
 * scripts/ensure-services.mjs when missing): each started on a free loopback port, in a temp
 * directory, and stopped by `stop()` (also when the test process exits). No Docker, no mocks.
 *
 * PostgreSQL refuses to run as root: as root, `initdb` and the server run as the `postgres` user
 * (`runuser`), on a data directory that user owns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ensureServices } from '../../scripts/ensure-services.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on loopback (released before use: good enough on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const stops = new Set<() => void>();
process.once('exit', () => {
  for (const s of stops) s();
});

/** Runs a PostgreSQL program as the user that owns the data directory. */
function asPostgres(bin: string, args: string[]): { cmd: string; args: string[] } {
  return isRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', bin, ...args] } : { cmd: bin, args };
}

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** A new, empty database on this server; returns its URL. */
  database(): Promise<string>;
  stop(): void;
}

/**
 * initdb + pg_ctl start on a free port. Durability settings are relaxed (fsync off): the tests kill
 * our server processes, never PostgreSQL itself, and a committed transaction survives those either way.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const { postgres: bin } = ensureServices();
  const dir = mkdtempSync(join(tmpdir(), 'pk-pg-'));
  chmodSync(dir, 0o755);
  if (isRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const run = (program: string, args: string[]) => {
    const c = asPostgres(join(bin, program), args);
    const r = spawnSync(c.cmd, c.args, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${program} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const opts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stops.delete(stop);
    const c = asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(c.cmd, c.args, { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  };
  stops.add(stop);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    url,
    port,
    async database() {
      const name = `pk_${process.pid}_${++n}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const out = spawnSync('id', [name], { encoding: 'utf8' }).stdout;
  const uid = /uid=(\d+)/.exec(out);
  const gid = /gid=(\d+)/.exec(out);
  if (!uid || !gid) throw new Error(`no user ${name}: install postgresql`);
  return { uid: Number(uid[1]), gid: Number(gid[1]) };
}

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: whatever it held is gone, like a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): void;
}

/** redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<TestRedis> {
  const { redis: bin } = ensureServices();
  const dir = mkdtempSync(join(tmpdir(), 'pk-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const launch = async () => {
    child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (err) {
        if (i > 100) throw new Error(`redis-server did not start on ${port}: ${(err as Error).message}`, { cause: err });
        await sleep(50);
      }
    }
    probe.disconnect();
  };
  const kill = async () => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await launch();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stops.delete(stop);
    (child as ChildProcess | null)?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  stops.add(stop);
  return { url, port, kill, restart: launch, stop };
}
