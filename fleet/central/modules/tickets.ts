/** The tickets behind a day's queue figures (drill-down from 今日概况), with CSV. */
import { deliveryStates } from '../../notify/delivery-states.ts';
import { type CsvColumn, toCsv } from '../csv.ts';
import type { ConsoleModule, RouteRequest } from '../module.ts';
import { cappedCount, dayParam, enumParam, idParam, pageParams, Where } from '../query-params.ts';

interface TicketListRow {
  kiosk_id: string;
  ticket_id: string;
  day: string;
  number: string | null;
  service_id: string | null;
  priority: boolean | null;
  status: string;
  issued_at: number | null;
  called_at: number | null;
  waited_ms: number | null;
  finished_at: number | null;
  counter_id: string | null;
  clerk: string | null;
}

function filter(q: Record<string, string | undefined>, today: string): Where {
  const w = new Where();
  w.add('kiosk_id = ?', idParam(q.centre, 'centre'));
  w.add('day = ?::date', dayParam(q.day, 'day') ?? today);
  w.add('service_id = ?', idParam(q.service, 'service'));
  w.add('clerk = ?', idParam(q.clerk, 'clerk'));
  w.add('status = ?', enumParam(q.status, 'status', ['waiting', 'called', 'done', 'no-show'] as const));
  return w;
}

const COLUMNS =
  'kiosk_id, ticket_id, day, number, service_id, priority, status, issued_at, called_at, waited_ms, finished_at, counter_id, clerk';

const time = (ms: number | null) => (ms ? new Date(ms).toISOString() : '');
const CSV: ReadonlyArray<CsvColumn<TicketListRow>> = [
  { header: '中心 centre', value: (r) => r.kiosk_id },
  { header: '日期 day', value: (r) => r.day },
  { header: '号码 number', value: (r) => r.number },
  { header: '服务 service', value: (r) => r.service_id },
  { header: '优先 priority', value: (r) => (r.priority ? '是' : '') },
  { header: '状态 status', value: (r) => r.status },
  { header: '取号 issued', value: (r) => time(r.issued_at) },
  { header: '叫号 called', value: (r) => time(r.called_at) },
  {
    header: '等候分钟 waited min',
    value: (r) => (r.waited_ms === null ? '' : Math.round(r.waited_ms / 60_000)),
  },
  { header: '窗口 counter', value: (r) => r.counter_id },
  { header: '办理人 clerk', value: (r) => r.clerk },
];

const rowsOf = (req: RouteRequest, today: string, limit: number, offset: number) => {
  const w = filter(req.query, today);
  return req.db.query<TicketListRow>(
    `SELECT ${COLUMNS} FROM tickets ${w.sql} ORDER BY issued_at, ticket_id LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}`,
    w.params,
  );
};

export const ticketsModule: ConsoleModule = {
  id: 'tickets',
  pages: [{ path: '/tickets', permission: 'overview.view', title: { zh: '取号明细', en: 'Tickets' } }],
  routes: (ctx) => [
    {
      method: 'GET',
      url: '/api/tickets',
      permission: 'overview.view',
      async handler(req) {
        const { limit, offset, page } = pageParams(req.query);
        const w = filter(req.query, ctx.today());
        const { total, capped } = await cappedCount(req.db, 'tickets', w);
        const rows = await rowsOf(req, ctx.today(), limit, offset);
        // The "turn near" SMS each ticket caused, with its delivery state (numbers masked).
        const sms = await deliveryStates(
          req.db,
          'ticket',
          rows.map((r) => r.ticket_id),
          rows.map((r) => r.kiosk_id),
        );
        return { body: { total, capped, page, size: limit, rows, sms } };
      },
    },
    {
      method: 'GET',
      url: '/api/tickets.csv',
      permission: 'overview.view',
      audit: 'export.tickets',
      async handler(req) {
        const rows = await rowsOf(req, ctx.today(), 100_000, 0);
        return {
          download: {
            filename: 'tickets.csv',
            contentType: 'text/csv; charset=utf-8',
            content: toCsv(CSV, rows),
          },
          audit: { detail: { filters: req.query, rows: rows.length } },
        };
      },
    },
  ],
};
