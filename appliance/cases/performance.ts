/**
 * A day's performance figures per counter, per clerk and per service, as pure functions over
 * records. Definitions:
 * - served: tickets that ended 'done'; no-show rate: no-shows ÷ (served + no-shows);
 * - waiting: issuedAt → calledAt over every ticket called that day (no-shows waited too);
 * - handling: calledAt → finishedAt over served tickets;
 * - overdue rate: cases completed that day after their promised deadline ÷ cases completed that day
 *   (refused cases are not counted); cases count for the clerk and counter that accepted them;
 * - ratings: those given that day, attributed to the rated ticket's or case's counter, clerk, service.
 * A rate or average with nothing to divide by is null, never 0.
 */
import type { TicketRecord } from '../store/records.ts';
import type { CaseRecord, RatingRecord } from './records.ts';

/** What the figures read of a ticket; `clerk` is used when the ticket records who served it. */
export type PerformanceTicket = Pick<
  TicketRecord,
  'day' | 'serviceId' | 'status' | 'issuedAt' | 'calledAt' | 'finishedAt' | 'counterId'
> & { clerk?: string };
export type PerformanceCase = Pick<
  CaseRecord,
  'serviceId' | 'counterId' | 'clerk' | 'acceptedDay' | 'state' | 'completedDay' | 'late'
>;
export type PerformanceRating = Pick<RatingRecord, 'day' | 'serviceId' | 'counterId' | 'clerk' | 'score'>;

export interface DurationStats {
  count: number;
  meanMs: number;
  medianMs: number;
}

export interface Figures {
  ticketsServed: number;
  noShows: number;
  noShowRate: number | null;
  waiting: DurationStats | null;
  handling: DurationStats | null;
  casesAccepted: number;
  casesCompleted: number;
  casesCompletedLate: number;
  overdueRate: number | null;
  ratingCount: number;
  ratingAverage: number | null;
}

export interface DayPerformance {
  day: string;
  overall: Figures;
  byCounter: Record<string, Figures>;
  byClerk: Record<string, Figures>;
  byService: Record<string, Figures>;
}

export interface PerformanceInput {
  tickets: readonly PerformanceTicket[];
  cases: readonly PerformanceCase[];
  ratings: readonly PerformanceRating[];
}

export function durationStats(values: readonly number[]): DurationStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((s, v) => s + v, 0) / sorted.length, medianMs };
}

class Tally {
  served = 0;
  noShows = 0;
  waits: number[] = [];
  handlings: number[] = [];
  accepted = 0;
  completed = 0;
  late = 0;
  scores: number[] = [];

  figures(): Figures {
    const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
    return {
      ticketsServed: this.served,
      noShows: this.noShows,
      noShowRate: ratio(this.noShows, this.served + this.noShows),
      waiting: durationStats(this.waits),
      handling: durationStats(this.handlings),
      casesAccepted: this.accepted,
      casesCompleted: this.completed,
      casesCompletedLate: this.late,
      overdueRate: ratio(this.late, this.completed),
      ratingCount: this.scores.length,
      ratingAverage: ratio(
        this.scores.reduce((s, v) => s + v, 0),
        this.scores.length,
      ),
    };
  }
}

interface Attribution {
  serviceId: string;
  counterId?: string | undefined;
  clerk?: string | undefined;
}

export function dayPerformance(day: string, input: PerformanceInput): DayPerformance {
  return periodPerformance(day, (d) => d === day, input);
}

/** The figures of a period (a month: `label` 'YYYY-MM', `inPeriod` its days), defined as for a day. */
export function periodPerformance(
  label: string,
  inPeriod: (day: string) => boolean,
  input: PerformanceInput,
): DayPerformance {
  const overall = new Tally();
  const groups = {
    byCounter: new Map<string, Tally>(),
    byClerk: new Map<string, Tally>(),
    byService: new Map<string, Tally>(),
  };
  const tallies = (who: Attribution): Tally[] => {
    const pick = (map: Map<string, Tally>, key: string | undefined): Tally[] => {
      if (key === undefined) return [];
      let t = map.get(key);
      if (!t) {
        t = new Tally();
        map.set(key, t);
      }
      return [t];
    };
    return [
      overall,
      ...pick(groups.byCounter, who.counterId),
      ...pick(groups.byClerk, who.clerk),
      ...pick(groups.byService, who.serviceId),
    ];
  };

  for (const t of input.tickets) {
    if (!inPeriod(t.day)) continue;
    for (const tally of tallies(t)) {
      if (t.calledAt !== undefined) tally.waits.push(t.calledAt - t.issuedAt);
      if (t.status === 'done') {
        tally.served++;
        if (t.calledAt !== undefined && t.finishedAt !== undefined)
          tally.handlings.push(t.finishedAt - t.calledAt);
      }
      if (t.status === 'no-show') tally.noShows++;
    }
  }
  for (const c of input.cases) {
    const accepted = inPeriod(c.acceptedDay);
    const completed = c.state === 'completed' && c.completedDay !== undefined && inPeriod(c.completedDay);
    if (!accepted && !completed) continue;
    for (const tally of tallies(c)) {
      if (accepted) tally.accepted++;
      if (completed) {
        tally.completed++;
        if (c.late) tally.late++;
      }
    }
  }
  for (const r of input.ratings) {
    if (!inPeriod(r.day)) continue;
    for (const tally of tallies(r)) tally.scores.push(r.score);
  }

  const figuresOf = (map: Map<string, Tally>) =>
    Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.figures()]));
  return {
    day: label,
    overall: overall.figures(),
    byCounter: figuresOf(groups.byCounter),
    byClerk: figuresOf(groups.byClerk),
    byService: figuresOf(groups.byService),
  };
}
