/**
 * The central database behind one small interface: a PostgreSQL server through a pg Pool, or
 * PGlite (PostgreSQL compiled to WASM) on disk or in memory as the embedded default. Both speak
 * the same SQL, so everything above this file is written once.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DataDirInUseError, lockDataDir } from '../../platform/data-dir-lock.ts';
import { migrate } from './schema.ts';
import type { CentralDb, QueryOptions, SqlRunner } from './sql.ts';

export type { CentralDb, QueryOptions, SqlRunner };

export class CentralDbError extends Error {
  readonly code = 'CENTRAL_DB_UNAVAILABLE';
}

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** OIDs of the types both drivers are told to return as plain values: a day stays 'YYYY-MM-DD'. */
const INT8 = 20;
const DATE = 1082;
const asDay = (v: string): string => v;
/** Counts and epoch milliseconds fit a double; pg's default (a string) would leak into every caller. */
const asNumber = (v: string): number => Number(v);

/** pg's query config: a named statement is prepared once per connection and reused. */
const statement = (text: string, values: unknown[] | undefined, options: QueryOptions | undefined) =>
  options?.prepare ? { name: options.prepare, text, values } : { text, values };

function openPool(url: string): CentralDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE) return asDay;
        if (oid === INT8) return asNumber;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    kind: 'postgres',
    connectionString: url,
    async query<T extends object>(sql: string, params?: unknown[], options?: QueryOptions) {
      const result = await pool.query(statement(sql, params, options));
      return result.rows as T[];
    },
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn({
          async query<R extends object>(sql: string, params?: unknown[], options?: QueryOptions) {
            return (await client.query(statement(sql, params, options))).rows as R[];
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async execScript(sql: string) {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN;\n${sql};\nCOMMIT;`);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<CentralDb> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let db: PGlite;
  try {
    const options = { parsers: { [DATE]: asDay } };
    db = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  } catch (err) {
    unlock();
    throw err;
  }
  return {
    kind: 'pglite',
    embedded: db,
    async query<T extends object>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      return db.transaction((tx) =>
        fn({
          async query<R extends object>(sql: string, params?: unknown[]) {
            return (await tx.query<R>(sql, params)).rows;
          },
        }),
      );
    },
    async execScript(sql: string) {
      try {
        await db.exec(`BEGIN;\n${sql};\nCOMMIT;`);
      } catch (err) {
        await db.exec('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    async close() {
      await db.close();
      unlock();
    },
  };
}

/**
 * `postgres://…` → PostgreSQL server; a directory path → PGlite on disk; nothing → PGlite in
 * memory. The schema is created or upgraded before the handle is returned.
 */
export async function openCentralDb(url?: string): Promise<CentralDb> {
  let db: CentralDb | undefined;
  try {
    db = url && isPostgresUrl(url) ? openPool(url) : await openPglite(url || undefined);
    await migrate(db);
    return db;
  } catch (err) {
    await db?.close().catch(() => {});
    if (err instanceof DataDirInUseError) throw err;
    throw new CentralDbError(`cannot open the central database: ${(err as Error).message}`, { cause: err });
  }
}
