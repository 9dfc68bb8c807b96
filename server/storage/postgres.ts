/**
 * PostgreSQL through `pg` (node-postgres) with a connection pool: `DATABASE_URL=postgres://…`.
 * Commits are as durable as the server is configured (fsync on by default: they survive a power
 * loss too). Any number of server processes may share one database (storage/sql.ts, `write`).
 */
import pg from 'pg';
import type { Logger } from '../log.js';
import { SqlStorage, type SqlDriver } from './sql.js';

export interface PostgresOptions {
  /** Most connections this process opens. Default 10. `PULSEKIT_DB_POOL`. */
  poolSize?: number;
  log?: Logger;
}

class PoolDriver implements SqlDriver {
  constructor(private readonly pool: pg.Pool) {}

  async query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }> {
    const { rows } = await this.pool.query(text, params);
    return { rows: rows as R[] };
  }

  async transaction<T>(fn: (q: SqlDriver['query']) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(async <R>(text: string, params?: unknown[]) => ({ rows: (await client.query(text, params)).rows as R[] }));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool must not hand it out again.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects to `url`, applies pending migrations and returns the storage. */
export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<SqlStorage> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle connection that breaks (the database restarted) must not crash the process; the next
  // query gets a new one.
  pool.on('error', (err) => options.log?.warn('storage.connection_lost', { err }));
  const storage = new SqlStorage(new PoolDriver(pool));
  try {
    const applied = await storage.migrate();
    if (applied.length > 0) options.log?.info('storage.migrated', { kind: 'postgres', versions: applied });
    return storage;
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
