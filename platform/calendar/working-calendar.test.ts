import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDayError, nextDay } from './day.ts';
import { CHINA_HOLIDAYS } from './holidays-cn.ts';
import { HolidayDataError, WorkingCalendar } from './working-calendar.ts';

const cal = new WorkingCalendar(CHINA_HOLIDAYS);

test('make-up workdays work, holidays and plain weekends do not', () => {
  assert.equal(cal.isWorkingDay('2025-01-26'), true, 'Sun 1/26 is a Spring Festival make-up workday');
  assert.equal(cal.isWorkingDay('2025-02-08'), true, 'Sat 2/8 is a make-up workday');
  assert.equal(cal.isWorkingDay('2025-01-29'), false, 'Wed 1/29 is Spring Festival');
  assert.equal(cal.isWorkingDay('2025-10-08'), false, 'Wed 10/8 is the last National Day holiday');
  assert.equal(cal.isWorkingDay('2025-02-09'), false, 'an ordinary Sunday');
  assert.equal(cal.isWorkingDay('2025-03-03'), true, 'an ordinary Monday');
  assert.equal(cal.isWorkingDay('2026-02-28'), true, '2026: Sat 2/28 is a make-up workday');
  assert.equal(cal.isWorkingDay('2026-02-23'), false, '2026: Mon 2/23 is the last Spring Festival holiday');
});

// Convention: the acceptance day is day 0; the deadline is the n-th working day after it.
//
// accepted        n   counting (WD = working day)                                       deadline
// 2025-01-24 Fri  5   1/25 Sat –, 1/26 Sun make-up WD1, 1/27 Mon WD2, 1/28–2/4 holiday,   2025-02-07
//                     2/5 WD3, 2/6 WD4, 2/7 WD5
// 2025-01-24 Fri  7   … 2/7 WD5, 2/8 Sat make-up WD6, 2/9 Sun –, 2/10 Mon WD7               2025-02-10
// 2025-01-27 Mon  1   1/28–2/4 holiday, 2/5 Wed WD1                                          2025-02-05
// 2025-09-26 Fri  3   9/27 Sat –, 9/28 Sun make-up WD1, 9/29 WD2, 9/30 WD3                  2025-09-30
// 2025-09-26 Fri  5   … 9/30 WD3, 10/1–10/8 holiday, 10/9 Thu WD4, 10/10 Fri WD5            2025-10-10
// 2025-09-26 Fri  6   … 10/10 WD5, 10/11 Sat make-up WD6                                     2025-10-11
// 2025-09-26 Fri  7   … 10/11 WD6, 10/12 Sun –, 10/13 Mon WD7                                2025-10-13
// 2025-10-03 Fri  1   accepted on a holiday: 10/4–10/8 holiday, 10/9 Thu WD1                 2025-10-09
// 2025-10-03 Fri  0   a limit of 0 ends with the acceptance day itself                       2025-10-03
// 2026-02-13 Fri  2   2/14 Sat make-up WD1, 2/15–2/23 holiday, 2/24 Tue WD2                  2026-02-24
// 2025-12-31 Wed  1   2026-1/1–1/3 holiday, 1/4 Sun make-up WD1                              2026-01-04
const handWorked: Array<[string, number, string]> = [
  ['2025-01-24', 5, '2025-02-07'],
  ['2025-01-24', 7, '2025-02-10'],
  ['2025-01-27', 1, '2025-02-05'],
  ['2025-09-26', 3, '2025-09-30'],
  ['2025-09-26', 5, '2025-10-10'],
  ['2025-09-26', 6, '2025-10-11'],
  ['2025-09-26', 7, '2025-10-13'],
  ['2025-10-03', 1, '2025-10-09'],
  ['2025-10-03', 0, '2025-10-03'],
  ['2026-02-13', 2, '2026-02-24'],
  ['2025-12-31', 1, '2026-01-04'],
];

test('deadlines across Spring Festival and National Day match the hand-worked table', () => {
  for (const [start, n, expected] of handWorked) {
    assert.equal(cal.addWorkingDays(start, n), expected, `${start} + ${n} working days`);
    assert.equal(cal.workingDaysBetween(start, expected), n, `working days ${start} → ${expected}`);
  }
});

test('workingDaysBetween counts (a, b], is antisymmetric and inverts addWorkingDays all year', () => {
  assert.equal(cal.workingDaysBetween('2025-01-24', '2025-01-24'), 0);
  assert.equal(cal.workingDaysBetween('2025-02-07', '2025-01-24'), -5);
  // 2025-01-28 → 2025-02-04 is all holiday
  assert.equal(cal.workingDaysBetween('2025-01-27', '2025-02-04'), 0);
  for (let day = '2025-01-01'; day < '2026-01-01'; day = nextDay(day, 7)) {
    for (const n of [0, 1, 3, 5, 15, 20]) {
      assert.equal(cal.workingDaysBetween(day, cal.addWorkingDays(day, n)), n, `${day} + ${n}`);
    }
  }
});

test('years without a confirmed arrangement are reported, and count the statutory holidays of the rules', () => {
  assert.deepEqual(cal.unconfirmedYears('2025-03-01', '2026-12-31'), []);
  assert.deepEqual(cal.unconfirmedYears('2026-12-20', '2027-01-10'), [2027]);
  // 2027-01-01 is a Friday. This used to be a working day (weekends only without the notice):
  // the national rules make it New Year's Day whatever the 2027 notice says.
  assert.equal(cal.isWorkingDay('2027-01-01'), false);
});

test('bad limits and bad days are refused', () => {
  assert.throws(() => cal.addWorkingDays('2025-01-24', -1), RangeError);
  assert.throws(() => cal.addWorkingDays('2025-01-24', 1.5), RangeError);
  assert.throws(() => cal.addWorkingDays('2025-02-30', 1), BadDayError);
  assert.throws(
    () => cal.isWorkingDay('24/01/2025'),
    (e: BadDayError) => e.code === 'calendar.bad-day',
  );
});

test('holiday data that contradicts itself is refused with a readable error', () => {
  const year = { source: 't', confirmed: false, holidays: [] as string[], makeupWorkdays: [] as string[] };
  const bad =
    (y: Partial<typeof year>, key = '2025') =>
    () =>
      new WorkingCalendar({ years: { [key]: { ...year, ...y } } });
  assert.throws(bad({ makeupWorkdays: ['2025-01-27'] }), /2025-01-27 is not a weekend day/);
  assert.throws(bad({ holidays: ['2026-01-01'] }), /2026-01-01 is listed under 2025/);
  assert.throws(
    bad({ holidays: ['2025-01-26'], makeupWorkdays: ['2025-01-26'] }),
    (e: HolidayDataError) => e.code === 'calendar.bad-holiday-data' && /both/.test(e.message),
  );
  assert.throws(bad({}, 'twenty'), HolidayDataError);
  assert.throws(bad({ holidays: ['2025-13-01'] }), BadDayError);
});

test('the shipped arrangement is replaceable by configuration', () => {
  const custom = new WorkingCalendar({
    years: { '2025': { source: 'local', confirmed: true, holidays: ['2025-03-03'], makeupWorkdays: [] } },
  });
  assert.equal(custom.isWorkingDay('2025-03-03'), false);
  assert.equal(custom.isWorkingDay('2025-01-29'), true, 'Spring Festival is not in this configuration');
});
