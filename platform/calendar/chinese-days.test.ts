/**
 * The calendar against the `chinese-days` package (its State Council arrangements 2004–2026 and its
 * own lunar and solar-term functions), for every year it knows.
 *
 * What is comparable, and how:
 * - statutory days (the days the rules name) must be days off in every year, under the holiday's name;
 * - the weekday a weekend statutory day is made up on (补假) is where we assume it in all years but two;
 * - bridging days and make-up workdays are the notice's own and differ by design: every such
 *   difference must lie in a notice window, so a deadline not marked provisional never moves;
 * - configured years (2025, 2026) must agree day for day.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import chineseDays from 'chinese-days';
import { nextDay, parseDay, yearOf } from './day.ts';
import { CHINA_HOLIDAYS } from './holidays-cn.ts';
import {
  type HolidayName,
  NOTICE_REACH_DAYS,
  noticeWindows,
  statutoryHolidays,
} from './statutory-holidays.ts';
import { type HolidayCalendarData, type HolidayYear, WorkingCalendar } from './working-calendar.ts';

const data = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
) as { holidays: Record<string, string>; workdays: Record<string, string> };

const KNOWN_YEARS = [...new Set(Object.keys(data.holidays).map(yearOf))].sort((a, b) => a - b);

const ENGLISH: Record<HolidayName, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Tomb-sweeping Day',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-autumn Festival',
  国庆节: 'National Day',
};

/**
 * 2015's 70th anniversary of the victory (9/3 off, 9/4 bridged, 9/6 made up) was a one-off decision,
 * in no version of the rules and outside every holiday's window: left out where we compare windows.
 */
const ONE_OFF = new Set(['2015-09-03', '2015-09-04', '2015-09-06']);

function daysOf(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = nextDay(d)) out.push(d);
  return out;
}

/** chinese-days' arrangements as calendar configuration, each day under its own year. */
function arrangements(skip: (day: string) => boolean = () => false): HolidayCalendarData {
  const years: Record<string, HolidayYear> = {};
  const year = (day: string, name: string | undefined) => {
    // A December day of a 元旦 arrangement is the next year's notice's (2018-12-29 is 2019's).
    const ownYear =
      day.slice(5, 7) === '12' && name?.startsWith(ENGLISH.元旦) ? yearOf(day) + 1 : yearOf(day);
    const key = String(ownYear);
    years[key] ??= { source: 'chinese-days', confirmed: true, holidays: [], makeupWorkdays: [] };
    return years[key];
  };
  for (const [day, name] of Object.entries(data.holidays)) if (!skip(day)) year(day, name).holidays.push(day);
  for (const [day, name] of Object.entries(data.workdays)) {
    if (!skip(day)) year(day, name).makeupWorkdays.push(day);
  }
  return { years };
}

test('chinese-days knows the years 2004 to 2026 (so the comparisons below cover them all)', () => {
  assert.equal(KNOWN_YEARS[0], 2004);
  assert.equal(KNOWN_YEARS.at(-1), 2026);
  assert.equal(KNOWN_YEARS.length, 23);
});

test('every statutory day of the rules in force is a day off under its holiday’s name, every year', () => {
  let checked = 0;
  for (const year of KNOWN_YEARS) {
    const holidays = statutoryHolidays(year).holidays;
    for (const h of holidays) {
      for (const day of h.days) {
        assert.equal(
          chineseDays.isWorkday(day),
          false,
          `${day} (${h.holiday}) is a working day in chinese-days`,
        );
        const named = data.holidays[day]?.split(',')[0];
        // A day may carry the other holiday's name where two fall together (中秋 on 国庆 in 2009, 2020);
        // a weekend day inside a holiday is not always listed (端午 on Saturday 2012-06-23).
        const sameDay = holidays.filter((o) => o.days.includes(day)).map((o) => ENGLISH[o.holiday]);
        if (named !== undefined) assert.ok(sameDay.includes(named), `${day}: ${named}, not ${h.holiday}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 23 * 9, `${checked} statutory days checked`);
});

test('a weekend statutory day is made up on the first free weekday after its holiday, but in two years', () => {
  const elsewhere: string[] = [];
  for (const year of KNOWN_YEARS) {
    for (const h of statutoryHolidays(year).holidays) {
      for (const day of h.compensation) if (chineseDays.isWorkday(day)) elsewhere.push(`${day} ${h.holiday}`);
    }
  }
  assert.deepEqual(elsewhere, [
    // 端午 fell on Saturday 6/23: the notice gave Friday 6/22 instead
    '2012-06-25 端午节',
    // 中秋 fell on Sunday 9/27: the notice made it up inside the 国庆 block (10/1–10/7, one make-up day)
    '2015-09-28 中秋节',
  ]);
});

test('what only the notice decides (bridging, make-up days, where 补假 goes) lies inside a notice window', () => {
  const truth = new WorkingCalendar(arrangements((d) => ONE_OFF.has(d)));
  let reach = 0;
  let differing = 0;
  for (const year of KNOWN_YEARS) {
    const { [String(year)]: _, ...others } = arrangements((d) => ONE_OFF.has(d)).years;
    const rulesOnly = new WorkingCalendar({ years: others });
    const windows = [...noticeWindows(year), ...noticeWindows(year + 1)];
    const offDays = [year, year + 1].flatMap((y) =>
      statutoryHolidays(y).holidays.flatMap((h) => [...h.days, ...h.compensation]),
    );
    for (const day of daysOf(year)) {
      if (rulesOnly.isWorkingDay(day) === truth.isWorkingDay(day)) continue;
      differing++;
      assert.ok(
        windows.some((w) => w.from <= day && day <= w.to),
        `${day} differs from the rules outside every notice window`,
      );
      const distance = Math.min(...offDays.map((o) => Math.abs(parseDay(o) - parseDay(day)) / 86_400_000));
      reach = Math.max(reach, distance);
    }
  }
  assert.ok(differing > 100, `${differing} days decided by the notices`);
  // 2024-05-11, a make-up workday for 劳动节 (statutory 5/1 only): NOTICE_REACH_DAYS keeps a margin
  assert.equal(reach, 10, 'the furthest a notice reached from a holiday’s days off');
  assert.ok(reach < NOTICE_REACH_DAYS);
});

test('a deadline not marked provisional is the one the notice gives; provisional ones moved both ways', () => {
  const truth = new WorkingCalendar(arrangements((d) => ONE_OFF.has(d)));
  const moved = { later: 0, earlier: 0, same: 0 };
  let settled = 0;
  for (const year of KNOWN_YEARS) {
    const { [String(year)]: _, ...others } = arrangements((d) => ONE_OFF.has(d)).years;
    const beforeNotice = new WorkingCalendar({ years: others });
    for (let start = `${year - 1}-12-01`; yearOf(start) <= year; start = nextDay(start)) {
      for (const n of [1, 5, 20]) {
        const d = beforeNotice.deadline(start, n);
        const real = truth.addWorkingDays(start, n);
        if (!d.provisional) {
          assert.equal(d.day, real, `${start} + ${n}: settled before ${year}'s notice`);
          settled++;
        } else if (real > d.day) moved.later++;
        else if (real < d.day) moved.earlier++;
        else moved.same++;
      }
    }
  }
  assert.ok(settled > 10_000, `${settled} deadlines settled before their notice`);
  assert.ok(moved.later > 0 && moved.earlier > 0, JSON.stringify(moved));
});

test('the configured years agree with chinese-days day for day', () => {
  const cal = new WorkingCalendar(CHINA_HOLIDAYS);
  for (const year of Object.keys(CHINA_HOLIDAYS.years).map(Number)) {
    for (const day of daysOf(year)) {
      assert.equal(cal.isWorkingDay(day), chineseDays.isWorkday(day), day);
    }
  }
});

test('tyme4ts and chinese-days’ own lunar and solar-term functions give the same holidays up to 2099', () => {
  for (let year = 2025; year <= 2099; year++) {
    const ours = Object.fromEntries(statutoryHolidays(year).holidays.map((h) => [h.holiday, h.days[0]]));
    const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
    assert.equal(ours.春节, nextDay(lunar('01-01'), -1), `${year} 除夕`);
    assert.equal(ours.端午节, lunar('05-05'), `${year} 端午`);
    assert.equal(ours.中秋节, lunar('08-15'), `${year} 中秋`);
    assert.equal(ours.清明节, chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), `${year} 清明`);
  }
});
