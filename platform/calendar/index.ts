/**
 * The working-day calendar legal and promised time limits are counted in, shared by the appliance
 * (case deadlines) and central (supervision across centres), so both count the same days.
 */
export { BadDayError, formatDay, isWeekend, nextDay, parseDay, weekdayOf, yearOf } from './day.ts';
export {
  type HolidayCalendarConfig,
  HolidayCalendarSchema,
  HolidayYearSchema,
  loadHolidayCalendar,
} from './holiday-config.ts';
export { CHINA_HOLIDAYS } from './holidays-cn.ts';
export {
  type HolidayCalendarData,
  HolidayDataError,
  type HolidayYear,
  WorkingCalendar,
} from './working-calendar.ts';
