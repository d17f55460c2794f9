/**
 * 电子监察 levels as a pure function of a deadline and today, counted in working days, so the
 * appliance's case board and central's supervision lists give every case the same level:
 * - normal: more than `warningDays` working days left;
 * - warning: `warningDays` or fewer working days left, up to and including the deadline day;
 * - yellow card: past the deadline;
 * - red card: more than `redAfterDays` working days past the deadline (the supervision period).
 */
import type { WorkingCalendar } from './working-calendar.ts';

/** 电子监察 levels, in rising order of severity. */
export type SupervisionLevel = 'normal' | 'warning' | 'yellow' | 'red';

export const LEVEL_ORDER: readonly SupervisionLevel[] = ['normal', 'warning', 'yellow', 'red'];

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
