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
import { type DurationStats, Durations, type SortedRun } from './durations.ts';
import type { CaseRecord, RatingRecord } from './records.ts';

export { type DurationStats, durationStats } from './durations.ts';

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

/** What one group (the whole, a counter, a clerk, a service) of a period adds up to, to keep and add again. */
export interface GroupTotals {
  served: number;
  noShows: number;
  accepted: number;
  completed: number;
  late: number;
  scoreSum: number;
  scoreCount: number;
  /** Sorted ascending, with their sums. */
  waits: SortedRun;
  waitSum: number;
  handlings: SortedRun;
  handlingSum: number;
}

export type GroupKind = 'overall' | 'counter' | 'clerk' | 'service';

/** A period's tallies (a past day's, kept in the archive), which later periods add as they are. */
export type TallySummary = { by: GroupKind; key: string; totals: GroupTotals }[];

class Tally {
  served = 0;
  noShows = 0;
  waits = new Durations();
  handlings = new Durations();
  accepted = 0;
  completed = 0;
  late = 0;
  scoreSum = 0;
  scoreCount = 0;

  figures(): Figures {
    const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
    return {
      ticketsServed: this.served,
      noShows: this.noShows,
      noShowRate: ratio(this.noShows, this.served + this.noShows),
      waiting: this.waits.stats(),
      handling: this.handlings.stats(),
      casesAccepted: this.accepted,
      casesCompleted: this.completed,
      casesCompletedLate: this.late,
      overdueRate: ratio(this.late, this.completed),
      ratingCount: this.scoreCount,
      ratingAverage: ratio(this.scoreSum, this.scoreCount),
    };
  }

  totals(): GroupTotals {
    const { served, noShows, accepted, completed, late, scoreSum, scoreCount } = this;
    return {
      ...{ served, noShows, accepted, completed, late, scoreSum, scoreCount },
      waits: this.waits.sorted(),
      waitSum: this.waits.sum,
      handlings: this.handlings.sorted(),
      handlingSum: this.handlings.sum,
    };
  }

  add(t: GroupTotals): void {
    this.served += t.served;
    this.noShows += t.noShows;
    this.accepted += t.accepted;
    this.completed += t.completed;
    this.late += t.late;
    this.scoreSum += t.scoreSum;
    this.scoreCount += t.scoreCount;
    this.waits.addSorted(t.waits, t.waitSum);
    this.handlings.addSorted(t.handlings, t.handlingSum);
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
    for (const tally of this.tallies(r)) {
      tally.scoreSum += r.score;
      tally.scoreCount++;
    }
  }

  /** What this tally adds up to so far, per group, to keep (a past day's summary). */
  summary(): TallySummary {
    const groups: TallySummary = [{ by: 'overall', key: '', totals: this.overall.totals() }];
    for (const [by, map] of this.groups())
      for (const [key, tally] of map) groups.push({ by, key, totals: tally.totals() });
    return groups;
  }

  /** Adds a kept summary (of a day inside the period) as it is. */
  addSummary(summary: TallySummary): void {
    const maps = new Map(this.groups());
    for (const { by, key, totals } of summary) {
      if (by === 'overall') this.overall.add(totals);
      else {
        const into: Tally[] = [];
        pick(maps.get(by)!, key, into);
        into[0]!.add(totals);
      }
    }
  }

  private groups(): [Exclude<GroupKind, 'overall'>, Map<string, Tally>][] {
    return [
      ['counter', this.byCounter],
      ['clerk', this.byClerk],
      ['service', this.byService],
    ];
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
