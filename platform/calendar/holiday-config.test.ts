import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHolidayCalendar } from './holiday-config.ts';
import { HolidayDataError } from './working-calendar.ts';

test('configured holiday years replace shipped ones; other years stay', () => {
  const cal = loadHolidayCalendar({
    years: {
      '2027': { source: 'notice', confirmed: true, holidays: ['2027-01-01'], makeupWorkdays: [] },
      '2025': { source: 'local change', confirmed: true, holidays: [], makeupWorkdays: [] },
    },
  });
  assert.equal(cal.isWorkingDay('2027-01-01'), false);
  assert.equal(cal.isWorkingDay('2025-01-29'), true, '2025 was replaced by an empty year');
  assert.equal(cal.isWorkingDay('2026-02-16'), false, '2026 is still the shipped arrangement');
  assert.deepEqual(cal.unconfirmedYears('2026-12-01', '2027-02-01'), []);
  assert.equal(loadHolidayCalendar(undefined).isWorkingDay('2025-01-29'), false);
});

test('invalid holiday configuration is refused with the path of the problem', () => {
  assert.throws(
    () =>
      loadHolidayCalendar({
        years: { '2027': { holidays: ['1 Jan'], makeupWorkdays: [], source: 'x', confirmed: true } },
      }),
    (e: HolidayDataError) =>
      e.code === 'calendar.bad-holiday-data' && /\/years\/2027\/holidays\/0/.test(e.message),
  );
  assert.throws(() => loadHolidayCalendar({ years: { '2027': { holidays: [] } } }), HolidayDataError);
  assert.throws(
    () =>
      loadHolidayCalendar({
        years: { '2027': { holidays: [], makeupWorkdays: ['2027-01-04'], source: 'x', confirmed: true } },
      }),
    /not a weekend day/,
  );
});
