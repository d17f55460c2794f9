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
  // A month's waits are a few hundred thousand values: select the middle ones, do not sort them all.
  const a = Float64Array.from(values);
  const mid = Math.floor(a.length / 2);
  const upper = select(a, mid);
  const medianMs = a.length % 2 === 1 ? upper : (upper + maxBelow(a, mid)) / 2;
  let sum = 0;
  for (const v of a) sum += v;
  return { count: a.length, meanMs: sum / a.length, medianMs };
}

/** The k-th smallest value (Hoare's quickselect): afterwards a[0..k) ≤ a[k] ≤ a(k..]. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** The largest of a[0..k) (after select(a, k) these are the k smallest values). */
function maxBelow(a: Float64Array, k: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) if (a[i]! > m) m = a[i]!;
  return m;
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
  const tally = new PerformanceTally(inPeriod);
  for (const t of input.tickets) tally.ticket(t);
  for (const c of input.cases) tally.case(c);
  for (const r of input.ratings) tally.rating(r);
  return tally.result(label);
}

/**
 * Adds records up into a period's figures one at a time; it keeps none of them, so a caller with
 * a few hundred thousand tickets (a month) may pass the same object each time, refilled.
 */
export class PerformanceTally {
  private readonly overall = new Tally();
  private readonly byCounter = new Map<string, Tally>();
  private readonly byClerk = new Map<string, Tally>();
  private readonly byService = new Map<string, Tally>();
  private readonly picked: Tally[] = [];

  constructor(private readonly inPeriod: (day: string) => boolean) {}

  private tallies(who: Attribution): Tally[] {
    const out = this.picked;
    out.length = 0;
    out.push(this.overall);
    pick(this.byCounter, who.counterId, out);
    pick(this.byClerk, who.clerk, out);
    pick(this.byService, who.serviceId, out);
    return out;
  }

  ticket(t: PerformanceTicket): void {
    if (!this.inPeriod(t.day)) return;
    for (const tally of this.tallies(t)) {
      if (t.calledAt !== undefined) tally.waits.push(t.calledAt - t.issuedAt);
      if (t.status === 'done') {
        tally.served++;
        if (t.calledAt !== undefined && t.finishedAt !== undefined)
          tally.handlings.push(t.finishedAt - t.calledAt);
      }
      if (t.status === 'no-show') tally.noShows++;
    }
  }

  case(c: PerformanceCase): void {
    const accepted = this.inPeriod(c.acceptedDay);
    const completed =
      c.state === 'completed' && c.completedDay !== undefined && this.inPeriod(c.completedDay);
    if (!accepted && !completed) return;
    for (const tally of this.tallies(c)) {
      if (accepted) tally.accepted++;
      if (completed) {
        tally.completed++;
        if (c.late) tally.late++;
      }
    }
  }

  rating(r: PerformanceRating): void {
    if (!this.inPeriod(r.day)) return;
    for (const tally of this.tallies(r)) tally.scores.push(r.score);
  }

  result(label: string): DayPerformance {
    const figuresOf = (map: Map<string, Tally>) =>
      Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.figures()]));
    return {
      day: label,
      overall: this.overall.figures(),
      byCounter: figuresOf(this.byCounter),
      byClerk: figuresOf(this.byClerk),
      byService: figuresOf(this.byService),
    };
  }
}

function pick(map: Map<string, Tally>, key: string | undefined, into: Tally[]): void {
  if (key === undefined) return;
  let t = map.get(key);
  if (!t) {
    t = new Tally();
    map.set(key, t);
  }
  into.push(t);
}
