/**
 * 决策辅助: today's picture of every centre, trends by week or month, and breakdowns by centre,
 * service, item or clerk — all read from the summary tables ingest keeps, never from raw rows.
 * Every figure names the list behind it (the web app turns that into a drill-down link).
 */

import type { SummaryKind } from '../../db/summary-schema.ts';
import { type ConsoleModule, HttpError, type RouteRequest } from '../module.ts';
import { dayParam, enumParam, idParam, Where } from '../query-params.ts';
import { periodSource } from './period-stats.ts';

interface TodayRow {
  kiosk_id: string;
  issued: number;
  waiting: number;
  called: number;
  served: number;
  no_show: number;
  wait_ms: number;
  wait_n: number;
  accepted: number;
  completed: number;
  refused: number;
  suspended: number;
  open_cases: number;
  warning: number;
  yellow: number;
  red: number;
  ratings: number;
  poor: number;
  online: string | null;
  waiting_now: number | null;
}

const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

async function today(req: RouteRequest, day: string) {
  const rows = await req.db.query<TodayRow>(
    `WITH t AS (SELECT kiosk_id, sum(issued)::int AS issued, sum(waiting)::int AS waiting, sum(called)::int AS called,
                   sum(served)::int AS served, sum(no_show)::int AS no_show, sum(wait_ms)::bigint AS wait_ms,
                   sum(wait_n)::int AS wait_n
              FROM ticket_stats WHERE day = $1::date GROUP BY kiosk_id),
      c AS (SELECT kiosk_id, sum(accepted)::int AS accepted, sum(completed)::int AS completed,
                   sum(refused)::int AS refused, sum(suspended)::int AS suspended
              FROM case_stats WHERE day = $1::date GROUP BY kiosk_id),
      o AS (SELECT kiosk_id, count(*)::int AS open_cases,
                   count(*) FILTER (WHERE level = 'warning')::int AS warning,
                   count(*) FILTER (WHERE level = 'yellow')::int AS yellow,
                   count(*) FILTER (WHERE level = 'red')::int AS red
              FROM cases WHERE state IN ('accepted', 'in-progress', 'suspended') GROUP BY kiosk_id),
      r AS (SELECT kiosk_id, sum(n)::int AS ratings, sum(s1 + s2)::int AS poor
              FROM rating_stats WHERE day = $1::date GROUP BY kiosk_id),
      centres AS (SELECT kiosk_id FROM kiosks UNION SELECT kiosk_id FROM t UNION SELECT kiosk_id FROM o)
     SELECT centres.kiosk_id, coalesce(t.issued, 0) AS issued, coalesce(t.waiting, 0) AS waiting,
            coalesce(t.called, 0) AS called, coalesce(t.served, 0) AS served, coalesce(t.no_show, 0) AS no_show,
            coalesce(t.wait_ms, 0) AS wait_ms, coalesce(t.wait_n, 0) AS wait_n,
            coalesce(c.accepted, 0) AS accepted, coalesce(c.completed, 0) AS completed,
            coalesce(c.refused, 0) AS refused, coalesce(c.suspended, 0) AS suspended,
            coalesce(o.open_cases, 0) AS open_cases, coalesce(o.warning, 0) AS warning,
            coalesce(o.yellow, 0) AS yellow, coalesce(o.red, 0) AS red,
            coalesce(r.ratings, 0) AS ratings, coalesce(r.poor, 0) AS poor,
            k.state AS online, (k.telemetry -> 'queue' ->> 'waiting')::int AS waiting_now
       FROM centres LEFT JOIN t USING (kiosk_id) LEFT JOIN c USING (kiosk_id) LEFT JOIN o USING (kiosk_id)
       LEFT JOIN r USING (kiosk_id) LEFT JOIN kiosks k USING (kiosk_id)
      ORDER BY centres.kiosk_id`,
    [day],
  );
  return rows.map((r) => ({
    ...r,
    avg_wait_min: r.wait_n > 0 ? Math.round(Number(r.wait_ms) / r.wait_n / 6000) / 10 : null,
  }));
}

const PERIODS = ['day', 'week', 'month'] as const;

async function trend(req: RouteRequest, todayDay: string) {
  const by = enumParam(req.query.by, 'by', PERIODS) ?? 'week';
  const to = dayParam(req.query.to, 'to') ?? todayDay;
  const from =
    dayParam(req.query.from, 'from') ?? addDays(to, by === 'month' ? -365 : by === 'week' ? -7 * 12 : -30);
  if (from > to) throw new HttpError(400, 'bad-query', 'from is after to');
  const centre = idParam(req.query.centre, 'centre');
  const service = idParam(req.query.service, 'service');
  const item = idParam(req.query.item, 'item');
  const bucket = `to_char(date_trunc('${by}', day), 'YYYY-MM-DD')`;
  // Summed per period from the month tables for whole months (see period-stats.ts).
  const summed = (
    kind: SummaryKind,
    sums: string,
    cols: string[],
    filters: Array<[string, string | undefined]>,
  ) => {
    const w = new Where();
    const source = periodSource(w, kind, from, to, cols, filters, by === 'month');
    return req.db.query<Record<string, number | string>>(
      `SELECT ${bucket} AS period, ${sums} FROM ${source} GROUP BY 1 ORDER BY 1`,
      w.params,
    );
  };
  const byCentreService: Array<[string, string | undefined]> = [
    ['kiosk_id', centre],
    ['service_id', service],
  ];
  // Three independent reads: side by side on the pool's connections.
  const [tickets, cases, ratings] = await Promise.all([
    summed(
      'ticket',
      `sum(issued)::int AS issued, sum(served)::int AS served,
     sum(no_show)::int AS no_show, sum(wait_ms)::bigint AS wait_ms, sum(wait_n)::int AS wait_n,
     sum(handle_ms)::bigint AS handle_ms, sum(handle_n)::int AS handle_n`,
      ['issued', 'served', 'no_show', 'wait_ms', 'wait_n', 'handle_ms', 'handle_n'],
      byCentreService,
    ),
    summed(
      'case',
      `sum(accepted)::int AS accepted, sum(completed)::int AS completed,
     sum(completed_late)::int AS completed_late, sum(refused)::int AS refused,
     sum(suspended)::int AS suspended, sum(yellow)::int AS yellow, sum(red)::int AS red`,
      ['accepted', 'completed', 'completed_late', 'refused', 'suspended', 'yellow', 'red'],
      [...byCentreService, ['item_id', item]],
    ),
    summed(
      'rating',
      'sum(n)::int AS ratings, sum(s1 + s2)::int AS poor, sum(s3 + s4 + s5)::int AS satisfied',
      ['n', 's1', 's2', 's3', 's4', 's5'],
      byCentreService,
    ),
  ]);
  const periods = [...new Set([...tickets, ...cases, ...ratings].map((r) => String(r.period)))].sort();
  const pick = (list: Array<Record<string, number | string>>, p: string) =>
    list.find((r) => r.period === p) ?? {};
  return {
    by,
    from,
    to,
    rows: periods.map((p) => {
      const t = pick(tickets, p);
      const c = pick(cases, p);
      const r = pick(ratings, p);
      const waitN = Number(t.wait_n ?? 0);
      const handleN = Number(t.handle_n ?? 0);
      return {
        period: p,
        issued: Number(t.issued ?? 0),
        served: Number(t.served ?? 0),
        no_show: Number(t.no_show ?? 0),
        avg_wait_min: waitN ? Math.round(Number(t.wait_ms) / waitN / 6000) / 10 : null,
        avg_handle_min: handleN ? Math.round(Number(t.handle_ms) / handleN / 6000) / 10 : null,
        accepted: Number(c.accepted ?? 0),
        completed: Number(c.completed ?? 0),
        completed_late: Number(c.completed_late ?? 0),
        refused: Number(c.refused ?? 0),
        suspended: Number(c.suspended ?? 0),
        yellow: Number(c.yellow ?? 0),
        red: Number(c.red ?? 0),
        ratings: Number(r.ratings ?? 0),
        poor: Number(r.poor ?? 0),
      };
    }),
  };
}

const DIMENSIONS = { centre: 'kiosk_id', service: 'service_id', item: 'item_id', clerk: 'clerk' } as const;

async function breakdown(req: RouteRequest, todayDay: string) {
  const by =
    enumParam(req.query.by, 'by', Object.keys(DIMENSIONS) as Array<keyof typeof DIMENSIONS>) ?? 'centre';
  const to = dayParam(req.query.to, 'to') ?? todayDay;
  const from = dayParam(req.query.from, 'from') ?? addDays(to, -29);
  const col = DIMENSIONS[by];
  const w = new Where();
  w.add('day >= ?::date', from).add('day <= ?::date', to);
  w.add('kiosk_id = ?', idParam(req.query.centre, 'centre'));
  w.add('service_id = ?', idParam(req.query.service, 'service'));
  const [cases, ticketRows, ratingRows] = await Promise.all([
    req.db.query<Record<string, string | number>>(
      `SELECT ${col} AS key, sum(accepted)::int AS accepted, sum(completed)::int AS completed,
            sum(completed_late)::int AS completed_late, sum(refused)::int AS refused, sum(suspended)::int AS suspended,
            sum(yellow)::int AS yellow, sum(red)::int AS red
       FROM case_stats ${w.sql} GROUP BY 1`,
      w.params,
    ),
    by === 'item'
      ? []
      : req.db.query<Record<string, string | number>>(
          `SELECT ${col} AS key, sum(issued)::int AS issued, sum(served)::int AS served,
                  sum(wait_ms)::bigint AS wait_ms, sum(wait_n)::int AS wait_n
             FROM ticket_stats ${w.sql} GROUP BY 1`,
          w.params,
        ),
    by === 'item'
      ? []
      : req.db.query<Record<string, string | number>>(
          `SELECT ${col} AS key, sum(n)::int AS ratings, sum(s1 + s2)::int AS poor FROM rating_stats ${w.sql} GROUP BY 1`,
          w.params,
        ),
  ]);
  const keys = [...new Set([...cases, ...ticketRows, ...ratingRows].map((r) => String(r.key)))]
    .filter(Boolean)
    .sort();
  const find = (list: Array<Record<string, string | number>>, k: string) =>
    list.find((r) => String(r.key) === k) ?? {};
  return {
    by,
    from,
    to,
    rows: keys.map((k) => {
      const c = find(cases, k);
      const t = find(ticketRows, k);
      const r = find(ratingRows, k);
      const completed = Number(c.completed ?? 0);
      const waitN = Number(t.wait_n ?? 0);
      return {
        key: k,
        issued: Number(t.issued ?? 0),
        served: Number(t.served ?? 0),
        avg_wait_min: waitN ? Math.round(Number(t.wait_ms) / waitN / 6000) / 10 : null,
        accepted: Number(c.accepted ?? 0),
        completed,
        completed_late: Number(c.completed_late ?? 0),
        on_time_rate: completed
          ? Math.round((1 - Number(c.completed_late ?? 0) / completed) * 1000) / 10
          : null,
        refused: Number(c.refused ?? 0),
        suspended: Number(c.suspended ?? 0),
        yellow: Number(c.yellow ?? 0),
        red: Number(c.red ?? 0),
        ratings: Number(r.ratings ?? 0),
        poor: Number(r.poor ?? 0),
      };
    }),
  };
}

export const overviewModule: ConsoleModule = {
  id: 'overview',
  pages: [
    { path: '/today', permission: 'overview.view', title: { zh: '今日概况', en: 'Today' } },
    { path: '/trends', permission: 'overview.view', title: { zh: '决策辅助', en: 'Trends' } },
  ],
  routes: (ctx) => [
    {
      method: 'GET',
      url: '/api/overview/today',
      permission: 'overview.view',
      async handler(req) {
        const day = dayParam(req.query.day, 'day') ?? ctx.today();
        return { body: { day, centres: await today(req, day) } };
      },
    },
    {
      method: 'GET',
      url: '/api/overview/trend',
      permission: 'overview.view',
      handler: async (req) => ({ body: await trend(req, ctx.today()) }),
    },
    {
      method: 'GET',
      url: '/api/overview/breakdown',
      permission: 'overview.view',
      handler: async (req) => ({ body: await breakdown(req, ctx.today()) }),
    },
  ],
};
