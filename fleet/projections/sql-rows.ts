/**
 * Set-based statements for the projections. A batch's rows travel as one JSON document per table
 * (json_populate_recordset maps its keys to the table's columns and types), and every write of a
 * batch goes in one statement of data-modifying CTEs, so a batch costs the same few round trips
 * however many rows and tables it touches. JSON rather than one array per column: the client
 * sends it as it is (arrays need every element escaped), and the server parses it in one pass.
 */
import { createHash } from 'node:crypto';
import type { SqlRunner } from '../db/central-db.ts';

export type ColumnType = 'text' | 'date' | 'bigint' | 'integer' | 'smallint' | 'boolean' | 'jsonb';
export type Columns = Readonly<Record<string, ColumnType>>;

/**
 * A prepared statement's name derived from its text, so one name can never carry two texts
 * (the server would refuse or, worse, run the old one).
 */
export const preparedName = (text: string): string =>
  `s${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

/**
 * The writes of one batch, run as one statement: `WITH w0 AS (…), w1 AS (…) SELECT 1`.
 * `prepared`: every part is written even when it has no rows (an empty JSON array), so every
 * batch sends the same text and the server parses and plans it once per connection. Ingest's
 * batches are; one-off statements (a supervisor's act) are not, so they add no prepared plans.
 */
export class WriteStatement {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  constructor(readonly prepared = false) {}

  /** Whether a part with no rows is still written (prepared statements keep one text). */
  get keepsEmptyParts(): boolean {
    return this.prepared;
  }

  /** A parameter placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A JSON document parameter holding `rows`, read as records of `table`'s row type. */
  rowsOf(table: string, rows: ReadonlyArray<object>): string {
    return `json_populate_recordset(NULL::${table}, ${this.param(JSON.stringify(rows))}::json)`;
  }

  /** Adds one data-modifying statement (or a SELECT another part reads as `name`). */
  add(sql: string, name = `w${this.parts.length}`): string {
    this.parts.push(`${name} AS (${sql})`);
    return name;
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  async run(tx: SqlRunner): Promise<void> {
    if (this.empty) return;
    const text = `WITH ${this.parts.join(',\n')} SELECT 1`;
    await tx.query(text, this.params, this.prepared ? { prepare: preparedName(text) } : undefined);
  }
}

/** INSERT … ON CONFLICT (key) DO UPDATE every other column (or DO NOTHING), into `stmt`. */
export function upsertRows(
  stmt: WriteStatement,
  table: string,
  columns: Columns,
  key: readonly string[],
  rows: ReadonlyArray<object>,
  onConflict: 'update' | 'nothing',
): void {
  if (rows.length === 0 && !stmt.keepsEmptyParts) return;
  const names = Object.keys(columns);
  const others = names.filter((n) => !key.includes(n));
  const update = others.map((n) => `${n} = EXCLUDED.${n}`);
  // A row the batch leaves as it was (a case's earlier steps, listed again) is not rewritten:
  // no dead tuple, no new index entries.
  const changed = `(${others.map((n) => `${table}.${n}`).join(', ')}) IS DISTINCT FROM (${others.map((n) => `EXCLUDED.${n}`).join(', ')})`;
  const action =
    onConflict === 'update' && update.length > 0
      ? `DO UPDATE SET ${update.join(', ')} WHERE ${changed}`
      : 'DO NOTHING';
  stmt.add(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM ${stmt.rowsOf(table, rows)}
     ON CONFLICT (${key.join(', ')}) ${action}`,
  );
}

/**
 * The reads of one batch as one row of JSON columns: for each table, the current rows of the keys
 * the batch touches. Looked up key by key through the primary key (LATERAL), so the cost follows
 * the batch and not the table (a hash join would scan the whole table once it looks cheaper).
 */
export class ReadStatement {
  private readonly columns: string[] = [];
  readonly params: unknown[] = [];

  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * The rows of `table` whose key is one of `keys` (text key columns), as column `name`. The text
   * is the same however many keys (none included), so the statement can stay prepared.
   */
  rowsByKey(
    name: string,
    table: string,
    key: readonly string[],
    keys: ReadonlyArray<readonly string[]>,
  ): void {
    const arrays = key.map((_, i) => `${this.param(keys.map((k) => k[i]))}::text[]`).join(', ');
    const match = key.map((k) => `t.${k} = k.${k}`).join(' AND ');
    this.columns.push(
      `(SELECT coalesce(json_agg(t), '[]'::json) FROM unnest(${arrays}) AS k(${key.join(', ')})
          CROSS JOIN LATERAL (SELECT t.* FROM ${table} t WHERE ${match} LIMIT 1) t) AS ${name}`,
    );
  }

  /** A column computed by the caller (e.g. from a data-modifying CTE), with its own parameters. */
  column(sql: (param: (value: unknown) => string) => string): void {
    this.columns.push(sql((v) => this.param(v)));
  }

  /**
   * `SELECT <columns>` (after `prefix`, e.g. a WITH clause), run and returned as one row; kept
   * prepared (its text does not depend on how many keys each table gets).
   */
  async run<T extends object>(tx: SqlRunner, prefix = ''): Promise<T> {
    const text = `${prefix} SELECT ${this.columns.join(',\n')}`;
    const [row] = await tx.query<T>(text, this.params, { prepare: preparedName(text) });
    return row!;
  }
}

/** Figures to add to summary rows, keyed by the summary's key tuple joined with NUL. */
export class FigureDeltas<F extends string> {
  private readonly sums = new Map<string, { key: string[]; figures: Record<string, number> }>();

  constructor(private readonly figureNames: readonly F[]) {}

  add(key: string[], figures: Partial<Record<F, number>>, sign: 1 | -1 = 1): void {
    const id = key.join('\u0000');
    let entry = this.sums.get(id);
    if (!entry) {
      entry = { key, figures: Object.fromEntries(this.figureNames.map((f) => [f, 0])) };
      this.sums.set(id, entry);
    }
    for (const f of this.figureNames) entry.figures[f]! += sign * (figures[f] ?? 0);
  }

  /** The same deltas summed per month: the key part at `dayAt` becomes its month's first day. */
  monthly(dayAt: number): FigureDeltas<F> {
    const out = new FigureDeltas(this.figureNames);
    for (const { key, figures } of this.sums.values()) {
      const k = [...key];
      k[dayAt] = `${k[dayAt]!.slice(0, 7)}-01`;
      out.add(k, figures as Partial<Record<F, number>>);
    }
    return out;
  }

  /**
   * Adds the deltas to the summary table (one upsert per key); rows whose delta is all zero are
   * left alone. A row the deltas empty (a ticket moved to its clerk's row) is deleted instead, so
   * the table holds the same rows whatever order the transactions came in. Both are parts of one
   * statement and see the same snapshot, so the delete and the upsert take complementary keys.
   */
  addTo(stmt: WriteStatement, table: string, keyColumns: readonly string[]): void {
    const entries = [...this.sums.values()]
      .filter((e) => this.figureNames.some((f) => e.figures[f] !== 0))
      // One order for every writer, so two transactions never wait on each other's rows in a cycle.
      .sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
    const rowOf = (e: (typeof entries)[number]) => ({
      ...Object.fromEntries(keyColumns.map((k, i) => [k, e.key[i]])),
      ...e.figures,
    });
    const names = [...keyColumns, ...this.figureNames];
    const add = this.figureNames.map((f) => `${f} = ${table}.${f} + EXCLUDED.${f}`).join(', ');
    const upsert = (from: string, where = '') =>
      stmt.add(
        `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.map((n) => `d.${n}`).join(', ')} FROM ${from} d ${where}
         ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${add}`,
      );
    const shrinks = (e: (typeof entries)[number]) => this.figureNames.some((f) => e.figures[f]! < 0);
    const growing = entries.filter((e) => !shrinks(e)).map(rowOf);
    const shrinking = entries.filter(shrinks).map(rowOf);
    const keepEmpty = stmt.keepsEmptyParts;
    if (growing.length > 0 || keepEmpty) upsert(stmt.rowsOf(table, growing));
    if (shrinking.length === 0 && !keepEmpty) return;
    // Only a row some figure shrinks can end at zero: those are deleted when they do, upserted otherwise.
    const deltas = stmt.add(`SELECT * FROM ${stmt.rowsOf(table, shrinking)}`, `${table}_shrink`);
    const sameKey = keyColumns.map((k) => `t.${k} = d.${k}`).join(' AND ');
    const emptied = this.figureNames.map((f) => `t.${f} + d.${f} = 0`).join(' AND ');
    stmt.add(`DELETE FROM ${table} t USING ${deltas} d WHERE ${sameKey} AND ${emptied}`);
    upsert(deltas, `WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${sameKey} AND ${emptied})`);
  }
}
