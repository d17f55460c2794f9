/** The central database's small interface (the types only, so the schema and the opener share them). */
export interface SqlRunner {
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface CentralDb extends SqlRunner {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one database transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
