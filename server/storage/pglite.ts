/**
 * The embedded default storage: PGlite (PostgreSQL compiled to WebAssembly) persisting in a
 * directory. No database to install. A commit returns after PostgreSQL wrote its WAL through the
 * file system, so an acknowledged event survives the server process being killed. PGlite runs with
 * `fsync=off`: it does not survive a power loss or kernel crash; use PostgreSQL for that.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './lock.js';
import { SqlStorage, type SqlDriver } from './sql.js';

class PGliteDriver implements SqlDriver {
  constructor(private readonly pg: PGlite, private readonly release: () => void) {}

  async query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }> {
    return this.pg.query<R>(text, params);
  }

  transaction<T>(fn: (q: SqlDriver['query']) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => fn(<R>(text: string, params?: unknown[]) => tx.query<R>(text, params)));
  }

  async close(): Promise<void> {
    try {
      if (!this.pg.closed) await this.pg.close();
    } finally {
      this.release();
    }
  }
}

/** Opens (creating when needed) the PGlite database in `<dataDir>/pglite` and migrates it. */
export async function openPGliteStorage(dataDir: string): Promise<SqlStorage> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  let pg: PGlite | undefined;
  try {
    pg = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
    const storage = new SqlStorage(new PGliteDriver(pg, release));
    await storage.migrate();
    return storage;
  } catch (err) {
    await pg?.close().catch(() => {});
    release();
    throw err;
  }
}
