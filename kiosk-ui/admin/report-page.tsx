import { useEffect, useState } from 'preact/hooks';
import { apiPaths, type CaseView, type CounterView, type ServiceView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { centreDay } from '../shared/centre-day.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import type { DayReportView, FiguresView } from '../shared/proposed-api.ts';
import { isClosed } from './case-groups.ts';
import { average, medianMinutes } from './report-format.ts';

interface ReportPageProps {
  api: Pick<ApiClient, 'report' | 'listCases'>;
  services: ServiceView[];
  counters: CounterView[];
}

function FiguresRow({ scope, f }: { scope: string; f: FiguresView }) {
  const { t } = useLang();
  return (
    <tr data-testid="report-row">
      <th scope="row">{scope}</th>
      <td>{f.ticketsServed}</td>
      <td>{f.noShows}</td>
      <td>{medianMinutes(t, f.waiting)}</td>
      <td>{medianMinutes(t, f.handling)}</td>
      <td>{f.casesAccepted}</td>
      <td>{f.casesCompletedLate}</td>
      <td>{f.ratingCount}</td>
      <td>{average(t, f.ratingAverage)}</td>
    </tr>
  );
}

/** A chosen day's figures (tickets by service, waiting and handling, no-shows, ratings, late cases), with CSV. */
export function ReportPage({ api, services, counters }: ReportPageProps) {
  const { lang, t } = useLang();
  const [day, setDay] = useState(centreDay());
  const [shownDay, setShownDay] = useState(day);
  const [report, setReport] = useState<DayReportView | null>(null);
  const [overdue, setOverdue] = useState<CaseView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setError(null);
    Promise.all([api.report(shownDay), api.listCases()]).then(
      ([r, c]) => {
        if (stale) return;
        setReport(r);
        setOverdue(c.cases.filter((k) => !isClosed(k) && (k.level === 'yellow' || k.level === 'red')));
      },
      (err: unknown) => !stale && setError(apiErrorText(t, err, 'staff')),
    );
    return () => {
      stale = true;
    };
  }, [api, shownDay]);

  const serviceName = (id: string) => {
    const s = services.find((x) => x.id === id);
    return s ? serviceLabel(lang, s) : id;
  };
  const columns = [
    'report.col.scope',
    'report.col.served',
    'report.col.noShows',
    'report.col.waiting',
    'report.col.handling',
    'report.col.accepted',
    'report.col.late',
    'report.col.ratings',
    'report.col.average',
  ] as const;

  return (
    <main class="report" aria-labelledby="report-title">
      <h2 id="report-title">{t('report.title')}</h2>
      <form
        class="report-controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (/^\d{4}-\d{2}-\d{2}$/.test(day)) setShownDay(day);
        }}
      >
        <label class="field-inline">
          <span>{t('report.day')}</span>
          <input
            type="date"
            data-testid="report-day"
            value={day}
            onInput={(e) => setDay(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="action-button" data-testid="report-load">
          {t('report.load')}
        </button>
        <a class="action-button" data-testid="report-csv" href={apiPaths.reportCsv(shownDay)} download>
          {t('report.csv')}
        </a>
      </form>
      {error && (
        <p class="notice" role="alert">
          {t('admin.error', { message: error })}
        </p>
      )}
      {report && (
        <table class="queue-table report-table" data-testid="report-table" data-day={report.day}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {t(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <FiguresRow scope={t('report.overall')} f={report.overall} />
            {Object.entries(report.byService).map(([id, f]) => (
              <FiguresRow key={id} scope={serviceName(id)} f={f} />
            ))}
            {Object.entries(report.byCounter).map(([id, f]) => (
              <FiguresRow key={`c-${id}`} scope={counters.find((c) => c.id === id)?.name ?? id} f={f} />
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('report.overdueNow', { count: overdue.length })}</h3>
      <ul class="overdue-list" data-testid="report-overdue">
        {overdue.map((c) => (
          <li key={c.id}>
            {c.number} · {c.itemName} · {t(`cases.level.${c.level}`)}
          </li>
        ))}
      </ul>
    </main>
  );
}
