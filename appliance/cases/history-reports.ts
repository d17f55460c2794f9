/**
 * Day and month figures over the live records and the archive: a day before the store's
 * `archivedBefore` is read from its archived summary (its report added up at compaction: counts
 * and sorted durations, never a record), a later one from the live records. Each day's input counts only for that day, so a case accepted on one
 * day and completed on another of the month is counted once for each.
 */
import { onlyFor } from '../store/day-summary.ts';
import type { TicketRecord } from '../store/records.ts';
import { type DayPerformance, PerformanceTally, type TallySummary } from './performance.ts';
import type { CaseRecord, RatingRecord } from './records.ts';

export interface HistorySource {
  readonly archivedBefore: string;
  archive: { summary(day: string): Promise<TallySummary | null> };
  ticketsOfDay(day: string): TicketRecord[];
  all<K extends 'case' | 'rating'>(kind: K): Extract<CaseRecord | RatingRecord, { kind: K }>[];
}

/**
 * Adds one day up: from its archived summary before `archivedBefore` (read ahead by the caller,
 * or here), else from the live records.
 */
async function addDay(
  source: HistorySource,
  day: string,
  tally: PerformanceTally,
  archived?: Promise<TallySummary | null>,
): Promise<void> {
  if (day < source.archivedBefore) {
    const summary = await (archived ?? source.archive.summary(day));
    if (summary) tally.addSummary(summary);
    return;
  }
  for (const t of source.ticketsOfDay(day)) tally.ticket(t);
  for (const c of source.all('case'))
    if (c.acceptedDay === day || c.completedDay === day) tally.case(onlyFor(day, c));
  for (const r of source.all('rating')) if (r.day === day) tally.rating(r);
}

function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export async function dayReport(source: HistorySource, day: string): Promise<DayPerformance> {
  const tally = new PerformanceTally((d) => d === day);
  await addDay(source, day, tally);
  return tally.result(day);
}

/** The figures of a month ('YYYY-MM'): medians and rates over all its tickets, not averages of days. */
export async function monthReport(source: HistorySource, month: string): Promise<DayPerformance> {
  const days = daysOfMonth(month);
  const inMonth = new Set(days);
  const tally = new PerformanceTally((d) => inMonth.has(d));
  // The month's summaries read side by side (the file reads wait on the disk, not on each other),
  // added up in day order.
  const archived = days.map((day) =>
    day < source.archivedBefore ? source.archive.summary(day) : Promise.resolve(null),
  );
  // A read that fails is awaited (and throws) in its turn, not reported as unhandled before it.
  for (const read of archived) read.catch(() => {});
  for (const [i, day] of days.entries()) await addDay(source, day, tally, archived[i]);
  return tally.result(month);
}
