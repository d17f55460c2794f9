/**
 * 电子监察 levels as a pure function of a deadline and today, counted in working days:
 * - normal: more than `warningDays` working days left;
 * - warning: `warningDays` or fewer working days left, up to and including the deadline day;
 * - yellow card: past the deadline;
 * - red card: more than `redAfterDays` working days past the deadline (the supervision period).
 */
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { LEVEL_ORDER, type SupervisionLevel } from './records.ts';

export interface SupervisionPolicy {
  warningDays: number;
  redAfterDays: number;
}

export const DEFAULT_SUPERVISION: SupervisionPolicy = { warningDays: 2, redAfterDays: 5 };

export function supervisionLevel(
  deadline: string,
  today: string,
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
): SupervisionLevel {
  if (today > deadline) {
    return calendar.workingDaysBetween(deadline, today) > policy.redAfterDays ? 'red' : 'yellow';
  }
  return calendar.workingDaysBetween(today, deadline) <= policy.warningDays ? 'warning' : 'normal';
}

export function moreSevere(a: SupervisionLevel, b: SupervisionLevel): SupervisionLevel {
  return LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b;
}
