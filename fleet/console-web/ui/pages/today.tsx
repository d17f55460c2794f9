/** 今日概况: each centre's day at a glance; every figure links to the list behind it. */
import { centreName, DataTable, Drill, Loading, Tile, useApi } from '../components.tsx';
import { t } from '../i18n.ts';
import { href } from '../router.ts';

interface CentreToday {
  kiosk_id: string;
  issued: number;
  waiting: number;
  served: number;
  no_show: number;
  avg_wait_min: number | null;
  wait_ms: number;
  wait_n: number;
  accepted: number;
  completed: number;
  refused: number;
  open_cases: number;
  warning: number;
  yellow: number;
  red: number;
  ratings: number;
  poor: number;
  online: string | null;
}

const sum = (rows: CentreToday[], k: keyof CentreToday) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0);

export function TodayPage(props: { query: Record<string, string> }) {
  const day = props.query.day;
  const { data, error } = useApi<{ day: string; centres: CentreToday[] }>(
    `/api/overview/today${day ? `?day=${day}` : ''}`,
  );
  if (!data) return <Loading error={error} />;
  const rows = data.centres;
  const d = data.day;
  const waitN = sum(rows, 'wait_n');
  const avg = waitN ? Math.round(sum(rows, 'wait_ms') / waitN / 6000) / 10 : null;
  const casesOn = (q: Record<string, string>) => href('/cases', q);
  return (
    <section>
      <h1>
        {t('todayOf')} <small>{d}</small>
      </h1>
      <div class="tiles" data-testid="district-tiles">
        <Tile
          label={t('issued')}
          value={sum(rows, 'issued')}
          link={href('/tickets', { day: d })}
          testId="tile-issued"
        />
        <Tile
          label={t('waiting')}
          value={sum(rows, 'waiting')}
          link={href('/tickets', { day: d, status: 'waiting' })}
        />
        <Tile label={t('avgWait')} value={avg} />
        <Tile
          label={t('accepted')}
          value={sum(rows, 'accepted')}
          link={casesOn({ from: d, to: d })}
          testId="tile-accepted"
        />
        <Tile
          label={t('closed')}
          value={sum(rows, 'completed') + sum(rows, 'refused')}
          link={casesOn({ on: 'closed', from: d, to: d, state: 'closed' })}
        />
        <Tile label={t('openCases')} value={sum(rows, 'open_cases')} link={casesOn({ state: 'open' })} />
        <Tile
          label={t('yellow')}
          value={sum(rows, 'yellow')}
          tone="yellow"
          link={casesOn({ state: 'open', level: 'yellow' })}
        />
        <Tile
          label={t('red')}
          value={sum(rows, 'red')}
          tone="red"
          link={casesOn({ state: 'open', level: 'red' })}
        />
        <Tile
          label={t('poor')}
          value={sum(rows, 'poor')}
          tone="poor"
          link={href('/ratings', { from: d, to: d, poor: '1' })}
        />
      </div>
      <DataTable
        testId="today-table"
        rowKey={(r) => r.kiosk_id}
        rows={rows}
        columns={[
          {
            key: 'centre',
            label: t('centre'),
            value: (r) => centreName(r.kiosk_id),
            render: (r) => (
              <>
                {centreName(r.kiosk_id)}{' '}
                {r.online ? (
                  <span class={`dot ${r.online}`}>{t(r.online === 'online' ? 'online' : 'offline')}</span>
                ) : null}
              </>
            ),
          },
          {
            key: 'issued',
            label: t('issued'),
            numeric: true,
            value: (r) => r.issued,
            render: (r) => (
              <Drill
                n={r.issued}
                to={href('/tickets', { centre: r.kiosk_id, day: d })}
                testId={`issued-${r.kiosk_id}`}
              />
            ),
          },
          {
            key: 'waiting',
            label: t('waiting'),
            numeric: true,
            value: (r) => r.waiting,
            render: (r) => (
              <Drill n={r.waiting} to={href('/tickets', { centre: r.kiosk_id, day: d, status: 'waiting' })} />
            ),
          },
          { key: 'avg', label: t('avgWait'), numeric: true, value: (r) => r.avg_wait_min },
          {
            key: 'accepted',
            label: t('accepted'),
            numeric: true,
            value: (r) => r.accepted,
            render: (r) => (
              <Drill
                n={r.accepted}
                to={casesOn({ centre: r.kiosk_id, from: d, to: d })}
                testId={`accepted-${r.kiosk_id}`}
              />
            ),
          },
          {
            key: 'closed',
            label: t('closed'),
            numeric: true,
            value: (r) => r.completed + r.refused,
            render: (r) => (
              <Drill
                n={r.completed + r.refused}
                to={casesOn({ centre: r.kiosk_id, on: 'closed', from: d, to: d, state: 'closed' })}
              />
            ),
          },
          {
            key: 'open',
            label: t('openCases'),
            numeric: true,
            value: (r) => r.open_cases,
            render: (r) => <Drill n={r.open_cases} to={casesOn({ centre: r.kiosk_id, state: 'open' })} />,
          },
          {
            key: 'yellow',
            label: t('yellow'),
            numeric: true,
            value: (r) => r.yellow,
            render: (r) => (
              <Drill n={r.yellow} to={casesOn({ centre: r.kiosk_id, state: 'open', level: 'yellow' })} />
            ),
          },
          {
            key: 'red',
            label: t('red'),
            numeric: true,
            value: (r) => r.red,
            render: (r) => (
              <Drill n={r.red} to={casesOn({ centre: r.kiosk_id, state: 'open', level: 'red' })} />
            ),
          },
          {
            key: 'poor',
            label: t('poor'),
            numeric: true,
            value: (r) => r.poor,
            render: (r) => (
              <Drill n={r.poor} to={href('/ratings', { centre: r.kiosk_id, from: d, to: d, poor: '1' })} />
            ),
          },
        ]}
      />
    </section>
  );
}
