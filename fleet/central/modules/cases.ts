/**
 * 实时监察: every case of every centre with filters, paging and CSV, and one case with its
 * timeline. Reads the `cases` and `case_events` projections only.
 */
import { OPEN_CASE_STATES } from '../../projections/cases.ts';
import { type CsvColumn, toCsv } from '../csv.ts';
import { type ConsoleModule, HttpError, type RouteRequest } from '../module.ts';
import { deliveries } from '../notifications.ts';
import { cappedCount, dayParam, enumParam, idParam, pageParams, Where } from '../query-params.ts';

const STATES = ['accepted', 'in-progress', 'suspended', 'completed', 'refused', 'open', 'closed'] as const;
const LEVELS = ['normal', 'warning', 'yellow', 'red'] as const;
// A case ID is a ULID of its acceptance time, so case_id orders a day's cases as accepted_at does,
// and the newest-first order is an index's order (no sort of every matching case).
const SORTS = {
  accepted: 'accepted_day DESC, case_id DESC, kiosk_id DESC',
  'accepted-asc': 'accepted_day, case_id, kiosk_id',
  deadline: 'promised_deadline NULLS LAST, case_id',
  centre: 'kiosk_id, accepted_day DESC, case_id DESC',
} as const;

export interface CaseListRow {
  kiosk_id: string;
  case_id: string;
  number: string;
  service_id: string;
  item_id: string;
  state: string;
  level: string;
  worst_level: string;
  accept_clerk: string | null;
  clerk: string | null;
  counter_id: string | null;
  accepted_day: string;
  promised_deadline: string | null;
  legal_deadline: string | null;
  closed_day: string | null;
  late: boolean | null;
  suspensions: number;
  refusal_reason: string | null;
}

const LIST_COLUMNS = `kiosk_id, case_id, number, service_id, item_id, state, level, worst_level, accept_clerk, clerk,
  counter_id, accepted_day, promised_deadline, legal_deadline, closed_day, late, suspensions, refusal_reason`;

/** The WHERE clause for the list filters a page or a drill-down link sets. */
export function caseFilter(q: Record<string, string | undefined>): Where {
  const w = new Where();
  w.add('kiosk_id = ?', idParam(q.centre, 'centre'));
  w.add('service_id = ?', idParam(q.service, 'service'));
  w.add('item_id = ?', idParam(q.item, 'item'));
  const clerk = idParam(q.clerk, 'clerk');
  const state = enumParam(q.state, 'state', STATES);
  if (state === 'open') w.raw(`state IN (${OPEN_CASE_STATES.map((s) => `'${s}'`).join(', ')})`);
  else if (state === 'closed') w.raw(`state IN ('completed', 'refused')`);
  else w.add('state = ?', state);
  w.add('level = ?', enumParam(q.level, 'level', LEVELS));
  w.add('worst_level = ?', enumParam(q.worst, 'worst', LEVELS));
  if (q.late === '1') w.raw('late');
  if (q.suspended === '1') w.raw('suspensions > 0');
  // Which day the date range applies to: acceptance (default) or closing (completion or refusal).
  const on = enumParam(q.on, 'on', ['accepted', 'closed'] as const) ?? 'accepted';
  const dayColumn = on === 'closed' ? 'closed_day' : 'accepted_day';
  w.add(`${dayColumn} >= ?::date`, dayParam(q.from, 'from'));
  w.add(`${dayColumn} <= ?::date`, dayParam(q.to, 'to'));
  if (clerk) w.add(on === 'closed' ? 'clerk = ?' : 'accept_clerk = ?', clerk);
  const number = q.number?.trim();
  if (number) {
    if (!/^[0-9-]{4,20}$/.test(number))
      throw new HttpError(400, 'bad-query', 'a case number is digits and dashes');
    w.add('number LIKE ?', `${number}%`);
  }
  return w;
}

const CSV: ReadonlyArray<CsvColumn<CaseListRow>> = [
  { header: '中心 centre', value: (r) => r.kiosk_id },
  { header: '办件编号 case number', value: (r) => r.number },
  { header: '服务 service', value: (r) => r.service_id },
  { header: '事项 item', value: (r) => r.item_id },
  { header: '状态 state', value: (r) => r.state },
  { header: '监察 level', value: (r) => r.level },
  { header: '最高 worst level', value: (r) => r.worst_level },
  { header: '受理日 accepted', value: (r) => r.accepted_day },
  { header: '受理人 accepted by', value: (r) => r.accept_clerk },
  { header: '窗口 counter', value: (r) => r.counter_id },
  { header: '承诺期限 promised', value: (r) => r.promised_deadline },
  { header: '法定期限 legal', value: (r) => r.legal_deadline },
  { header: '办结日 closed', value: (r) => r.closed_day },
  { header: '超期 late', value: (r) => (r.late ? '是' : '') },
  { header: '补正次数 suspensions', value: (r) => r.suspensions },
  { header: '不予受理理由 refusal reason', value: (r) => r.refusal_reason },
];

async function list(req: RouteRequest, limit: number, offset: number) {
  const w = caseFilter(req.query);
  const sort =
    SORTS[enumParam(req.query.sort, 'sort', Object.keys(SORTS) as Array<keyof typeof SORTS>) ?? 'accepted'];
  const rows = await req.db.query<CaseListRow>(
    `SELECT ${LIST_COLUMNS} FROM cases ${w.sql} ORDER BY ${sort} LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}`,
    w.params,
  );
  return rows;
}

export const casesModule: ConsoleModule = {
  id: 'cases',
  pages: [{ path: '/cases', permission: 'cases.view', title: { zh: '实时监察', en: 'Live supervision' } }],
  routes: () => [
    {
      method: 'GET',
      url: '/api/cases',
      permission: 'cases.view',
      async handler(req) {
        const { limit, offset, page } = pageParams(req.query);
        const w = caseFilter(req.query);
        const { total, capped } = await cappedCount(req.db, 'cases', w);
        return { body: { total, capped, page, size: limit, rows: await list(req, limit, offset) } };
      },
    },
    {
      method: 'GET',
      url: '/api/cases.csv',
      permission: 'cases.view',
      audit: 'export.cases',
      async handler(req) {
        const rows = await list(req, 100_000, 0);
        return {
          download: {
            filename: 'cases.csv',
            contentType: 'text/csv; charset=utf-8',
            content: toCsv(CSV, rows),
          },
          audit: { detail: { filters: req.query, rows: rows.length } },
        };
      },
    },
    {
      method: 'GET',
      url: '/api/cases/:centre/:caseId',
      permission: 'cases.view',
      async handler(req) {
        const centre = idParam(req.params.centre, 'centre');
        const caseId = idParam(req.params.caseId, 'case');
        const [row] = await req.db.query<Record<string, unknown>>(
          `SELECT c.*, (SELECT name FROM directory d WHERE d.kind = 'item' AND d.kiosk_id = '' AND d.id = c.item_id) AS item_name
             FROM cases c WHERE kiosk_id = $1 AND case_id = $2`,
          [centre, caseId],
        );
        if (!row) throw new HttpError(404, 'case.unknown', 'no such case');
        const { applicant_ref: _ref, ...shown } = row;
        const timeline = await req.db.query(
          `SELECT tx_id, seq, ts, change, state, level, clerk, counter_id, promised_deadline, legal_deadline,
                  missing_materials, refusal_reason
             FROM case_events WHERE kiosk_id = $1 AND case_id = $2 ORDER BY seq`,
          [centre, caseId],
        );
        const ratings = await req.db.query(
          `SELECT r.rating_id, r.score, r.day, r.comment, x.state AS rect_state, x.due_day
             FROM ratings r LEFT JOIN rectifications x USING (kiosk_id, rating_id)
            WHERE r.kiosk_id = $1 AND r.subject_kind = 'case' AND r.subject_id = $2`,
          [centre, caseId],
        );
        const notifications = await deliveries(req.db, 'case', String(caseId));
        return { body: { case: shown, timeline, ratings, notifications } };
      },
    },
  ],
};
