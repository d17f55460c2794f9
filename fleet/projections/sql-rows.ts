/**
 * Set-based writes for the projections: whole batches of rows go to PostgreSQL as one array per
 * column through unnest(), so a batch costs a handful of statements however many rows it has.
 */
import type { SqlRunner } from '../db/central-db.ts';

export type ColumnType = 'text' | 'date' | 'bigint' | 'integer' | 'smallint' | 'boolean' | 'jsonb';
export type Columns = Readonly<Record<string, ColumnType>>;

/** jsonb and date travel as text arrays and are cast per element (drivers disagree on their arrays). */
const arrayType = (t: ColumnType): string => (t === 'jsonb' || t === 'date' ? 'text' : t);

function columnValues(rows: ReadonlyArray<object>, name: string, type: ColumnType): unknown[] {
  return rows.map((r) => {
    const v = (r as Record<string, unknown>)[name];
    if (v === undefined || v === null) return null;
    return type === 'jsonb' ? JSON.stringify(v) : v;
  });
}

function unnestSelect(columns: Columns): { select: string; from: string } {
  const names = Object.keys(columns);
  const from = names.map((n, i) => `$${i + 1}::${arrayType(columns[n]!)}[]`).join(', ');
  const select = names.map((n) =>
    columns[n] === 'jsonb' || columns[n] === 'date' ? `${n}::${columns[n]}` : n,
  );
  return { select: select.join(', '), from: `unnest(${from}) AS u(${names.join(', ')})` };
}

/** INSERT … ON CONFLICT (key) DO UPDATE every other column (or DO NOTHING); returns inserted keys. */
export async function upsertRows(
  tx: SqlRunner,
  table: string,
  columns: Columns,
  key: readonly string[],
  rows: ReadonlyArray<object>,
  onConflict: 'update' | 'nothing',
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const names = Object.keys(columns);
  const { select, from } = unnestSelect(columns);
  const update = names.filter((n) => !key.includes(n)).map((n) => `${n} = EXCLUDED.${n}`);
  const action =
    onConflict === 'update' && update.length > 0 ? `DO UPDATE SET ${update.join(', ')}` : 'DO NOTHING';
  return tx.query<Record<string, unknown>>(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM ${from}
     ON CONFLICT (${key.join(', ')}) ${action} RETURNING ${key.join(', ')}`,
    names.map((n) => columnValues(rows, n, columns[n]!)),
  );
}

/** The rows of `table` whose key is one of `keys` (each key a tuple of text values). */
export async function selectByKeys<T extends object>(
  tx: SqlRunner,
  table: string,
  key: readonly string[],
  keys: ReadonlyArray<readonly string[]>,
): Promise<T[]> {
  if (keys.length === 0) return [];
  const params = key.map((_, i) => keys.map((k) => k[i]));
  const from = key.map((_, i) => `$${i + 1}::text[]`).join(', ');
  return tx.query<T>(
    `SELECT t.* FROM ${table} t JOIN unnest(${from}) AS k(${key.join(', ')})
       USING (${key.join(', ')})`,
    params,
  );
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

  /** Adds the deltas to the summary table; rows whose delta is all zero are left alone. */
  async apply(
    tx: SqlRunner,
    table: string,
    keyColumns: Readonly<Record<string, 'text' | 'date'>>,
  ): Promise<void> {
    const entries = [...this.sums.values()]
      .filter((e) => this.figureNames.some((f) => e.figures[f] !== 0))
      // One order for every writer, so two transactions never wait on each other's rows in a cycle.
      .sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
    if (entries.length === 0) return;
    const keyNames = Object.keys(keyColumns);
    const columns: Columns = {
      ...keyColumns,
      ...Object.fromEntries(this.figureNames.map((f) => [f, 'bigint' as const])),
    };
    const rows = entries.map((e) => ({
      ...Object.fromEntries(keyNames.map((k, i) => [k, e.key[i]])),
      ...e.figures,
    }));
    const names = Object.keys(columns);
    const { select, from } = unnestSelect(columns);
    const add = this.figureNames.map((f) => `${f} = ${table}.${f} + EXCLUDED.${f}`).join(', ');
    await tx.query(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM ${from}
       ON CONFLICT (${keyNames.join(', ')}) DO UPDATE SET ${add}`,
      names.map((n) => columnValues(rows, n, columns[n]!)),
    );
    // A row that a change emptied (a ticket moved to its clerk's row) goes, so the table holds the
    // same rows whatever order the transactions came in.
    const emptied = entries.filter((e) => this.figureNames.some((f) => e.figures[f]! < 0));
    if (emptied.length === 0) return;
    const keyFrom = keyNames.map((k, i) => `$${i + 1}::${arrayType(keyColumns[k]!)}[]`).join(', ');
    await tx.query(
      `DELETE FROM ${table} t USING unnest(${keyFrom}) AS k(${keyNames.join(', ')})
       WHERE ${keyNames.map((k) => `t.${k} = k.${k}::${keyColumns[k]}`).join(' AND ')}
         AND ${this.figureNames.map((f) => `t.${f} = 0`).join(' AND ')}`,
      keyNames.map((_, i) => emptied.map((e) => e.key[i])),
    );
  }
}
