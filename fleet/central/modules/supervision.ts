/**
 * 预警纠错: open cases at warning, yellow and red across centres (levels counted at central as of
 * today, the kiosks' own level shown beside); 重点监察 of refusals and 补正 with the flags the rules
 * single out; and the notices a supervisor issues, as PDF, with the centre's reply and revocation.
 */
import { renderNoticePdf } from '../../supervision/notice-pdf.ts';
import {
  issueNotice,
  NoticeError,
  type NoticeRow,
  recordReply,
  revokeNotice,
} from '../../supervision/notices.ts';
import { KIND_OF_LEVEL, levelBounds, type NoticeKind } from '../../supervision/policy.ts';
import { type CsvColumn, csvHeader, csvLines } from '../csv.ts';
import { type ConsoleContext, type ConsoleModule, HttpError, type RouteRequest } from '../module.ts';
import { COUNT_CAP, cappedCount, dayParam, enumParam, idParam, pageParams, Where } from '../query-params.ts';

const LEVELS = ['warning', 'yellow', 'red'] as const;
const KINDS = ['urge', 'yellow', 'red'] as const;
const STATE_ZH: Record<string, string> = { accepted: '已受理', 'in-progress': '办理中', suspended: '补正中' };

async function noticeErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NoticeError) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}

async function levelList(req: RouteRequest, ctx: ConsoleContext) {
  const level = enumParam(req.query.level, 'level', LEVELS) ?? 'yellow';
  const today = ctx.today();
  const { warnUntil, redBefore } = levelBounds(today, ctx.supervision, ctx.projection.calendar);
  const w = new Where();
  w.raw(`c.state IN ('accepted', 'in-progress', 'suspended')`);
  if (level === 'warning')
    w.add('c.promised_deadline >= ?::date', today).add('c.promised_deadline <= ?::date', warnUntil);
  if (level === 'yellow')
    w.add('c.promised_deadline < ?::date', today).add('c.promised_deadline > ?::date', redBefore);
  if (level === 'red') w.add('c.promised_deadline <= ?::date', redBefore);
  w.add('c.kiosk_id = ?', idParam(req.query.centre, 'centre'));
  w.add('c.service_id = ?', idParam(req.query.service, 'service'));
  const { limit, offset, page } = pageParams(req.query);
  const { total, capped } = await cappedCount(req.db, 'cases c', w);
  const kind = KIND_OF_LEVEL[level];
  const rows = await req.db.query(
    `SELECT c.kiosk_id, c.case_id, c.number, c.service_id, c.item_id, c.state, c.level AS kiosk_level, c.accept_clerk,
            c.accepted_day, c.promised_deadline, c.legal_deadline,
            n.id AS notice_id, n.state AS notice_state, n.reply_by
       FROM cases c
       LEFT JOIN supervision_notices n ON n.kiosk_id = c.kiosk_id AND n.case_id = c.case_id
            AND n.kind = '${kind}' AND n.state <> 'revoked'
       ${w.sql} ORDER BY c.promised_deadline, c.kiosk_id, c.case_id LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}`,
    w.params,
  );
  return { level, kind, today, total, capped, page, size: limit, rows };
}

const FOCUS_KINDS = ['refusals', 'corrections', 'flags'] as const;
type FocusKind = (typeof FOCUS_KINDS)[number];

/**
 * 重点监察 as one SQL question whose rows come newest first (the order of the partial indexes
 * cases_refused and case_events_corrections): refusals, 补正 requests, or the flagged ones of
 * both (a refusal without a stated reason; a 补正 notice more working days after the materials
 * arrived than the rules allow, counted by ingest with the kiosks' calendar). Pages and the CSV
 * read slices of it.
 */
function focusQuery(req: RouteRequest, ctx: ConsoleContext) {
  const kind: FocusKind = enumParam(req.query.kind, 'kind', FOCUS_KINDS) ?? 'refusals';
  const today = ctx.today();
  const from = dayParam(req.query.from, 'from') ?? `${today.slice(0, 8)}01`;
  const to = dayParam(req.query.to, 'to') ?? today;
  const centre = idParam(req.query.centre, 'centre');
  // $4 only where the SQL uses it: a parameter the text never names has no type, and one past it
  // (the CSV's page key) would leave a gap the server refuses.
  const params: unknown[] = [from, to, centre ?? null];
  if (kind !== 'refusals') params.push(ctx.supervision.correctionNoticeDays);
  const noReason = `(refusal_reason IS NULL OR btrim(refusal_reason) = '')`;
  const refusals = (flaggedOnly: boolean) =>
    `SELECT kiosk_id, case_id, number, service_id, item_id, clerk, closed_day AS day, case_id AS sort_id,
            refusal_reason, refusal_reviewed, NULL::jsonb AS missing_materials, 'refusal' AS what,
            ${noReason} AS flag_no_reason, NULL::integer AS working_days_after_acceptance,
            NULL::boolean AS flag_late_notice, NULL::bigint AS ts
       FROM cases WHERE state = 'refused' AND closed_day BETWEEN $1::date AND $2::date
        AND ($3::text IS NULL OR kiosk_id = $3) ${flaggedOnly ? `AND ${noReason}` : ''}`;
  const corrections = (flaggedOnly: boolean) =>
    `SELECT e.kiosk_id, e.case_id, c.number, c.service_id, c.item_id, e.clerk, e.day, e.tx_id AS sort_id,
            NULL::text AS refusal_reason, NULL::boolean AS refusal_reviewed, e.missing_materials, 'correction' AS what,
            NULL::boolean AS flag_no_reason, e.notice_working_days AS working_days_after_acceptance,
            coalesce(e.notice_working_days > $4::integer, false) AS flag_late_notice, e.ts
       FROM case_events e JOIN cases c USING (kiosk_id, case_id)
      WHERE e.change = 'suspend' AND e.day BETWEEN $1::date AND $2::date
        AND ($3::text IS NULL OR e.kiosk_id = $3) ${flaggedOnly ? 'AND e.notice_working_days > $4::integer' : ''}`;
  const union =
    kind === 'refusals'
      ? refusals(false)
      : kind === 'corrections'
        ? corrections(false)
        : `${refusals(true)} UNION ALL ${corrections(true)}`;
  return { kind, from, to, params, sql: union };
}

const FOCUS_ORDER = 'ORDER BY day DESC, kiosk_id DESC, sort_id DESC';
/** Fields only one kind of row has (optional in the contract, so left out rather than null). */
const OPTIONAL_FOCUS = new Set(['flag_no_reason', 'flag_late_notice', 'working_days_after_acceptance', 'ts']);

async function focusPage(
  req: RouteRequest,
  q: ReturnType<typeof focusQuery>,
  limit: number,
  offset: number,
): Promise<Array<Record<string, unknown>>> {
  const rows = await req.db.query<Record<string, unknown>>(
    `SELECT * FROM (${q.sql}) f ${FOCUS_ORDER} LIMIT ${limit} OFFSET ${offset}`,
    q.params,
  );
  return rows.map(focusRow);
}

/** A row as the list gives it: without its sort key, and without the other kind's fields. */
const focusRow = ({ sort_id: _s, ...r }: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null || !OPTIONAL_FOCUS.has(k)));

async function focusList(req: RouteRequest, ctx: ConsoleContext) {
  const q = focusQuery(req, ctx);
  const { limit, offset, page } = pageParams(req.query);
  const [count] = await req.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${q.sql}) f LIMIT ${COUNT_CAP + 1}) s`,
    q.params,
  );
  const n = count?.n ?? 0;
  const rows = await focusPage(req, q, limit, offset);
  return {
    kind: q.kind,
    from: q.from,
    to: q.to,
    total: Math.min(n, COUNT_CAP),
    capped: n > COUNT_CAP,
    page,
    size: limit,
    rows,
  };
}

const FOCUS_CSV: ReadonlyArray<CsvColumn<Record<string, unknown>>> = [
  { header: '日期 day', value: (r) => r.day },
  { header: '中心 centre', value: (r) => r.kiosk_id },
  { header: '办件编号 case number', value: (r) => r.number },
  { header: '服务 service', value: (r) => r.service_id },
  { header: '事项 item', value: (r) => r.item_id },
  { header: '类别 what', value: (r) => (r.what === 'refusal' ? '不予受理' : '补正告知') },
  { header: '理由 reason', value: (r) => r.refusal_reason },
  { header: '补正材料 materials', value: (r) => (r.missing_materials as string[] | null)?.join('、') },
  { header: '告知工作日 working days', value: (r) => r.working_days_after_acceptance },
  { header: '未说明理由 no reason', value: (r) => (r.flag_no_reason ? '是' : '') },
  { header: '补正告知超期 late notice', value: (r) => (r.flag_late_notice ? '是' : '') },
  { header: '办理人 clerk', value: (r) => r.clerk },
];

/**
 * Every row of the list, read page by page and written as it comes (a year of 补正 is not held in
 * memory). Paged by key (after the last row's day, centre and id, in the list's order), not by
 * OFFSET: a row arriving during the download does not shift a page (no row twice or skipped), and
 * a page does not rescan the ones before it.
 */
async function* focusCsv(
  req: RouteRequest,
  q: ReturnType<typeof focusQuery>,
  chunk: number,
): AsyncGenerator<string> {
  yield csvHeader(FOCUS_CSV);
  let after: [unknown, unknown, unknown] | null = null;
  for (;;) {
    const n = q.params.length;
    const rows: Array<Record<string, unknown>> = await req.db.query<Record<string, unknown>>(
      `SELECT * FROM (${q.sql}) f
        ${after ? `WHERE (day, kiosk_id, sort_id) < ($${n + 1}, $${n + 2}, $${n + 3})` : ''}
        ${FOCUS_ORDER} LIMIT ${chunk}`,
      after ? [...q.params, ...after] : q.params,
    );
    const last = rows.at(-1);
    if (last) {
      after = [last.day, last.kiosk_id, last.sort_id];
      yield csvLines(FOCUS_CSV, rows.map(focusRow));
    }
    if (rows.length < chunk) return;
  }
}

async function noticeContent(req: RouteRequest, n: NoticeRow) {
  const [c] = await req.db.query<Record<string, string | null>>(
    `SELECT c.accepted_day, c.promised_deadline, c.legal_deadline, c.state, c.item_id,
            (SELECT name FROM directory WHERE kind = 'centre' AND kiosk_id = '' AND id = c.kiosk_id) AS centre_name,
            (SELECT name FROM directory WHERE kind = 'item' AND kiosk_id = '' AND id = c.item_id) AS item_name
       FROM cases c WHERE kiosk_id = $1 AND case_id = $2`,
    [n.kiosk_id, n.case_id],
  );
  return {
    id: Number(n.id),
    kind: n.kind,
    year: n.issued_day.slice(0, 4),
    centreName: c?.centre_name ?? n.kiosk_id,
    itemName: c?.item_name ?? c?.item_id ?? '',
    caseNumber: n.case_number,
    acceptedDay: c?.accepted_day ?? '',
    promisedDeadline: c?.promised_deadline ?? null,
    legalDeadline: c?.legal_deadline ?? null,
    state: STATE_ZH[c?.state ?? ''] ?? c?.state ?? '',
    rule: { code: n.rule_code, title: n.rule_title, version: n.rule_version },
    issuedDay: n.issued_day,
    issuedBy: n.issued_by,
    replyBy: n.reply_by,
    issuer: '区电子监察中心',
  };
}

const noticeId = (v: string | undefined): number => {
  const id = Number(v);
  if (!Number.isInteger(id) || id <= 0)
    throw new HttpError(400, 'bad-query', 'a notice id is a positive number');
  return id;
};
const text = (body: unknown, key: string): string => {
  const v = (body as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v.slice(0, 2000) : '';
};

export const supervisionModule: ConsoleModule = {
  id: 'supervision',
  pages: [
    { path: '/supervision', permission: 'cases.view', title: { zh: '预警纠错', en: 'Warnings & cards' } },
  ],
  routes: (ctx) => [
    {
      method: 'GET',
      url: '/api/supervision/levels',
      permission: 'cases.view',
      handler: async (req) => ({ body: await levelList(req, ctx) }),
    },
    {
      method: 'GET',
      url: '/api/supervision/focus',
      permission: 'cases.view',
      handler: async (req) => ({ body: await focusList(req, ctx) }),
    },
    {
      method: 'GET',
      url: '/api/supervision/focus.csv',
      permission: 'cases.view',
      audit: 'export.focus',
      async handler(req) {
        const q = focusQuery(req, ctx);
        return {
          download: {
            filename: `focus-${q.kind}-${q.from}-${q.to}.csv`,
            contentType: 'text/csv; charset=utf-8',
            content: focusCsv(req, q, ctx.csvChunkRows ?? 2000),
          },
          audit: { detail: { filters: req.query } },
        };
      },
    },
    {
      method: 'GET',
      url: '/api/supervision/notices',
      permission: 'cases.view',
      async handler(req) {
        const { limit, offset, page } = pageParams(req.query);
        const w = new Where();
        w.add('kiosk_id = ?', idParam(req.query.centre, 'centre'));
        const state = enumParam(req.query.state, 'state', ['sent', 'replied', 'revoked', 'overdue'] as const);
        if (state === 'overdue') w.raw(`state = 'sent'`).add('reply_by < ?::date', ctx.today());
        else w.add('state = ?', state);
        w.add('case_id = ?', idParam(req.query.caseId, 'case'));
        const [n] = await req.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM supervision_notices ${w.sql}`,
          w.params,
        );
        const rows = await req.db.query(
          `SELECT * FROM supervision_notices ${w.sql} ORDER BY id DESC LIMIT ${w.next(limit)} OFFSET ${w.next(offset)}`,
          w.params,
        );
        return { body: { total: n?.n ?? 0, page, size: limit, rows } };
      },
    },
    {
      method: 'POST',
      url: '/api/supervision/notices',
      permission: 'supervision.act',
      audit: 'notice.issue',
      async handler(req) {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const kioskId = idParam(typeof b.centre === 'string' ? b.centre : undefined, 'centre');
        const caseId = idParam(typeof b.caseId === 'string' ? b.caseId : undefined, 'case');
        const kind = enumParam(typeof b.kind === 'string' ? b.kind : undefined, 'kind', KINDS) as
          | NoticeKind
          | undefined;
        if (!kioskId || !caseId || !kind)
          throw new HttpError(422, 'notice.fields', 'say the centre, the case and the kind');
        const notice = await noticeErrors(() =>
          issueNotice(
            req.db,
            { kioskId, caseId, kind, by: req.user.username, today: ctx.today() },
            ctx.supervision,
            ctx.projection.calendar,
          ),
        );
        const after = await ctx.sharedDown?.noticesChanged(req.db, kioskId);
        return {
          status: 201,
          body: notice,
          ...(after ? { after } : {}),
          audit: { target: `notice ${notice.id} ${kioskId}/${notice.case_number}`, detail: { kind } },
        };
      },
    },
    {
      method: 'POST',
      url: '/api/supervision/notices/:id/reply',
      permission: 'supervision.act',
      audit: 'notice.reply',
      async handler(req) {
        const id = noticeId(req.params.id);
        const reply = text(req.body, 'text');
        const n = await noticeErrors(() => recordReply(req.db, id, reply, req.user.username, ctx.today()));
        const after = await ctx.sharedDown?.noticesChanged(req.db, n.kiosk_id);
        return { ...(after ? { after } : {}), audit: { target: `notice ${id}`, detail: { text: reply } } };
      },
    },
    {
      method: 'POST',
      url: '/api/supervision/notices/:id/revoke',
      permission: 'supervision.act',
      audit: 'notice.revoke',
      async handler(req) {
        const id = noticeId(req.params.id);
        const reason = text(req.body, 'reason');
        const n = await noticeErrors(() => revokeNotice(req.db, id, reason, req.user.username));
        const after = await ctx.sharedDown?.noticesChanged(req.db, n.kiosk_id);
        return { ...(after ? { after } : {}), audit: { target: `notice ${id}`, detail: { reason } } };
      },
    },
    {
      method: 'GET',
      url: '/api/supervision/notices/:id/pdf',
      permission: 'cases.view',
      audit: 'export.notice',
      async handler(req) {
        const id = noticeId(req.params.id);
        const [n] = await req.db.query<NoticeRow>('SELECT * FROM supervision_notices WHERE id = $1', [id]);
        if (!n) throw new HttpError(404, 'notice.unknown', 'no such notice');
        const pdf = await renderNoticePdf(await noticeContent(req, n));
        return {
          download: { filename: `notice-${id}.pdf`, contentType: 'application/pdf', content: pdf },
          audit: { target: `notice ${id}` },
        };
      },
    },
  ],
};
