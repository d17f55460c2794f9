/**
 * The working-day calendar that legal and promised time limits are counted in: a day is a working
 * day if it is a weekday that is not a public holiday, or if it is a make-up workday (调休上班).
 *
 * Where the days off come from: a year whose State Council arrangement is configured follows it day
 * for day. Any other year follows the national rules (statutory-holidays.ts): its statutory days
 * and the weekdays that make up for those falling on a weekend are off, and nothing else is guessed.
 * Such a year's notice can still move a deadline, both ways: a bridging day it adds inside the
 * counting period makes the deadline later, a make-up workday it adds there makes it earlier, and a
 * weekend holiday made up on another weekday than the one assumed moves it either way. So a
 * deadline whose counting period touches a holiday's notice window in such a year is provisional.
 *
 * Counting convention (the one 电子监察 rules use, and the one every function here follows):
 * the day of acceptance is day 0 and is never counted. A limit of n working days ends at the end
 * of the n-th working day after the acceptance day. So a case accepted on Friday with a limit of
 * 1 is due by the end of Monday, and a limit of 0 means "by the end of the acceptance day".
 */
import { DAY_MS, formatDay, isWeekend, parseDay, yearOf } from './day.ts';
import {
  FIRST_RULES_YEAR,
  LAST_RULES_YEAR,
  type NoticeWindow,
  noticeWindows,
  statutoryDaysOff,
} from './statutory-holidays.ts';

/**
 * One year of the State Council's holiday arrangement, as configuration carries it. Its days belong
 * to that year or to the December before it (a notice's 元旦 sometimes reaches back: 2019's made
 * 2018-12-29 a make-up workday and 12-30 and 12-31 days off).
 */
export interface HolidayYear {
  /** Every day off, including the weekend days inside a holiday block. */
  holidays: string[];
  /** Weekend days that are working days to make up for the holiday block (调休). */
  makeupWorkdays: string[];
  /** Where the dates come from, e.g. the notice's title and date. */
  source: string;
  /** False while the dates are a guess waiting for the official notice. */
  confirmed: boolean;
}

/** JSON-able holiday configuration: one entry per year, keyed by the year ('2025'). */
export interface HolidayCalendarData {
  years: Record<string, HolidayYear>;
}

export interface WorkingDeadline {
  day: string;
  /** True when a notice not yet out could still move the day (see `pending`). */
  provisional: boolean;
  pending: NoticeWindow[];
}

/** Configuration that contradicts itself: the calendar refuses to start on it. */
export class HolidayDataError extends Error {
  readonly code = 'calendar.bad-holiday-data';
  constructor(message: string) {
    super(message);
    this.name = 'HolidayDataError';
  }
}

/** Limits longer than this are a data entry mistake, not a time limit. */
const MAX_LIMIT_DAYS = 3650;

export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly makeupWorkdays = new Set<string>();
  private readonly years: ReadonlyMap<number, HolidayYear>;
  private readonly rulesOff = new Map<number, Set<string>>();

  constructor(data: HolidayCalendarData) {
    const years = new Map<number, HolidayYear>();
    for (const [key, year] of Object.entries(data.years)) {
      const y = Number(key);
      if (!Number.isInteger(y) || String(y) !== key) throw new HolidayDataError(`'${key}' is not a year`);
      for (const day of [...year.holidays, ...year.makeupWorkdays]) {
        parseDay(day);
        const reachesBack = yearOf(day) === y - 1 && day.slice(5, 7) === '12';
        if (yearOf(day) !== y && !reachesBack) throw new HolidayDataError(`${day} is listed under ${key}`);
      }
      for (const day of year.makeupWorkdays) {
        if (!isWeekend(day)) throw new HolidayDataError(`make-up workday ${day} is not a weekend day`);
        this.makeupWorkdays.add(day);
      }
      for (const day of year.holidays) this.holidays.add(day);
      years.set(y, year);
    }
    for (const day of this.makeupWorkdays) {
      if (this.holidays.has(day)) {
        throw new HolidayDataError(`${day} is listed both as a holiday and as a make-up workday`);
      }
    }
    this.years = years;
  }

  isWorkingDay(day: string): boolean {
    return this.isWorkingAt(parseDay(day));
  }

  /** isWorkingDay on a day's UTC midnight, so the counting loops parse no strings. */
  private isWorkingAt(ms: number): boolean {
    const day = formatDay(ms);
    if (this.makeupWorkdays.has(day)) return true;
    const weekday = new Date(ms).getUTCDay();
    if (weekday === 0 || weekday === 6 || this.holidays.has(day)) return false;
    const y = yearOf(day);
    return this.years.has(y) || !this.rulesDaysOff(y).has(day);
  }

  /**
   * An unconfigured year's days off under the national rules. Outside the years the rules are
   * modelled for, only weekends: such a day comes from a clock gone wrong (a dead RTC battery says
   * 1970), and counting on keeps supervision running while the clock is put right.
   */
  private rulesDaysOff(year: number): Set<string> {
    let off = this.rulesOff.get(year);
    if (!off) {
      off = year < FIRST_RULES_YEAR || year > LAST_RULES_YEAR ? new Set() : statutoryDaysOff(year);
      this.rulesOff.set(year, off);
    }
    return off;
  }

  /** The day a limit of n working days from `start` runs out (see the convention above). */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT_DAYS) {
      throw new RangeError(
        `a working-day count must be a whole number from 0 to ${MAX_LIMIT_DAYS}, not ${n}`,
      );
    }
    let ms = parseDay(start);
    for (let counted = 0; counted < n; ) {
      ms += DAY_MS;
      if (this.isWorkingAt(ms)) counted++;
    }
    return formatDay(ms);
  }

  /**
   * Working days d with a < d <= b: how many working days of a limit have been used between
   * acceptance day `a` and day `b`. Negative when b is before a. It is the inverse of
   * addWorkingDays: workingDaysBetween(a, addWorkingDays(a, n)) === n.
   */
  workingDaysBetween(a: string, b: string): number {
    const from = parseDay(a);
    const to = parseDay(b);
    if (to < from) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let ms = from + DAY_MS; ms <= to; ms += DAY_MS) if (this.isWorkingAt(ms)) count++;
    return count;
  }

  /**
   * The deadline of a limit of n working days from `start`, and whether a notice not yet out could
   * still move it: `pending` lists the notice windows its counting period (start, day] touches.
   */
  deadline(start: string, n: number): WorkingDeadline {
    const day = this.addWorkingDays(start, n);
    const pending = this.pendingBetween(start, day);
    return { day, provisional: pending.length > 0, pending };
  }

  /**
   * The notice windows of years without a confirmed arrangement that overlap the days d with
   * a < d <= b: the only days in (a, b] whose status a coming notice may still change.
   */
  pendingBetween(a: string, b: string): NoticeWindow[] {
    if (parseDay(b) <= parseDay(a)) return [];
    const out: NoticeWindow[] = [];
    // A 元旦 window reaches back into the December before its year.
    for (let y = yearOf(a); y <= yearOf(b) + 1; y++) {
      if (this.years.get(y)?.confirmed || y < FIRST_RULES_YEAR || y > LAST_RULES_YEAR) continue;
      for (const w of noticeWindows(y)) if (w.to > a && w.from <= b) out.push(w);
    }
    return out;
  }

  /**
   * Years between the two days (inclusive) whose holidays are missing or not yet confirmed: their
   * days off come from the national rules (or an unconfirmed configuration) until the notice.
   */
  unconfirmedYears(from: string, to: string): number[] {
    const out: number[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++) {
      if (!this.years.get(y)?.confirmed) out.push(y);
    }
    return out;
  }

  /** The configured years, for the admin panel's calendar page. */
  configuredYears(): ReadonlyMap<number, HolidayYear> {
    return this.years;
  }
}
