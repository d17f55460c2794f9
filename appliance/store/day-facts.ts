/**
 * What a day report needs of an archived day, kept beside the day's log so that day and month
 * reports never parse whole records: the performance fields of its tickets (in columns, strings
 * numbered once), and of the cases and ratings that count for it. No personal data: the file
 * outlives the day log that the retention period deletes, so reports of old months still add up.
 */
import type { PerformanceCase, PerformanceRating, PerformanceTicket } from '../cases/performance.ts';
import type { CaseRecord, RatingRecord } from '../cases/records.ts';
import type { TicketRecord } from './records.ts';

export interface DayFacts {
  v: 1;
  day: string;
  strings: string[];
  /** Columns of the day's tickets: indexes into `strings` (-1: none), times in ms (-1: none). */
  tickets: {
    service: number[];
    counter: number[];
    clerk: number[];
    status: number[];
    issuedAt: number[];
    calledAt: number[];
    finishedAt: number[];
  };
  cases: PerformanceCase[];
  ratings: PerformanceRating[];
}

export const isDayFacts = (d: unknown): d is DayFacts =>
  typeof d === 'object' && d !== null && (d as DayFacts).v === 1 && typeof (d as DayFacts).day === 'string';

/** The day's facts from every record that counts for it. */
export function dayFacts(
  day: string,
  tickets: readonly TicketRecord[],
  cases: readonly CaseRecord[],
  ratings: readonly RatingRecord[],
): DayFacts {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const cols: DayFacts['tickets'] = {
    service: [],
    counter: [],
    clerk: [],
    status: [],
    issuedAt: [],
    calledAt: [],
    finishedAt: [],
  };
  for (const t of tickets) {
    if (t.day !== day) continue;
    cols.service.push(str(t.serviceId));
    cols.counter.push(str(t.counterId));
    cols.clerk.push(str(t.clerk));
    cols.status.push(str(t.status));
    cols.issuedAt.push(t.issuedAt);
    cols.calledAt.push(t.calledAt ?? -1);
    cols.finishedAt.push(t.finishedAt ?? -1);
  }
  return {
    v: 1,
    day,
    strings,
    tickets: cols,
    cases: cases
      .filter((c) => c.acceptedDay === day || c.completedDay === day)
      .map((c) => ({
        serviceId: c.serviceId,
        counterId: c.counterId,
        clerk: c.clerk,
        acceptedDay: c.acceptedDay,
        state: c.state,
        ...(c.completedDay !== undefined ? { completedDay: c.completedDay } : {}),
        ...(c.late !== undefined ? { late: c.late } : {}),
      })),
    ratings: ratings
      .filter((r) => r.day === day)
      .map((r) => ({
        day: r.day,
        serviceId: r.serviceId,
        score: r.score,
        ...(r.counterId !== undefined ? { counterId: r.counterId } : {}),
        ...(r.clerk !== undefined ? { clerk: r.clerk } : {}),
      })),
  };
}

/**
 * Hands each of the day's tickets to `visit` as the performance functions read them: one object,
 * refilled for each ticket (a month is a few hundred thousand; `visit` must not keep it).
 */
export function eachFactTicket(facts: DayFacts, visit: (t: PerformanceTicket) => void): void {
  const { strings: s, tickets: t } = facts;
  const at = (v: number | undefined) => (v === undefined || v < 0 ? undefined : v);
  const name = (i: number | undefined) => (i === undefined || i < 0 ? undefined : s[i]);
  const row: PerformanceTicket = { day: facts.day, serviceId: '', status: 'waiting', issuedAt: 0 };
  for (let i = 0; i < t.service.length; i++) {
    row.serviceId = s[t.service[i]!] ?? '';
    row.status = (s[t.status[i] ?? -1] ?? 'waiting') as TicketRecord['status'];
    row.issuedAt = t.issuedAt[i] ?? 0;
    row.calledAt = at(t.calledAt[i]);
    row.finishedAt = at(t.finishedAt[i]);
    row.counterId = name(t.counter[i]);
    row.clerk = name(t.clerk[i]);
    visit(row);
  }
}
