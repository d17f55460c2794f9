import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWeekend } from './day.ts';
import { noticeWindows, statutoryDaysOff, statutoryHolidays } from './statutory-holidays.ts';

const byName = (year: number) =>
  Object.fromEntries(statutoryHolidays(year).holidays.map((h) => [h.holiday, h]));

// 2027 by hand: 2027-01-01 is a Friday; 春节 (正月初一) is Saturday 2/6, so 除夕 is Friday 2/5;
// 清明 is Monday 4/5; 端午 (五月初五) Wednesday 6/9; 中秋 (八月十五) Wednesday 9/15.
// Made up (补假): 春节's Saturday and Sunday on Tue 2/9 and Wed 2/10; 劳动节 5/1–5/2 (Sat, Sun) on
// Mon 5/3 and Tue 5/4; 国庆 10/2–10/3 (Sat, Sun) on Mon 10/4 and Tue 10/5.
test('2027 under the 2025 rules, by hand', () => {
  const y = byName(2027);
  assert.match(statutoryHolidays(2027).rules, /第795号/);
  assert.deepEqual(y.元旦, { holiday: '元旦', days: ['2027-01-01'], compensation: [] });
  assert.deepEqual(y.春节?.days, ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
  assert.deepEqual(y.春节?.compensation, ['2027-02-09', '2027-02-10']);
  assert.deepEqual(y.清明节?.days, ['2027-04-05']);
  assert.deepEqual(y.劳动节?.days, ['2027-05-01', '2027-05-02']);
  assert.deepEqual(y.劳动节?.compensation, ['2027-05-03', '2027-05-04']);
  assert.deepEqual(y.端午节?.days, ['2027-06-09']);
  assert.deepEqual(y.中秋节?.days, ['2027-09-15']);
  assert.deepEqual(y.国庆节?.days, ['2027-10-01', '2027-10-02', '2027-10-03']);
  assert.deepEqual(y.国庆节?.compensation, ['2027-10-04', '2027-10-05']);
  assert.equal(statutoryDaysOff(2027).size, 1 + 6 + 1 + 4 + 1 + 1 + 5);
});

test('中秋 on a 国庆 day is one more day to make up (2028: 10/3)', () => {
  const y = byName(2028);
  assert.deepEqual(y.中秋节?.days, ['2028-10-03']);
  // 国庆 10/1 is a Sunday: one day for it, one for 中秋 on 10/3
  assert.deepEqual(
    [...(y.国庆节?.compensation ?? []), ...(y.中秋节?.compensation ?? [])],
    ['2028-10-04', '2028-10-05'],
  );
});

test('each version of the rules: 春节 from 除夕 (2008–2013, 2025–) or from 初一, 劳动节 3, 1, then 2 days', () => {
  // 春节 2024 (初一) was Saturday 2/10; 2013's was Sunday 2/10; 2007's Sunday 2/18
  assert.deepEqual(byName(2024).春节?.days, ['2024-02-10', '2024-02-11', '2024-02-12']);
  assert.deepEqual(byName(2013).春节?.days, ['2013-02-09', '2013-02-10', '2013-02-11']);
  assert.deepEqual(byName(2007).春节?.days, ['2007-02-18', '2007-02-19', '2007-02-20']);
  assert.deepEqual(byName(2007).劳动节?.days, ['2007-05-01', '2007-05-02', '2007-05-03']);
  assert.equal(byName(2007).清明节, undefined, 'no 清明, 端午 or 中秋 before 2008');
  assert.deepEqual(byName(2024).劳动节?.days, ['2024-05-01']);
  assert.deepEqual(byName(2025).劳动节?.days, ['2025-05-01', '2025-05-02']);
});

test('new year days far ahead match the published tables (春节 2029–2035)', () => {
  const expected: Record<number, string> = {
    2029: '2029-02-13',
    2030: '2030-02-03',
    2031: '2031-01-23',
    2032: '2032-02-11',
    2033: '2033-01-31',
    2034: '2034-02-19',
    2035: '2035-02-08',
  };
  for (const [year, newYear] of Object.entries(expected)) {
    assert.equal(byName(Number(year)).春节?.days[1], newYear, `正月初一 ${year}`);
  }
});

test('made-up days are weekdays off nothing else claims, right after their holiday', () => {
  for (let year = 2025; year <= 2060; year++) {
    const seen = new Set<string>();
    for (const h of statutoryHolidays(year).holidays) {
      const owed = h.days.filter((d) => isWeekend(d)).length;
      assert.ok(h.compensation.length >= owed, `${year} ${h.holiday}`);
      for (const d of h.compensation) {
        assert.equal(isWeekend(d), false, d);
        assert.ok(d > h.days.at(-1)!, d);
        assert.ok(!seen.has(d), `${d} made up twice`);
        seen.add(d);
      }
      for (const d of h.days) seen.add(d);
    }
  }
});

test('a notice window spans the holiday’s days off and two weeks either side; 元旦’s starts in December', () => {
  const windows = noticeWindows(2027);
  assert.deepEqual(windows[0], { year: 2027, holiday: '元旦', from: '2026-12-18', to: '2027-01-15' });
  assert.deepEqual(
    windows.find((w) => w.holiday === '春节'),
    { year: 2027, holiday: '春节', from: '2027-01-22', to: '2027-02-24' },
  );
});

test('years outside the rules modelled are refused, not guessed', () => {
  assert.throws(() => statutoryHolidays(1999), /2000 to 2199, not 1999/);
  assert.throws(() => statutoryHolidays(2200), RangeError);
  assert.throws(() => statutoryHolidays(2027.5), RangeError);
});
