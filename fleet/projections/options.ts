import type { ProjectionOptions } from './project-batch.ts';
import { weekdayCalendar } from './working-days.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function projectionOptions(partial: Partial<ProjectionOptions> = {}): ProjectionOptions {
  return {
    timeZone: partial.timeZone ?? DEFAULT_TIME_ZONE,
    calendar: partial.calendar ?? weekdayCalendar,
    rectifyWithinDays: partial.rectifyWithinDays ?? 5,
  };
}
