/**
 * Day and month figures over the live records and the archive: a day before the store's
 * `archivedBefore` is read from its archived facts (a few columns, never whole records), a later
 * one from the live records. Each day's input counts only for that day, so a case accepted on one
 * day and completed on another of the month is counted once for each.
 */
import { type DayFacts, eachFactTicket } from '../store/day-facts.ts';
import type { TicketRecord } from '../store/records.ts';
import { type DayPerformance, type PerformanceCase, PerformanceTally } from './performance.ts';
import type { CaseRecord, RatingRecord } from './records.ts';

export interface HistorySource {
  readonly archivedBefore: string;
  archive: { facts(day: string): Promise<DayFacts | null> };
  ticketsOfDay(day: string): TicketRecord[];
  all<K extends 'case' | 'rating'>(kind: K): Extract<CaseRecord | RatingRecord, { kind: K }>[];
}

/** A case as it counts for one day only: accepted on it, completed on it, or both. */
function onlyFor(day: string, c: PerformanceCase): PerformanceCase {
  return {
    ...c,
    acceptedDay: c.acceptedDay === day ? day : '',
    ...(c.completedDay !== undefined ? { completedDay: c.completedDay === day ? day : '' } : {}),
  };
}

/** Adds one day up: from its archived facts before `archivedBefore`, else from the live records. */
async function addDay(source: HistorySource, day: string, tally: PerformanceTally): Promise<void> {
  if (day < source.archivedBefore) {
    const facts = await source.archive.facts(day);
    if (!facts) return;
    eachFactTicket(facts, (t) => tally.ticket(t));
    for (const c of facts.cases) tally.case(onlyFor(day, c));
    for (const r of facts.ratings) tally.rating(r);
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
  for (const day of days) await addDay(source, day, tally);
  return tally.result(month);
}
