/**
 * A date range of a summary table, read from the month table for the whole months inside it and
 * from the day table only for the days at either end: a year's trend reads twelve rows per centre
 * and dimension instead of 365.
 */
import { type SummaryKind, summaryTable } from '../../db/summary-schema.ts';
import type { Where } from '../query-params.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The first and last month (as first days) wholly inside [from, to], or null if none is. */
export function wholeMonths(
  from: string,
  to: string,
): { first: string; last: string; lastEnd: string } | null {
  const f = new Date(`${from}T00:00:00Z`);
  const first = f.getUTCDate() === 1 ? f : new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
  const t = new Date(`${to}T00:00:00Z`);
  const afterTo = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1));
  // The month of `to` is whole only if `to` is its last day.
  const lastStart =
    afterTo.getUTCDate() === 1
      ? new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1))
      : new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1));
  if (lastStart < first) return null;
  const lastEnd = new Date(Date.UTC(lastStart.getUTCFullYear(), lastStart.getUTCMonth() + 1, 0));
  return { first: iso(first), last: iso(lastStart), lastEnd: iso(lastEnd) };
}

/**
 * A FROM source (`(…) s`) of `kind`'s figures over [from, to], a column `day` (the day, or the
 * month's first day for a whole month) and `columns`; `filters` are [column, value] pairs, an
 * undefined value leaving its column unfiltered. Parameters go into `w`. Without `useMonths`
 * (a weekly trend: a month's row cannot be split into weeks) only the day table is read.
 */
export function periodSource(
  w: Where,
  kind: SummaryKind,
  from: string,
  to: string,
  columns: readonly string[],
  filters: ReadonlyArray<readonly [string, string | undefined]>,
  useMonths = true,
): string {
  const dims = filters.flatMap(([col, v]) => (v === undefined ? [] : [`${col} = ${w.next(v)}`]));
  const and = (conds: string[]) => [...conds, ...dims].join(' AND ');
  const cols = columns.join(', ');
  const daily = summaryTable(kind, 'day').table;
  const months = useMonths ? wholeMonths(from, to) : null;
  if (!months)
    return `(SELECT day, ${cols} FROM ${daily} WHERE ${and([`day >= ${w.next(from)}::date`, `day <= ${w.next(to)}::date`])}) s`;
  const monthly = summaryTable(kind, 'month').table;
  // Each edge its own range (an OR of two ranges makes the planner scan the whole day table).
  const head = [`day >= ${w.next(from)}::date`, `day < ${w.next(months.first)}::date`];
  const tail = [`day > ${w.next(months.lastEnd)}::date`, `day <= ${w.next(to)}::date`];
  return `(SELECT month AS day, ${cols} FROM ${monthly}
            WHERE ${and([`month >= ${w.next(months.first)}::date`, `month <= ${w.next(months.last)}::date`])}
           UNION ALL
           SELECT day, ${cols} FROM ${daily} WHERE ${and(head)}
           UNION ALL
           SELECT day, ${cols} FROM ${daily} WHERE ${and(tail)}) s`;
}
