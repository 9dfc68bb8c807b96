/**
 * Opens the storage the settings ask for: PostgreSQL when there is a `DATABASE_URL`, else the
 * embedded SQLite store in the data directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { openPostgresStorage } from './postgres.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './types.js';

export interface StorageSettings {
  dataDir: string;
  databaseUrl?: string;
  poolSize?: number;
  log: Logger;
}

export async function openStorage(s: StorageSettings): Promise<Storage> {
  if (s.databaseUrl) return openPostgresStorage(s.databaseUrl, { poolSize: s.poolSize, log: s.log });
  if (existsSync(join(s.dataDir, 'pglite'))) {
    // Versions before 0.2 kept their data in PGlite (PostgreSQL in WebAssembly, ~700 MiB of RSS).
    s.log.warn('storage.old_pglite_data', {
      dir: join(s.dataDir, 'pglite'),
      note: 'this data directory holds a database of an earlier version (PGlite), which this version does not read; it starts a new SQLite database beside it',
    });
  }
  return openSqliteStorage(s.dataDir);
}
