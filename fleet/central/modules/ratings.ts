/**
 * 好差评 closed loop: every rating of every centre; every 差评's rectification with its state
 * (open, replied, 回访 done, overdue, escalated); the acts a supervisor records; KPIs.
 */

import { deliveryStates } from '../../notify/delivery-states.ts';
import {
  actOnRectification,
  RECTIFICATION_ACTIONS,
  RectificationError,
} from '../../rectifications/actions.ts';
import { type CsvColumn, toCsv } from '../csv.ts';
import { type ConsoleModule, HttpError, type RouteRequest } from '../module.ts';
import { cappedCount, dayParam, enumParam, idParam, pageParams, Where } from '../query-params.ts';

interface RatingListRow {
  kiosk_id: string;
  rating_id: string;
  subject_kind: string;
  subject_id: string;
  service_id: string;
  score: number;
  day: string;
  comment: string | null;
  counter_id: string | null;
  clerk: string | null;
  rect_state: string | null;
  due_day: string | null;
  case_number: string | null;
}

/** A rectification past its due day without the centre's reply shows as overdue. */
const shownState = (today: string) =>
  `CASE WHEN x.state = 'open' AND x.due_day < '${today}'::date THEN 'overdue' ELSE x.state END`;

function ratingFilter(q: Record<string, string | undefined>): Where {
  const w = new Where();
  w.add('r.kiosk_id = ?', idParam(q.centre, 'centre'));
  w.add('r.service_id = ?', idParam(q.service, 'service'));
  w.add('r.clerk = ?', idParam(q.clerk, 'clerk'));
  w.add('r.day >= ?::date', dayParam(q.from, 'from'));
  w.add('r.day <= ?::date', dayParam(q.to, 'to'));
  const score = q.score ? Number(q.score) : undefined;
  if (score !== undefined && !(Number.isInteger(score) && score >= 1 && score <= 5))
    throw new HttpError(400, 'bad-query', 'score is 1 to 5');
  w.add('r.score = ?', score);
  if (q.poor === '1') w.raw('r.score <= 2');
  return w;
}

const RATING_CSV: ReadonlyArray<CsvColumn<RatingListRow>> = [
  { header: '中心 centre', value: (r) => r.kiosk_id },
  { header: '日期 day', value: (r) => r.day },
  { header: '服务 service', value: (r) => r.service_id },
  { header: '评价 score', value: (r) => r.score },
  { header: '意见 comment', value: (r) => r.comment },
  { header: '窗口 counter', value: (r) => r.counter_id },
  { header: '办理人 clerk', value: (r) => r.clerk },
  { header: '办件 case', value: (r) => r.case_number },
  { header: '整改状态 rectification', value: (r) => r.rect_state },
  { header: '整改期限 due', value: (r) => r.due_day },
];

function listRatings(req: RouteRequest, today: string, limit: number, offset: number) {
  const w = ratingFilter(req.query);
  return req.db.query<RatingListRow>(
    `SELECT r.kiosk_id, r.rating_id, r.subject_kind, r.subject_id, r.service_id, r.score, r.day, r.comment,
            r.counter_id, r.clerk, ${shownState(today)} AS rect_state, x.due_day, c.number AS case_number
       FROM ratings r
       LEFT JOIN rectifications x USING (kiosk_id, rating_id)
       LEFT JOIN cases c ON r.subject_kind = 'case' AND c.kiosk_id = r.kiosk_id AND c.case_id = r.subject_id
       ${w.sql} ORDER BY r.day DESC, r.rated_at DESC, r.kiosk_id DESC, r.rating_id DESC LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}`,
    w.params,
  );
}

const RECT_STATES = ['open', 'overdue', 'replied', 'visited', 'escalated', 'pending'] as const;

function rectFilter(q: Record<string, string | undefined>, today: string): Where {
  const w = new Where();
  w.add('x.kiosk_id = ?', idParam(q.centre, 'centre'));
  w.add('x.opened_day >= ?::date', dayParam(q.from, 'from'));
  w.add('x.opened_day <= ?::date', dayParam(q.to, 'to'));
  const state = enumParam(q.state, 'state', RECT_STATES);
  if (state === 'overdue') w.raw(`x.state = 'open' AND x.due_day < '${today}'::date`);
  else if (state === 'open') w.raw(`x.state = 'open' AND x.due_day >= '${today}'::date`);
  else if (state === 'pending') w.raw(`x.state IN ('open', 'escalated')`);
  else w.add('x.state = ?', state);
  return w;
}

/**
 * The KPIs per centre and in all, summed from `rectification_stats` (ingest and central's acts keep
 * it): a few rows per centre and day, however many rectifications a year brings.
 */
async function kpis(req: RouteRequest, today: string) {
  const w = new Where();
  w.add('kiosk_id = ?', idParam(req.query.centre, 'centre'));
  w.add('opened_day >= ?::date', dayParam(req.query.from, 'from'));
  w.add('opened_day <= ?::date', dayParam(req.query.to, 'to'));
  const past = `due_day < '${today}'::date`;
  const rows = await req.db.query<Record<string, number | string>>(
    `SELECT kiosk_id, sum(total)::int AS total, sum(on_time)::int AS on_time,
            coalesce(sum(open) FILTER (WHERE ${past}), 0)::int AS overdue,
            sum(visited)::int AS visited, sum(escalated)::int AS escalated,
            (coalesce(sum(total) FILTER (WHERE ${past}), 0)
              + coalesce(sum(replied) FILTER (WHERE NOT ${past}), 0))::int AS due
       FROM rectification_stats ${w.sql} GROUP BY ROLLUP (kiosk_id) ORDER BY kiosk_id NULLS LAST`,
    w.params,
  );
  return rows.map((r) => {
    const due = Number(r.due);
    const total = Number(r.total);
    return {
      ...r,
      kiosk_id: r.kiosk_id ?? null,
      on_time_rate: due ? Math.round((Number(r.on_time) / due) * 1000) / 10 : null,
      visit_rate: total ? Math.round((Number(r.visited) / total) * 1000) / 10 : null,
    };
  });
}

export const ratingsModule: ConsoleModule = {
  id: 'ratings',
  pages: [
    { path: '/ratings', permission: 'ratings.view', title: { zh: '好差评', en: 'Ratings' } },
    { path: '/rectifications', permission: 'ratings.view', title: { zh: '差评整改', en: 'Rectifications' } },
  ],
  routes: (ctx) => [
    {
      method: 'GET',
      url: '/api/ratings',
      permission: 'ratings.view',
      async handler(req) {
        const { limit, offset, page } = pageParams(req.query);
        const w = ratingFilter(req.query);
        const { total, capped } = await cappedCount(req.db, 'ratings r', w);
        const rows = await listRatings(req, ctx.today(), limit, offset);
        return { body: { total, capped, page, size: limit, rows } };
      },
    },
    {
      method: 'GET',
      url: '/api/ratings.csv',
      permission: 'ratings.view',
      audit: 'export.ratings',
      async handler(req) {
        const rows = await listRatings(req, ctx.today(), 100_000, 0);
        return {
          download: {
            filename: 'ratings.csv',
            contentType: 'text/csv; charset=utf-8',
            content: toCsv(RATING_CSV, rows),
          },
          audit: { detail: { filters: req.query, rows: rows.length } },
        };
      },
    },
    {
      method: 'GET',
      url: '/api/rectifications',
      permission: 'ratings.view',
      async handler(req) {
        const today = ctx.today();
        const { limit, offset, page } = pageParams(req.query);
        const w = rectFilter(req.query, today);
        const { total, capped } = await cappedCount(req.db, 'rectifications x', w);
        // The page's rectifications first (an index range, in its order), then their ratings by key:
        // joined before the LIMIT, the planner hashes every rating of the year.
        const order = 'x.due_day, x.kiosk_id, x.rating_id';
        const rows = await req.db.query<{ kiosk_id: string; rating_id: string }>(
          `SELECT x.kiosk_id, x.rating_id, x.rect_id, x.source, x.opened_day, x.working_days, x.due_day,
                  ${shownState(today)} AS state, x.assignee, x.reply, x.replied_day, x.visit_result,
                  x.visit_satisfied, x.visited_day, x.escalated_to, x.escalated_day,
                  r.score, r.service_id, r.clerk, r.comment, r.subject_kind, r.subject_id
             FROM (SELECT * FROM rectifications x ${w.sql} ORDER BY ${order}
                    LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}) x
             JOIN ratings r USING (kiosk_id, rating_id)
            ORDER BY ${order}`,
          w.params,
        );
        // The SMS each rectification caused (assigned, overdue), with its delivery state (numbers masked).
        const sms = await deliveryStates(
          req.db,
          'rectification',
          rows.map((r) => r.rating_id),
          rows.map((r) => r.kiosk_id),
        );
        return { body: { total, capped, page, size: limit, rows, kpis: await kpis(req, today), sms } };
      },
    },
    {
      method: 'GET',
      url: '/api/rectifications/:centre/:ratingId/events',
      permission: 'ratings.view',
      async handler(req) {
        const events = await req.db.query(
          `SELECT at, actor, action, detail FROM rectification_events WHERE kiosk_id = $1 AND rating_id = $2 ORDER BY id`,
          [idParam(req.params.centre, 'centre'), idParam(req.params.ratingId, 'rating')],
        );
        return { body: { events } };
      },
    },
    {
      method: 'POST',
      url: '/api/rectifications/:centre/:ratingId/act',
      permission: 'supervision.act',
      audit: 'rectification.act',
      async handler(req) {
        const kioskId = idParam(req.params.centre, 'centre')!;
        const ratingId = idParam(req.params.ratingId, 'rating')!;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const action = enumParam(
          typeof body.action === 'string' ? body.action : undefined,
          'action',
          RECTIFICATION_ACTIONS,
        );
        if (!action)
          throw new HttpError(422, 'rect.action', 'say which act: reply, visit, reassign or escalate');
        const input = {
          action,
          ...(typeof body.text === 'string' ? { text: body.text.slice(0, 2000) } : {}),
          ...(typeof body.to === 'string' ? { to: body.to.slice(0, 120) } : {}),
          ...(typeof body.satisfied === 'boolean' ? { satisfied: body.satisfied } : {}),
        };
        try {
          await actOnRectification(req.db, { kioskId, ratingId }, input, req.user.username, ctx.today());
        } catch (err) {
          if (err instanceof RectificationError) throw new HttpError(err.status, err.code, err.message);
          throw err;
        }
        // The centre sees central's act on its admin panel (the rectifications dataset).
        const after = await ctx.sharedDown?.rectificationsChanged(req.db, kioskId, [ratingId]);
        return { ...(after ? { after } : {}), audit: { target: `${kioskId}/${ratingId}`, detail: input } };
      },
    },
  ],
};
