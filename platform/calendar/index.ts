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
  FIRST_RULES_YEAR,
  type HolidayName,
  LAST_RULES_YEAR,
  NOTICE_REACH_DAYS,
  type NoticeWindow,
  noticeWindows,
  type StatutoryHoliday,
  type StatutoryYear,
  statutoryDaysOff,
  statutoryHolidays,
} from './statutory-holidays.ts';
export {
  DEFAULT_SUPERVISION,
  LEVEL_ORDER,
  moreSevere,
  type SupervisionLevel,
  type SupervisionPolicy,
  supervisionLevel,
} from './supervision-level.ts';
export {
  type HolidayCalendarData,
  HolidayDataError,
  type HolidayYear,
  WorkingCalendar,
  type WorkingDeadline,
} from './working-calendar.ts';
