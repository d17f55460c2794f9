/** Cases under legal deadlines (电子监察), the working-day calendar, ratings and performance figures. */
export { type HolidayCalendarData, HolidayDataError, type HolidayYear, WorkingCalendar } from './calendar.ts';
export {
  type AcceptRequest,
  type CaseFilter,
  type CaseItem,
  Cases,
  type CasesOptions,
  caseTxBody,
} from './cases.ts';
export { BadDayError } from './day.ts';
export {
  type HolidayCalendarConfig,
  HolidayCalendarSchema,
  HolidayYearSchema,
  loadHolidayCalendar,
} from './holiday-config.ts';
export { CHINA_HOLIDAYS } from './holidays-cn.ts';
export {
  type DayPerformance,
  type DurationStats,
  dayPerformance,
  type Figures,
  type PerformanceInput,
} from './performance.ts';
export { type CaseProgress, caseProgress } from './progress.ts';
export { type RateRequest, Ratings, type RatingsOptions } from './ratings.ts';
export type {
  CaseEvent,
  CaseRecord,
  CaseState,
  RatingRecord,
  RatingSubject,
  SupervisionLevel,
  Suspension,
} from './records.ts';
export type { CaseStore } from './store-port.ts';
export { DEFAULT_SUPERVISION, type SupervisionPolicy, supervisionLevel } from './supervision.ts';
export {
  type SupervisionTimer,
  type SupervisionTimerOptions,
  startSupervisionTimer,
} from './supervision-timer.ts';
