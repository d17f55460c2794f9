import type { DayPerformance, Figures } from '../cases/index.ts';

const COLUMNS: Array<[string, (f: Figures) => number | string | null]> = [
  ['tickets_served', (f) => f.ticketsServed],
  ['no_shows', (f) => f.noShows],
  ['no_show_rate', (f) => f.noShowRate],
  ['waiting_median_min', (f) => (f.waiting ? f.waiting.medianMs / 60_000 : null)],
  ['handling_median_min', (f) => (f.handling ? f.handling.medianMs / 60_000 : null)],
  ['cases_accepted', (f) => f.casesAccepted],
  ['cases_completed', (f) => f.casesCompleted],
  ['cases_completed_late', (f) => f.casesCompletedLate],
  ['overdue_rate', (f) => f.overdueRate],
  ['ratings', (f) => f.ratingCount],
  ['rating_average', (f) => f.ratingAverage],
];

const cell = (v: number | string | null): string =>
  v === null
    ? ''
    : typeof v === 'number'
      ? String(Math.round(v * 100) / 100)
      : `"${v.replaceAll('"', '""')}"`;

/** The day's report as CSV: one row overall, then one per service, counter and clerk. */
export function reportCsv(report: DayPerformance, names: { service: (id: string) => string }): string {
  const rows = [['day', 'scope', 'name', ...COLUMNS.map(([h]) => h)].join(',')];
  const add = (scope: string, name: string, f: Figures) =>
    rows.push([report.day, scope, cell(name), ...COLUMNS.map(([, get]) => cell(get(f)))].join(','));
  add('overall', '', report.overall);
  for (const [id, f] of Object.entries(report.byService)) add('service', names.service(id), f);
  for (const [id, f] of Object.entries(report.byCounter)) add('counter', id, f);
  for (const [id, f] of Object.entries(report.byClerk)) add('clerk', id, f);
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
