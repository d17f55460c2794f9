import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHolidayCalendar } from '../../platform/calendar/index.ts';
import { memoizedCalendar } from './calendar-memo.ts';
import { centreDay } from './centre-day.ts';

test('the remembered calendar answers as the calendar does, asked twice, across 调休 and a new year', () => {
  const calendar = loadHolidayCalendar(undefined);
  const memo = memoizedCalendar(calendar);
  assert.equal(memoizedCalendar(memo), memo, 'not wrapped twice');
  for (let round = 0; round < 2; round++) {
    for (const start of ['2025-01-20', '2025-09-28', '2025-12-30', '2026-02-13']) {
      for (const n of [0, 1, 5, 15, 30]) {
        const due = calendar.addWorkingDays(start, n);
        assert.equal(memo.addWorkingDays(start, n), due, `${start} + ${n}`);
        assert.equal(memo.workingDaysBetween(start, due), calendar.workingDaysBetween(start, due));
        assert.equal(memo.workingDaysBetween(due, start), calendar.workingDaysBetween(due, start));
      }
    }
  }
  assert.equal(memo.isWorkingDay('2025-09-28'), calendar.isWorkingDay('2025-09-28'), 'the rest is inherited');
});

test('a centre day is the zone formatter’s, either side of midnight and for zones off the whole hour', () => {
  const reference = (ts: number, timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(ts),
    );
  const midnightShanghai = Date.parse('2025-03-01T16:00:00Z');
  for (const timeZone of ['Asia/Shanghai', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Monrovia']) {
    for (let round = 0; round < 2; round++) {
      for (const ts of [
        midnightShanghai - 1,
        midnightShanghai,
        midnightShanghai + 45 * 60_000 - 1,
        midnightShanghai + 45 * 60_000,
        Date.parse('1971-06-01T00:30:00Z'),
        Date.parse('1971-06-01T00:44:29Z'),
        Date.parse('1971-06-01T00:44:31Z'),
      ]) {
        assert.equal(
          centreDay(ts, timeZone),
          reference(ts, timeZone),
          `${timeZone} ${new Date(ts).toISOString()}`,
        );
      }
    }
  }
});
