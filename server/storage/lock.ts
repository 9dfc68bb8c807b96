/**
 * One server per data directory: an embedded database opened twice gets corrupted. The lock is a
 * file holding the owner's pid; a lock left by a dead process (a SIGKILL) is taken over.
 */
import { openSync, readFileSync, unlinkSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `dir`; returns the release function. Throws when another live server holds it. */
export function lockDataDir(dir: string): () => void {
  const path = join(resolve(dir), 'pulsekit.lock');
  if (held.has(path)) throw new Error(`The data directory ${dir} is already open in this process.`);
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(`The data directory ${dir} is in use by process ${pid}. Stop it, or set PULSEKIT_DATA_DIR to another directory.`, {
        cause: err,
      });
    }
    writeFileSync(path, String(process.pid)); // stale lock of a dead process
  }
  held.add(path);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(path);
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      // already gone
    }
  };
}
