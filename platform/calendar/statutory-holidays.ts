/**
 * The statutory holidays of the national rules (全国年节及纪念日放假办法), for any year, from the
 * lunar calendar and the solar terms (tyme4ts: the 寿星天文历 algorithms, so years far ahead are
 * astronomical results, not a lookup table).
 *
 * Only the rules are computed here. The State Council's yearly notice adds what the rules leave
 * open: bridging days (a weekday off joining a holiday to a weekend) and the make-up workdays (调休
 * 上班) that pay for them, and where exactly a holiday that falls on a weekend is made up (补假).
 */
import { LunarDay, type SolarDay, SolarTerm } from 'tyme4ts';
import { isWeekend, nextDay } from './day.ts';

export type HolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

/** One version of the rules, in force for the years from `from` until the next version. */
interface RulesVersion {
  from: number;
  title: string;
  /** 春节 starts on 除夕 (the last day of the 12th lunar month) rather than on 正月初一. */
  springFestivalFromEve: boolean;
  springFestivalDays: number;
  labourDays: number;
  /** 清明, 端午 and 中秋 are holidays (from 2008). */
  traditionalFestivals: boolean;
}

const RULES: readonly RulesVersion[] = [
  {
    from: 2025,
    title: '国务院令第795号（2024年11月10日修订，2025年1月1日起施行）',
    springFestivalFromEve: true,
    springFestivalDays: 4,
    labourDays: 2,
    traditionalFestivals: true,
  },
  {
    from: 2014,
    title: '国务院令第644号（2013年12月11日修订）',
    springFestivalFromEve: false,
    springFestivalDays: 3,
    labourDays: 1,
    traditionalFestivals: true,
  },
  {
    from: 2008,
    title: '国务院令第513号（2007年12月14日修订）',
    springFestivalFromEve: true,
    springFestivalDays: 3,
    labourDays: 1,
    traditionalFestivals: true,
  },
  {
    from: 2000,
    title: '国务院令第270号（1999年9月18日修订）',
    springFestivalFromEve: false,
    springFestivalDays: 3,
    labourDays: 3,
    traditionalFestivals: false,
  },
];

export const FIRST_RULES_YEAR = 2000;
/** Far enough for any time limit; the solar-term algorithm is exact well beyond it. */
export const LAST_RULES_YEAR = 2199;

export interface StatutoryHoliday {
  holiday: HolidayName;
  /** The days the rules name, e.g. 除夕 to 初三 for 春节. */
  readonly days: readonly string[];
  /**
   * Weekdays off because a statutory day falls on a Saturday or Sunday, or on another holiday's
   * statutory day (中秋 on 国庆): the rules require a weekday off for each (补假), the notice says which.
   * Until it does, they are the first free weekdays after the holiday, where the notice puts them
   * in nearly every year (the exceptions are in the tests).
   */
  readonly compensation: readonly string[];
}

export interface StatutoryYear {
  year: number;
  /** The version of the rules these holidays come from. */
  rules: string;
  readonly holidays: readonly StatutoryHoliday[];
}

const cache = new Map<number, StatutoryYear>();

/** The rules' holidays of one year, in calendar order (shared: never mutate). */
export function statutoryHolidays(year: number): StatutoryYear {
  const cached = cache.get(year);
  if (cached) return cached;
  const computed = compute(year);
  cache.set(year, computed);
  return computed;
}

function compute(year: number): StatutoryYear {
  if (!Number.isInteger(year) || year < FIRST_RULES_YEAR || year > LAST_RULES_YEAR) {
    throw new RangeError(
      `statutory holidays are computed for the years ${FIRST_RULES_YEAR} to ${LAST_RULES_YEAR}, not ${year}`,
    );
  }
  const rules = RULES.find((r) => year >= r.from)!;
  const newYear = LunarDay.fromYmd(year, 1, 1);
  const springStart = rules.springFestivalFromEve ? newYear.next(-1) : newYear;
  const named: Array<[HolidayName, string[]]> = [
    ['元旦', [`${year}-01-01`]],
    ['春节', run(isoDay(springStart.getSolarDay()), rules.springFestivalDays)],
    ['劳动节', run(`${year}-05-01`, rules.labourDays)],
    ['国庆节', run(`${year}-10-01`, 3)],
  ];
  if (rules.traditionalFestivals) {
    named.push(
      ['清明节', [isoDay(SolarTerm.fromName(year, '清明').getSolarDay())]],
      ['端午节', [isoDay(LunarDay.fromYmd(year, 5, 5).getSolarDay())]],
      ['中秋节', [isoDay(LunarDay.fromYmd(year, 8, 15).getSolarDay())]],
    );
  }
  named.sort(([, a], [, b]) => a[0]!.localeCompare(b[0]!));
  const off = new Set(named.flatMap(([, days]) => days));
  const used = new Set<string>();
  const holidays = named.map(([holiday, days]): StatutoryHoliday => {
    let owed = 0;
    for (const day of days) {
      if (isWeekend(day) || used.has(day)) owed++;
      used.add(day);
    }
    const compensation: string[] = [];
    for (let day = days.at(-1)!; owed > 0; ) {
      day = nextDay(day);
      if (isWeekend(day) || off.has(day)) continue;
      off.add(day);
      compensation.push(day);
      owed--;
    }
    return { holiday, days, compensation };
  });
  return { year, rules: rules.title, holidays };
}

function run(first: string, n: number): string[] {
  const days = [first];
  while (days.length < n) days.push(nextDay(days.at(-1)!));
  return days;
}

function isoDay(d: SolarDay): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getYear()}-${pad(d.getMonth())}-${pad(d.getDay())}`;
}

/** Every day off the rules give in `year` (statutory days and their weekday compensation). */
export function statutoryDaysOff(year: number): Set<string> {
  return new Set(statutoryHolidays(year).holidays.flatMap((h) => [...h.days, ...h.compensation]));
}

/**
 * How far from a holiday's days off its notice may still change days. In every notice from 2004 to
 * 2026 the bridging days and make-up workdays lay at most 10 days from them (2024-05-11, a make-up
 * workday for 劳动节 5/1; checked against chinese-days in the tests); 14 leaves a margin.
 */
export const NOTICE_REACH_DAYS = 14;

/** The stretch of days around one holiday that its year's notice may still change. */
export interface NoticeWindow {
  /** The year whose notice settles it (a 元旦 window reaches back into the December before). */
  year: number;
  holiday: HolidayName;
  from: string;
  to: string;
}

const windowCache = new Map<number, readonly NoticeWindow[]>();

export function noticeWindows(year: number): readonly NoticeWindow[] {
  const cached = windowCache.get(year);
  if (cached) return cached;
  const windows = statutoryHolidays(year).holidays.map((h): NoticeWindow => {
    const off = [...h.days, ...h.compensation].sort();
    return {
      year,
      holiday: h.holiday,
      from: nextDay(off[0]!, -NOTICE_REACH_DAYS),
      to: nextDay(off.at(-1)!, NOTICE_REACH_DAYS),
    };
  });
  windowCache.set(year, windows);
  return windows;
}
