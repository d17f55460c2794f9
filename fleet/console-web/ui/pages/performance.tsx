/** 绩效评估: the month's ranking (horizontal comparison) and each centre's score by month (vertical), with the report. */
import { useMemo } from 'preact/hooks';
import { Chart } from '../chart.tsx';
import { apiQuery, centreName, DataTable, Filters, Loading, useApi } from '../components.tsx';
import { named } from '../directory.ts';
import { lang, t } from '../i18n.ts';
import { StandardEditor } from './standard-editor.tsx';

interface Indicator {
  id: string;
  name: string;
  weight: number;
}
interface ScoreRow {
  key: string;
  values: Record<string, number | null>;
  marks: Record<string, number>;
  total: number;
  rank: number;
  previous: number | null;
}

export function PerformancePage(props: { query: Record<string, string>; canEdit: boolean }) {
  const q = props.query;
  const by = q.by ?? 'centre';
  const { data, error, reload } = useApi<{
    month: string;
    standard: { version: string; indicators: Indicator[] };
    rows: ScoreRow[];
  }>(`/api/performance${apiQuery({ month: q.month ?? '', by })}`);
  const trend = useApi<{
    months: string[];
    series: Array<{ month: string; scores: Record<string, number> }>;
  }>(`/api/performance/trend${apiQuery({ to: q.month ?? '' })}`);
  const label = (key: string) =>
    by === 'centre' ? centreName(key) : by === 'service' ? named('service', key) : key;
  const ranking = useMemo(
    () =>
      data && {
        grid: { left: 160, right: 30, top: 10, bottom: 30 },
        tooltip: {},
        xAxis: { type: 'value', max: 100 },
        yAxis: { type: 'category', inverse: true, data: data.rows.map((r) => label(r.key)) },
        series: [
          {
            type: 'bar',
            data: data.rows.map((r) => r.total),
            itemStyle: { color: '#0b5cad' },
            label: { show: true, position: 'right' },
          },
        ],
      },
    [data],
  );
  const lines = useMemo(() => {
    if (!trend.data) return null;
    const keys = [...new Set(trend.data.series.flatMap((s) => Object.keys(s.scores)))].sort();
    return {
      grid: { left: 40, right: 20, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0, data: keys.map((k) => centreName(k)) },
      xAxis: { type: 'category', data: trend.data.months },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: keys.map((k) => ({
        type: 'line',
        name: centreName(k),
        data: trend.data!.series.map((s) => s.scores[k] ?? null),
      })),
    };
  }, [trend.data]);
  const zh = lang.get() === 'zh';
  return (
    <section>
      <h1>
        绩效评估{' '}
        {data ? (
          <small>
            {data.month} · {zh ? '评估标准' : 'standard'} {data.standard.version}
          </small>
        ) : null}
      </h1>
      <Filters
        path="/performance"
        query={q}
        csv={`/api/performance/report.csv${apiQuery({ month: q.month ?? '', by })}`}
        fields={[
          { key: 'month', label: 'period', kind: 'text' },
          {
            key: 'by',
            label: 'breakdown',
            kind: 'select',
            options: [
              { value: 'centre', label: '中心 centre' },
              { value: 'service', label: '服务 service' },
              { value: 'clerk', label: '办理人 clerk' },
            ],
          },
        ]}
      />
      <p>
        <a
          class="button"
          href={`/api/performance/report.pdf${apiQuery({ month: q.month ?? '', by })}`}
          data-testid="report-pdf"
        >
          {zh ? '月报 PDF' : 'Monthly report (PDF)'}
        </a>
      </p>
      {!data || !ranking ? (
        <Loading error={error} />
      ) : (
        <>
          <div class="charts">
            <Chart
              option={ranking}
              testId="ranking-chart"
              label={zh ? '本月排名' : 'Ranking'}
              height={Math.max(200, data.rows.length * 28 + 40)}
            />
            {lines ? (
              <Chart option={lines} testId="trend-chart" label={zh ? '逐月得分' : 'Score by month'} />
            ) : null}
          </div>
          <DataTable
            testId="score-table"
            rowKey={(r) => r.key}
            rows={data.rows}
            columns={[
              { key: 'rank', label: zh ? '名次' : 'Rank', numeric: true, value: (r) => r.rank },
              {
                key: 'key',
                label: t(by === 'centre' ? 'centre' : by === 'service' ? 'service' : 'clerk'),
                value: (r) => label(r.key),
              },
              {
                key: 'total',
                label: zh ? '总分' : 'Score',
                numeric: true,
                value: (r) => r.total,
                render: (r) => <strong>{r.total}</strong>,
              },
              {
                key: 'delta',
                label: zh ? '环比' : 'vs last month',
                numeric: true,
                value: (r) => (r.previous === null ? null : Math.round((r.total - r.previous) * 10) / 10),
              },
              ...data.standard.indicators.map((i) => ({
                key: i.id,
                label: `${i.name} (${i.weight})`,
                numeric: true,
                value: (r: ScoreRow) => r.values[i.id],
                render: (r: ScoreRow) => (
                  <span title={`${r.marks[i.id]} / ${i.weight}`}>
                    {r.values[i.id] ?? '—'} <small class="muted">{r.marks[i.id]}</small>
                  </span>
                ),
              })),
            ]}
          />
          <StandardEditor
            month={data.month}
            canEdit={props.canEdit}
            onSaved={() => {
              reload();
              trend.reload();
            }}
          />
        </>
      )}
    </section>
  );
}
