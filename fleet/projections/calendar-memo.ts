/**
 * The working-day counts projections ask for, remembered: every case transaction lists its steps
 * and each step's due day is counted day by day from its start, so a batch asks the same
 * (start, limit) and (from, to) pairs hundreds of times. The answers depend only on the calendar,
 * which is fixed for the life of an ingest worker, so they are kept (up to a bound).
 */
import type { WorkingCalendar } from '../../platform/calendar/index.ts';

const MAX_ENTRIES = 200_000;

const memoized = new WeakSet<WorkingCalendar>();

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

/** `calendar` with addWorkingDays and workingDaysBetween remembered (the calendar itself is untouched). */
export function memoizedCalendar(calendar: WorkingCalendar): WorkingCalendar {
  if (memoized.has(calendar)) return calendar;
  const added = new Map<string, string>();
  const between = new Map<string, number>();
  // Inherits everything else from the calendar (its tables, deadline(), isWorkingDay()).
  const memo = Object.create(calendar) as WorkingCalendar;
  memo.addWorkingDays = (start, n) =>
    remember(added, `${start}+${n}`, () => calendar.addWorkingDays(start, n));
  memo.workingDaysBetween = (a, b) => remember(between, `${a}/${b}`, () => calendar.workingDaysBetween(a, b));
  memoized.add(memo);
  return memo;
}
