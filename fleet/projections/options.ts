import { loadHolidayCalendar } from '../../platform/calendar/index.ts';
import { memoizedCalendar } from './calendar-memo.ts';
import type { ProjectionOptions } from './project-batch.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function projectionOptions(partial: Partial<ProjectionOptions> = {}): ProjectionOptions {
  return {
    timeZone: partial.timeZone ?? DEFAULT_TIME_ZONE,
    // The shipped State Council arrangements, the same the kiosks count with unless configured otherwise.
    calendar: memoizedCalendar(partial.calendar ?? loadHolidayCalendar(undefined)),
    rectifyWithinDays: partial.rectifyWithinDays ?? 5,
  };
}
