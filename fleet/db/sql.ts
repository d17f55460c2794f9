/** The central database's small interface (the types only, so the schema and the opener share them). */
import type { PGlite } from '@electric-sql/pglite';
export interface QueryOptions {
  /**
   * Name under which a PostgreSQL server keeps the statement prepared, per connection: the same
   * text (only its parameters differ) is then parsed and planned once, not on every call. Ignored
   * by PGlite. One name must always go with one text.
   */
  prepare?: string;
}

export interface SqlRunner {
  query<T extends object>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
}

export interface CentralDb extends SqlRunner {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs a script of statements without parameters in one round trip, inside one transaction
   * (the script brings no BEGIN/COMMIT of its own); rolls back if any statement fails.
   */
  execScript(sql: string): Promise<void>;
  /** For libraries that open their own connections (pg-boss): the server's URL, or the embedded PGlite. */
  readonly connectionString?: string;
  readonly embedded?: PGlite;
  /** Runs `fn` in one database transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
