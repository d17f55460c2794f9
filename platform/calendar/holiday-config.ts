/**
 * Holiday configuration as it arrives from a configuration bundle: a TypeBox schema the
 * configuration schema can embed, and a loader that validates it and lays it over the shipped
 * arrangements year by year (a configured year replaces the shipped one entirely).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CHINA_HOLIDAYS } from './holidays-cn.ts';
import { type HolidayCalendarData, HolidayDataError, WorkingCalendar } from './working-calendar.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const HolidayYearSchema = Type.Object({
  holidays: Type.Array(Day),
  makeupWorkdays: Type.Array(Day),
  source: Type.String({ minLength: 1 }),
  confirmed: Type.Boolean(),
});

export const HolidayCalendarSchema = Type.Object({
  years: Type.Record(Type.String({ pattern: '^\\d{4}$' }), HolidayYearSchema),
});
export type HolidayCalendarConfig = Static<typeof HolidayCalendarSchema>;

/** Validates configured holidays and returns the calendar of shipped years overlaid with them. */
export function loadHolidayCalendar(
  configured: unknown,
  shipped: HolidayCalendarData = CHINA_HOLIDAYS,
): WorkingCalendar {
  if (configured === undefined) return new WorkingCalendar(shipped);
  if (!Value.Check(HolidayCalendarSchema, configured)) {
    const problems = [...Value.Errors(HolidayCalendarSchema, configured)]
      .slice(0, 5)
      .map((e) => `${e.path || '/'}: ${e.message}`);
    throw new HolidayDataError(`holiday configuration is invalid: ${problems.join('; ')}`);
  }
  return new WorkingCalendar({ years: { ...shipped.years, ...configured.years } });
}
