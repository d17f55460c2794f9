/** Cases under legal deadlines (电子监察), the working-day calendar, ratings and performance figures. */

// The calendar lives in platform/ (central counts the same days); re-exported for the appliance's importers.
export {
  BadDayError,
  CHINA_HOLIDAYS,
  DEFAULT_SUPERVISION,
  type HolidayCalendarConfig,
  type HolidayCalendarData,
  HolidayCalendarSchema,
  HolidayDataError,
  type HolidayYear,
  HolidayYearSchema,
  loadHolidayCalendar,
  type SupervisionPolicy,
  supervisionLevel,
  WorkingCalendar,
} from '../../platform/calendar/index.ts';
export { runningStep, stepWorkingDays } from './case-steps.ts';
export {
  type AcceptRequest,
  type CaseFilter,
  type CaseItem,
  Cases,
  type CasesOptions,
  caseTxBody,
} from './cases.ts';
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
  CaseStep,
  RatingRecord,
  RatingSubject,
  RefusalKind,
  SupervisionLevel,
  Suspension,
} from './records.ts';
export type { CaseStore } from './store-port.ts';
export {
  type SupervisionTimer,
  type SupervisionTimerOptions,
  startSupervisionTimer,
} from './supervision-timer.ts';
