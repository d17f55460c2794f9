/**
 * Monthly scores per centre, service or clerk from the summary tables (never from raw rows):
 * each indicator's value, its marks under the month's standard, the total and the rank, with the
 * month before for the vertical comparison.
 */
import type { SqlRunner } from '../db/central-db.ts';
import { type IndicatorId, marks, type ScoringStandard, standardFor } from './standard.ts';

export type ScoreBy = 'centre' | 'service' | 'clerk';
const COLUMN: Record<ScoreBy, string> = { centre: 'kiosk_id', service: 'service_id', clerk: 'clerk' };

export interface ScoreRow {
  key: string;
  values: Record<IndicatorId, number | null>;
  marks: Record<IndicatorId, number>;
  total: number;
  rank: number;
  previous: number | null;
}

const monthRange = (month: string): [string, string] => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return [`${month}-01`, end];
};

export const previousMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};

const pct = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
const per100 = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
const minutes = (ms: number, n: number): number | null => (n > 0 ? Math.round(ms / n / 6000) / 10 : null);

async function raw(db: SqlRunner, month: string, by: ScoreBy, centre: string | undefined) {
  const [from, to] = monthRange(month);
  const col = COLUMN[by];
  const params = [from, to, centre ?? null];
  const filter = `day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR kiosk_id = $3)`;
  const cases = await db.query<Record<string, string | number>>(
    `SELECT ${col} AS key, sum(accepted)::int AS accepted, sum(completed)::int AS completed,
            sum(completed_late)::int AS late, sum(yellow + red)::int AS cards
       FROM case_stats WHERE ${filter} AND ${col} <> '' GROUP BY 1`,
    params,
  );
  const tickets = await db.query<Record<string, string | number>>(
    `SELECT ${col} AS key, sum(wait_ms)::bigint AS wait_ms, sum(wait_n)::int AS wait_n,
            sum(handle_ms)::bigint AS handle_ms, sum(handle_n)::int AS handle_n
       FROM ticket_stats WHERE ${filter} AND ${col} <> '' GROUP BY 1`,
    params,
  );
  const ratings = await db.query<Record<string, string | number>>(
    `SELECT ${col} AS key, sum(n)::int AS n, sum(s1 + s2)::int AS poor FROM rating_stats WHERE ${filter} AND ${col} <> '' GROUP BY 1`,
    params,
  );
  const rectCol = by === 'centre' ? 'x.kiosk_id' : by === 'service' ? 'r.service_id' : 'r.clerk';
  const rects = await db.query<Record<string, string | number>>(
    `SELECT ${rectCol} AS key, count(*)::int AS total,
            count(*) FILTER (WHERE x.replied_day IS NOT NULL AND x.replied_day <= x.due_day)::int AS on_time,
            count(*) FILTER (WHERE x.state = 'visited')::int AS visited
       FROM rectifications x JOIN ratings r USING (kiosk_id, rating_id)
      WHERE x.opened_day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR x.kiosk_id = $3) GROUP BY 1`,
    params,
  );
  const keys = new Set([...cases, ...tickets, ...ratings].map((r) => String(r.key)));
  const find = (list: Array<Record<string, string | number>>, k: string) =>
    list.find((r) => String(r.key) === k) ?? {};
  return [...keys].map((key) => {
    const c = find(cases, key);
    const t = find(tickets, key);
    const r = find(ratings, key);
    const x = find(rects, key);
    const accepted = Number(c.accepted ?? 0);
    const values: Record<IndicatorId, number | null> = {
      on_time_rate: Number(c.completed ?? 0)
        ? pct(Number(c.completed) - Number(c.late ?? 0), Number(c.completed))
        : null,
      overdue_per_100: per100(Number(c.late ?? 0), Number(c.completed ?? 0)),
      cards_per_100: per100(Number(c.cards ?? 0), accepted),
      poor_rate: pct(Number(r.poor ?? 0), Number(r.n ?? 0)),
      rectified_on_time_rate: pct(Number(x.on_time ?? 0), Number(x.total ?? 0)),
      visit_rate: pct(Number(x.visited ?? 0), Number(x.total ?? 0)),
      avg_wait_min: minutes(Number(t.wait_ms ?? 0), Number(t.wait_n ?? 0)),
      avg_handle_min: minutes(Number(t.handle_ms ?? 0), Number(t.handle_n ?? 0)),
    };
    return { key, values };
  });
}

function scored(
  rows: Array<{ key: string; values: Record<IndicatorId, number | null> }>,
  standard: ScoringStandard,
) {
  return rows.map((r) => {
    const m = Object.fromEntries(standard.indicators.map((i) => [i.id, marks(i, r.values[i.id])])) as Record<
      IndicatorId,
      number
    >;
    const total = Math.round(Object.values(m).reduce((a, b) => a + b, 0) * 10) / 10;
    return { ...r, marks: m, total };
  });
}

export async function monthlyScores(
  db: SqlRunner,
  month: string,
  by: ScoreBy,
  standards: readonly ScoringStandard[],
  centre?: string,
): Promise<{ month: string; standard: ScoringStandard; rows: ScoreRow[] }> {
  const standard = standardFor(month, standards);
  const now = scored(await raw(db, month, by, centre), standard);
  const prevMonth = previousMonth(month);
  const before = new Map(
    scored(await raw(db, prevMonth, by, centre), standardFor(prevMonth, standards)).map((r) => [
      r.key,
      r.total,
    ]),
  );
  const sorted = now.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  return {
    month,
    standard,
    rows: sorted.map((r) => ({
      ...r,
      rank: sorted.findIndex((x) => x.total === r.total) + 1,
      previous: before.get(r.key) ?? null,
    })),
  };
}
