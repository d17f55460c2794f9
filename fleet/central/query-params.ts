/** Reading list filters from a query string, refusing what is malformed instead of guessing. */
import { HttpError } from './module.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9:._-]{1,120}$/;

export function dayParam(v: string | undefined, name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new HttpError(400, 'bad-query', `${name} must be a day YYYY-MM-DD`);
  return v;
}

export function idParam(v: string | undefined, name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (!ID.test(v)) throw new HttpError(400, 'bad-query', `${name} is not a valid identifier`);
  return v;
}

export function enumParam<T extends string>(
  v: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined || v === '') return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new HttpError(400, 'bad-query', `${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function pageParams(q: Record<string, string | undefined>): {
  limit: number;
  offset: number;
  page: number;
} {
  const page = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
  const size = Math.min(200, Math.max(1, Number.parseInt(q.size ?? '50', 10) || 50));
  return { limit: size, offset: (page - 1) * size, page };
}

/** Collects WHERE conditions with numbered parameters. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conds: string[] = [];

  /** `sql` uses `?` for the one value. */
  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.conds.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  raw(sql: string): this {
    this.conds.push(sql);
    return this;
  }

  get sql(): string {
    return this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '';
  }

  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** A list's total is counted up to this many rows; past it the page says "more than". */
export const COUNT_CAP = 10_000;

/**
 * How many rows of `from` match `w`, counting no further than COUNT_CAP + 1 (an index walk of at
 * most that many entries): a page view never counts a year of rows, and `capped` says the total
 * is a lower bound.
 */
export async function cappedCount(
  db: { query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> },
  from: string,
  w: Where,
): Promise<{ total: number; capped: boolean }> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${w.sql} LIMIT ${COUNT_CAP + 1}) s`,
    w.params,
  );
  const n = row?.n ?? 0;
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
