// Makes sure Debian's PostgreSQL and Redis servers are installed for the server tests (they start
// their own, on loopback, in temp directories: test/server/services.ts). Installs them with apt when
// we are root and apt exists (without starting the system's own services), otherwise stops with a
// message that says what to install. Run directly (`node scripts/ensure-services.mjs`) or imported.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bin directory of the newest installed PostgreSQL server, or null. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/** The redis-server binary, or null. */
export function redisServer() {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat('/usr/bin', '/usr/sbin')) {
    const p = join(dir, 'redis-server');
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** Installs what is missing (as root, with apt); returns `{ postgres, redis }` paths or throws with advice. */
export function ensureServices({ log = console.log } = {}) {
  const missing = [];
  if (!postgresBin()) missing.push('postgresql');
  if (!redisServer()) missing.push('redis-server');
  if (missing.length > 0) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !existsSync('/usr/bin/apt-get')) {
      throw new Error(
        `pulsekit: the server tests need ${missing.join(' and ')} (they start their own on loopback).\n` +
          `  Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}`,
      );
    }
    log(`pulsekit: installing Debian's ${missing.join(' and ')} with apt-get (one time)...`);
    // Keep the packages from starting the system's own services: the tests start theirs.
    const policy = '/usr/sbin/policy-rc.d';
    const ownPolicy = !existsSync(policy);
    if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    try {
      execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
    } finally {
      if (ownPolicy) rmSync(policy, { force: true });
    }
  }
  const postgres = postgresBin();
  const redis = redisServer();
  if (!postgres || !redis)
    throw new Error(`pulsekit: ${!postgres ? 'postgresql' : 'redis-server'} is still missing after apt-get install.`);
  return { postgres, redis };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureServices();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
