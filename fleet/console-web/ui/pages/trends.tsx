/** 决策辅助: figures by week or month with a bar chart, and a breakdown by centre, service, item or clerk. */
import { apiQuery, centreName, DataTable, Drill, Filters, Loading, useApi } from '../components.tsx';
import { named } from '../directory.ts';
import { t } from '../i18n.ts';
import { href } from '../router.ts';

interface TrendRow {
  period: string;
  issued: number;
  served: number;
  avg_wait_min: number | null;
  avg_handle_min: number | null;
  accepted: number;
  completed: number;
  completed_late: number;
  refused: number;
  suspended: number;
  yellow: number;
  red: number;
  ratings: number;
  poor: number;
}

interface BreakdownRow {
  key: string;
  issued: number;
  served: number;
  avg_wait_min: number | null;
  accepted: number;
  completed: number;
  on_time_rate: number | null;
  refused: number;
  suspended: number;
  yellow: number;
  poor: number;
}

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** End of the period that starts on `start`, for drill-down links. */
function periodEnd(start: string, by: string): string {
  if (by === 'day') return start;
  if (by === 'week') return addDays(start, 6);
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function Bars(props: { rows: TrendRow[] }) {
  const max = Math.max(1, ...props.rows.map((r) => r.accepted));
  const w = 640;
  const h = 160;
  const bw = w / Math.max(1, props.rows.length);
  return (
    <svg
      class="bars"
      viewBox={`0 0 ${w} ${h + 20}`}
      role="img"
      aria-label={`${t('accepted')} / ${t('completed')}`}
    >
      {props.rows.map((r, i) => {
        const a = (r.accepted / max) * h;
        const c = (r.completed / max) * h;
        return (
          <g key={r.period}>
            <rect x={i * bw + 2} y={h - a} width={bw / 2 - 2} height={a} class="bar-a" />
            <rect x={i * bw + bw / 2} y={h - c} width={bw / 2 - 2} height={c} class="bar-c" />
            {props.rows.length <= 16 ? (
              <text x={i * bw + bw / 2} y={h + 14} text-anchor="middle">
                {r.period.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

const DIMS = [
  { value: 'centre', label: '中心 centre' },
  { value: 'service', label: '服务 service' },
  { value: 'item', label: '事项 item' },
  { value: 'clerk', label: '办理人 clerk' },
];

export function TrendsPage(props: { query: Record<string, string> }) {
  const q = props.query;
  const by = q.by ?? 'week';
  const trend = useApi<{ from: string; to: string; rows: TrendRow[] }>(
    `/api/overview/trend${apiQuery({ by, centre: q.centre ?? '', service: q.service ?? '', from: q.from ?? '', to: q.to ?? '' })}`,
  );
  const dim = q.dim ?? 'centre';
  const breakdown = useApi<{ from: string; to: string; rows: BreakdownRow[] }>(
    `/api/overview/breakdown${apiQuery({ by: dim, centre: q.centre ?? '', service: q.service ?? '', from: q.from ?? '', to: q.to ?? '' })}`,
  );
  const drillFilter = (row: BreakdownRow): Record<string, string> => {
    const base: Record<string, string> = { centre: q.centre ?? '', service: q.service ?? '' };
    if (dim === 'centre') base.centre = row.key;
    if (dim === 'service') base.service = row.key;
    if (dim === 'item') base.item = row.key;
    if (dim === 'clerk') base.clerk = row.key;
    return base;
  };
  const range = breakdown.data ? { from: breakdown.data.from, to: breakdown.data.to } : {};
  return (
    <section>
      <h1>决策辅助 · {t('breakdown')}</h1>
      <Filters
        path="/trends"
        query={q}
        fields={[
          {
            key: 'by',
            label: 'period',
            kind: 'select',
            options: [
              { value: 'week', label: t('byWeek') },
              { value: 'month', label: t('byMonth') },
              { value: 'day', label: t('byDay') },
            ],
          },
          { key: 'dim', label: 'breakdown', kind: 'select', options: DIMS },
          { key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' },
          { key: 'service', label: 'service', kind: 'directory', dir: 'service' },
          { key: 'from', label: 'from', kind: 'day' },
          { key: 'to', label: 'to', kind: 'day' },
        ]}
      />
      {!trend.data ? (
        <Loading error={trend.error} />
      ) : (
        <>
          <Bars rows={trend.data.rows} />
          <p class="legend">
            <span class="key-a" /> {t('accepted')} <span class="key-c" /> {t('completed')}
          </p>
          <DataTable
            testId="trend-table"
            rowKey={(r) => r.period}
            rows={trend.data.rows}
            columns={[
              { key: 'period', label: t('period'), value: (r) => r.period },
              { key: 'issued', label: t('issued'), numeric: true, value: (r) => r.issued },
              { key: 'wait', label: t('avgWait'), numeric: true, value: (r) => r.avg_wait_min },
              { key: 'handle', label: t('avgHandle'), numeric: true, value: (r) => r.avg_handle_min },
              {
                key: 'accepted',
                label: t('accepted'),
                numeric: true,
                value: (r) => r.accepted,
                render: (r) => (
                  <Drill
                    n={r.accepted}
                    to={href('/cases', {
                      centre: q.centre,
                      service: q.service,
                      from: r.period,
                      to: periodEnd(r.period, by),
                    })}
                  />
                ),
              },
              {
                key: 'completed',
                label: t('completed'),
                numeric: true,
                value: (r) => r.completed,
                render: (r) => (
                  <Drill
                    n={r.completed}
                    to={href('/cases', {
                      centre: q.centre,
                      service: q.service,
                      on: 'closed',
                      state: 'completed',
                      from: r.period,
                      to: periodEnd(r.period, by),
                    })}
                  />
                ),
              },
              { key: 'late', label: t('late'), numeric: true, value: (r) => r.completed_late },
              { key: 'refused', label: t('refused'), numeric: true, value: (r) => r.refused },
              { key: 'suspended', label: t('suspended'), numeric: true, value: (r) => r.suspended },
              { key: 'yellow', label: t('yellow'), numeric: true, value: (r) => r.yellow },
              { key: 'ratings', label: t('ratings'), numeric: true, value: (r) => r.ratings },
              { key: 'poor', label: t('poor'), numeric: true, value: (r) => r.poor },
            ]}
          />
        </>
      )}
      <h2>
        {t('breakdown')}{' '}
        <small>
          {range.from} – {range.to}
        </small>
      </h2>
      {!breakdown.data ? (
        <Loading error={breakdown.error} />
      ) : (
        <DataTable
          testId="breakdown-table"
          rowKey={(r) => r.key}
          rows={breakdown.data.rows}
          columns={[
            {
              key: 'key',
              label: DIMS.find((d) => d.value === dim)?.label ?? dim,
              value: (r) =>
                dim === 'centre'
                  ? centreName(r.key)
                  : dim === 'clerk'
                    ? r.key
                    : named(dim as 'service' | 'item', r.key),
            },
            { key: 'issued', label: t('issued'), numeric: true, value: (r) => r.issued },
            { key: 'wait', label: t('avgWait'), numeric: true, value: (r) => r.avg_wait_min },
            {
              key: 'accepted',
              label: t('accepted'),
              numeric: true,
              value: (r) => r.accepted,
              render: (r) => (
                <Drill
                  n={r.accepted}
                  to={href('/cases', { ...drillFilter(r), ...range })}
                  testId={`bd-accepted-${r.key}`}
                />
              ),
            },
            { key: 'completed', label: t('completed'), numeric: true, value: (r) => r.completed },
            { key: 'ontime', label: t('onTime'), numeric: true, value: (r) => r.on_time_rate },
            {
              key: 'refused',
              label: t('refused'),
              numeric: true,
              value: (r) => r.refused,
              render: (r) => (
                <Drill
                  n={r.refused}
                  to={href('/cases', { ...drillFilter(r), ...range, on: 'closed', state: 'refused' })}
                />
              ),
            },
            { key: 'suspended', label: t('suspended'), numeric: true, value: (r) => r.suspended },
            { key: 'yellow', label: t('yellow'), numeric: true, value: (r) => r.yellow },
            { key: 'poor', label: t('poor'), numeric: true, value: (r) => r.poor },
          ]}
        />
      )}
    </section>
  );
}
