/**
 * Day and month figures over the live records and the archive: a day before the store's
 * `archivedBefore` is read from its archived facts (a few columns, never whole records), a later
 * one from the live records. Each day's input counts only for that day, so a case accepted on one
 * day and completed on another of the month is counted once for each.
 */
import { type DayFacts, factsInput } from '../store/day-facts.ts';
import type { TicketRecord } from '../store/records.ts';
import {
  type DayPerformance,
  type PerformanceCase,
  type PerformanceInput,
  periodPerformance,
} from './performance.ts';
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

async function dayInput(source: HistorySource, day: string): Promise<PerformanceInput> {
  if (day < source.archivedBefore) {
    const facts = await source.archive.facts(day);
    if (!facts) return { tickets: [], cases: [], ratings: [] };
    const input = factsInput(facts);
    return { ...input, cases: input.cases.map((c) => onlyFor(day, c)) };
  }
  return {
    tickets: source.ticketsOfDay(day),
    cases: source
      .all('case')
      .filter((c) => c.acceptedDay === day || c.completedDay === day)
      .map((c) => onlyFor(day, c)),
    ratings: source.all('rating').filter((r) => r.day === day),
  };
}

function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export async function dayReport(source: HistorySource, day: string): Promise<DayPerformance> {
  return periodPerformance(day, (d) => d === day, await dayInput(source, day));
}

/** The figures of a month ('YYYY-MM'): medians and rates over all its tickets, not averages of days. */
export async function monthReport(source: HistorySource, month: string): Promise<DayPerformance> {
  const days = daysOfMonth(month);
  const inputs = await Promise.all(days.map((d) => dayInput(source, d)));
  const inMonth = new Set(days);
  return periodPerformance(month, (d) => inMonth.has(d), {
    tickets: inputs.flatMap((i) => i.tickets),
    cases: inputs.flatMap((i) => i.cases),
    ratings: inputs.flatMap((i) => i.ratings),
  });
}
