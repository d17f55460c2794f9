/** Deadlines in a year whose State Council notice is not configured: 2027 as of December 2026. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHINA_HOLIDAYS } from './holidays-cn.ts';
import { ARRANGEMENT_2027 } from './test-support.ts';
import { WorkingCalendar } from './working-calendar.ts';

const cal = new WorkingCalendar(CHINA_HOLIDAYS);

// accepted        n   counting without the 2027 notice (WD = working day)                 deadline
// 2026-12-03 Thu  45  Dec 20 WD to 12/31; 1/1 元旦; 1/4–1/29 20 WD (40); 2/1–2/4 (44);      2027-02-11
//                     2/5–2/8 春节, 2/9–2/10 made up for its Sat and Sun; 2/11 WD45
// 2026-12-03 Thu  60  … 2/11 (45), 2/12 (46), 2/15–2/26 (56), 3/1–3/4 (60)                2027-03-04
// 2026-12-31 Thu  1   1/1 元旦, 1/2–1/3 weekend, 1/4 Mon                                   2027-01-04
// 2027-02-04 Thu  1   2/5–2/10 off                                                        2027-02-11
// 2027-04-30 Fri  1   5/1–5/2 劳动节 (Sat, Sun), made up on Mon 5/3 and Tue 5/4             2027-05-05
// 2027-09-30 Thu  1   10/1–10/3 国庆 (Fri–Sun), made up on 10/4–10/5                        2027-10-06
const handWorked: Array<[string, number, string]> = [
  ['2026-12-03', 45, '2027-02-11'],
  ['2026-12-03', 60, '2027-03-04'],
  ['2026-12-31', 1, '2027-01-04'],
  ['2027-02-04', 1, '2027-02-11'],
  ['2027-04-30', 1, '2027-05-05'],
  ['2027-09-30', 1, '2027-10-06'],
];

test('without the 2027 notice, deadlines skip its statutory holidays and are provisional', () => {
  for (const [start, n, expected] of handWorked) {
    const d = cal.deadline(start, n);
    assert.equal(d.day, expected, `${start} + ${n}`);
    assert.equal(d.provisional, true, `${start} + ${n}`);
    assert.equal(cal.workingDaysBetween(start, expected), n);
  }
  assert.deepEqual(
    cal.deadline('2026-12-03', 45).pending.map((w) => `${w.year} ${w.holiday} ${w.from}–${w.to}`),
    ['2027 元旦 2026-12-18–2027-01-15', '2027 春节 2027-01-22–2027-02-24'],
  );
});

test('a deadline whose counting period is clear of every holiday window is settled already', () => {
  // 3/1 + 10: 3/2–3/5, 3/8–3/12, 3/15; 春节's window ends 2/24 and 清明's starts 3/22
  assert.deepEqual(cal.deadline('2027-03-01', 10), { day: '2027-03-15', provisional: false, pending: [] });
  // November 2026 is settled by the 2026 notice and 2027's 元旦 window starts on 12/18
  assert.equal(cal.deadline('2026-11-02', 20).day, '2026-11-30');
  assert.equal(cal.deadline('2026-11-02', 20).provisional, false);
  // 2027's notice could still make Saturday 2026-12-19 a make-up workday, as 2019's did 2018-12-29
  assert.equal(cal.deadline('2026-11-02', 35).provisional, true);
});

test('when the notice arrives it replaces the rules: a make-up Sunday moves a deadline earlier', () => {
  const withNotice = new WorkingCalendar({ years: { ...CHINA_HOLIDAYS.years, '2027': ARRANGEMENT_2027 } });
  // 1/31 (Sun) is WD41, 2/1–2/4 WD42–45
  assert.deepEqual(withNotice.deadline('2026-12-03', 45), {
    day: '2027-02-04',
    provisional: false,
    pending: [],
  });
  // … the bridging days 2/11–2/12 and the make-up Saturday 2/20 cancel out by 3/4
  assert.equal(withNotice.deadline('2026-12-03', 60).day, '2027-03-04');
  assert.equal(withNotice.isWorkingDay('2027-02-11'), false, 'a bridging day of the notice');
  assert.equal(
    withNotice.isWorkingDay('2027-05-03'),
    true,
    'the notice had no 劳动节: the rules are not mixed in',
  );
});

test('an unconfirmed configured year keeps its configured days and stays provisional', () => {
  const guessed = new WorkingCalendar({
    years: { ...CHINA_HOLIDAYS.years, '2027': { ...ARRANGEMENT_2027, confirmed: false } },
  });
  const d = guessed.deadline('2026-12-03', 45);
  assert.equal(d.day, '2027-02-04');
  assert.equal(d.provisional, true);
});

test('an arrangement may reach into the December before its year, and no further', () => {
  const reach = new WorkingCalendar({
    years: { '2027': { ...ARRANGEMENT_2027, makeupWorkdays: ['2026-12-26'], holidays: ['2026-12-31'] } },
  });
  assert.equal(reach.isWorkingDay('2026-12-26'), true);
  assert.equal(reach.isWorkingDay('2026-12-31'), false);
  assert.throws(
    () => new WorkingCalendar({ years: { '2027': { ...ARRANGEMENT_2027, holidays: ['2026-11-30'] } } }),
    /2026-11-30 is listed under 2027/,
  );
  assert.throws(
    () =>
      new WorkingCalendar({
        years: {
          '2026': { source: 't', confirmed: true, holidays: ['2026-12-26'], makeupWorkdays: [] },
          '2027': { ...ARRANGEMENT_2027, makeupWorkdays: ['2026-12-26'] },
        },
      }),
    /2026-12-26 is listed both as a holiday and as a make-up workday/,
  );
});

test('a day outside the years the rules are modelled for (a clock reset to 1970) counts weekends only', () => {
  assert.equal(cal.isWorkingDay('1970-01-01'), true, 'a Thursday');
  assert.equal(cal.addWorkingDays('1970-01-01', 1), '1970-01-02');
  assert.equal(cal.workingDaysBetween('1970-01-01', '2025-01-01') > 14_000, true);
});
