/** 绩效评估: monthly scores and rankings of centres, services and clerks; month over month; report as PDF and CSV. */
import { renderMonthlyReport } from '../../performance/report-pdf.ts';
import { monthlyScores, previousMonth, type ScoreBy } from '../../performance/scores.ts';
import { type ScoringStandard, standardFor } from '../../performance/standard.ts';
import { allStandards, StandardError, saveStandard } from '../../performance/standard-store.ts';
import { toCsv } from '../csv.ts';
import { type ConsoleModule, HttpError } from '../module.ts';
import { enumParam, idParam } from '../query-params.ts';

const monthParam = (v: string | undefined, fallback: string): string => {
  if (!v) return fallback;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new HttpError(400, 'bad-query', 'month is YYYY-MM');
  return v;
};

/** `configured`: the versions the configuration ships; an admin's saved versions come on top of them. */
export function performanceModule(configured: readonly ScoringStandard[]): ConsoleModule {
  return {
    id: 'performance',
    pages: [{ path: '/performance', permission: 'cases.view', title: { zh: '绩效评估', en: 'Performance' } }],
    routes: (ctx) => {
      const lastMonth = () => previousMonth(ctx.today().slice(0, 7));
      const byParam = (v: string | undefined) =>
        enumParam(v, 'by', ['centre', 'service', 'clerk'] as const) ?? 'centre';
      const names = async (db: { query: typeof ctx.db.query }) => {
        const rows = await db.query<{ kind: string; id: string; name: string }>(
          `SELECT kind, id, name FROM directory WHERE kiosk_id = ''`,
        );
        return (kind: ScoreBy, key: string) =>
          kind === 'clerk' ? key : (rows.find((r) => r.kind === kind && r.id === key)?.name ?? key);
      };
      // Read per request, so a version an admin saves scores every month from its start at once.
      const standardsOf = (db: { query: typeof ctx.db.query }) => allStandards(db, configured);
      return [
        {
          method: 'GET',
          url: '/api/performance/standards',
          permission: 'cases.view',
          async handler(req) {
            const month = monthParam(req.query.month, ctx.today().slice(0, 7));
            const versions = await standardsOf(req.db);
            return {
              body: {
                versions: [...versions].reverse(),
                current: standardFor(month, versions).version,
                month,
              },
            };
          },
        },
        {
          method: 'POST',
          url: '/api/performance/standards',
          permission: 'standards.edit',
          audit: 'performance.standard-save',
          async handler(req) {
            try {
              const saved = await saveStandard(req.db, configured, req.body, req.user.username);
              const body = req.body as { indicators: unknown; note: string };
              return {
                status: 201,
                body: saved,
                audit: {
                  target: saved.version,
                  detail: { from: saved.from, note: body.note, indicators: body.indicators },
                },
              };
            } catch (err) {
              if (err instanceof StandardError) throw new HttpError(err.status, err.code, err.message);
              throw err;
            }
          },
        },
        {
          method: 'GET',
          url: '/api/performance',
          permission: 'cases.view',
          async handler(req) {
            const month = monthParam(req.query.month, lastMonth());
            const by: ScoreBy = byParam(req.query.by);
            const standards = await standardsOf(req.db);
            return {
              body: {
                by,
                ...(await monthlyScores(req.db, month, by, standards, idParam(req.query.centre, 'centre'))),
              },
            };
          },
        },
        {
          method: 'GET',
          url: '/api/performance/trend',
          permission: 'cases.view',
          async handler(req) {
            const to = monthParam(req.query.to, lastMonth());
            const months: string[] = [to];
            for (let i = 1; i < 12; i++) months.unshift(previousMonth(months[0]!));
            const series: Array<{ month: string; scores: Record<string, number> }> = [];
            const standards = await standardsOf(req.db);
            for (const month of months) {
              const s = await monthlyScores(req.db, month, 'centre', standards);
              series.push({ month, scores: Object.fromEntries(s.rows.map((r) => [r.key, r.total])) });
            }
            return { body: { months, series } };
          },
        },
        {
          method: 'GET',
          url: '/api/performance/report.csv',
          permission: 'cases.view',
          audit: 'export.performance-csv',
          async handler(req) {
            const month = monthParam(req.query.month, lastMonth());
            const by = byParam(req.query.by);
            const s = await monthlyScores(req.db, month, by, await standardsOf(req.db));
            const nameOf = await names(req.db);
            const csv = toCsv(
              [
                { header: '名次 rank', value: (r) => r.rank },
                { header: '对象 key', value: (r) => nameOf(by, r.key) },
                { header: '总分 total', value: (r) => r.total },
                { header: '上月 previous', value: (r) => r.previous },
                ...s.standard.indicators.map((i) => ({
                  header: `${i.name} ${i.id}`,
                  value: (r: (typeof s.rows)[number]) => r.values[i.id],
                })),
                ...s.standard.indicators.map((i) => ({
                  header: `得分 ${i.id}`,
                  value: (r: (typeof s.rows)[number]) => r.marks[i.id],
                })),
              ],
              s.rows,
            );
            return {
              download: {
                filename: `performance-${month}-${by}.csv`,
                contentType: 'text/csv; charset=utf-8',
                content: csv,
              },
              audit: { detail: { month, by, standard: s.standard.version } },
            };
          },
        },
        {
          method: 'GET',
          url: '/api/performance/report.pdf',
          permission: 'cases.view',
          audit: 'export.performance-pdf',
          async handler(req) {
            const month = monthParam(req.query.month, lastMonth());
            const by = byParam(req.query.by);
            const s = await monthlyScores(req.db, month, by, await standardsOf(req.db));
            const nameOf = await names(req.db);
            const pdf = await renderMonthlyReport({ ...s, by, nameOf: (k) => nameOf(by, k) });
            return {
              download: {
                filename: by === 'centre' ? `performance-${month}.pdf` : `performance-${month}-${by}.pdf`,
                contentType: 'application/pdf',
                content: pdf,
              },
              audit: { detail: { month, by, standard: s.standard.version } },
            };
          },
        },
      ];
    },
  };
}
