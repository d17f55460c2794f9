/**
 * A case's legal clock, counted with the working-day calendar as it is now: its deadlines (the
 * acceptance day + the limit + the working days of every finished suspension), its supervision level,
 * and the update supervision makes when either moved. Also the materials' arrival day a clerk may give.
 */
import {
  moreSevere,
  type SupervisionPolicy,
  supervisionLevel,
  type WorkingCalendar,
} from '../../platform/calendar/index.ts';
import { ApplianceError } from '../core/errors.ts';
import { CLOCK_RUNNING } from './case-rules.ts';
import type { CaseRecord } from './records.ts';

/** How far back the clerk may date the arrival of an application's materials. */
const ARRIVAL_WINDOW_DAYS = 90;

export function withDeadlines(c: CaseRecord, calendar: WorkingCalendar): CaseRecord {
  const suspensions = c.suspensions.map((s) =>
    s.untilDay === undefined ? s : { ...s, workingDays: calendar.workingDaysBetween(s.fromDay, s.untilDay) },
  );
  const pausedWorkingDays = suspensions.reduce((n, s) => n + (s.workingDays ?? 0), 0);
  const promised = calendar.deadline(c.acceptedDay, c.promisedLimitDays + pausedWorkingDays);
  const legal = calendar.deadline(c.acceptedDay, c.legalLimitDays + pausedWorkingDays);
  const later = promised.day > legal.day ? promised : legal;
  return {
    ...c,
    suspensions,
    pausedWorkingDays,
    promisedDeadline: promised.day,
    legalDeadline: legal.day,
    provisional: later.provisional,
    provisionalBecause: later.pending,
  };
}

export function withLevel(
  c: CaseRecord,
  today: string,
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
): CaseRecord {
  const level = supervisionLevel(c.promisedDeadline, today, calendar, policy);
  return { ...c, level, worstLevel: moreSevere(c.worstLevel, level) };
}

/**
 * An open case brought up to date at `now`: deadlines recounted (a holiday arrangement may have
 * arrived), then the level of one whose clock runs. Null when nothing changed; the change is
 * 'deadline' when the deadlines moved or stopped being provisional, else 'level'.
 */
export function supervised(
  c: CaseRecord,
  at: { now: number; today: string },
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
): { record: CaseRecord; change: 'deadline' | 'level' } | null {
  const recounted = withDeadlines(c, calendar);
  const moved = deadlinesDiffer(c, recounted);
  let next: CaseRecord = moved
    ? {
        ...recounted,
        history: [
          ...c.history,
          {
            at: at.now,
            what: 'deadline',
            previous: {
              promisedDeadline: c.promisedDeadline,
              legalDeadline: c.legalDeadline,
              provisional: c.provisional,
            },
          },
        ],
      }
    : c;
  if (CLOCK_RUNNING.includes(c.state)) {
    const levelled = withLevel(next, at.today, calendar, policy);
    if (levelled.level !== next.level) {
      next = {
        ...levelled,
        history: [...levelled.history, { at: at.now, what: 'level', level: levelled.level }],
      };
    }
  }
  if (next === c) return null;
  return { record: next, change: moved ? 'deadline' : 'level' };
}

/** Whether recounting changed what the clerk and central see of the deadlines. */
function deadlinesDiffer(a: CaseRecord, b: CaseRecord): boolean {
  return (
    a.promisedDeadline !== b.promisedDeadline ||
    a.legalDeadline !== b.legalDeadline ||
    a.provisional !== b.provisional ||
    a.pausedWorkingDays !== b.pausedWorkingDays ||
    JSON.stringify(a.provisionalBecause ?? []) !== JSON.stringify(b.provisionalBecause ?? [])
  );
}

/** The day the materials arrived: today unless the clerk dates it back, never ahead, never far back. */
export function arrivalDay(given: string | undefined, today: string): string {
  if (given === undefined) return today;
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - ARRIVAL_WINDOW_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (!isCalendarDay(given) || given > today || given < earliest) {
    throw new ApplianceError(
      'case.bad-arrival-day',
      `the materials' arrival day must be between ${earliest} and today (${today}), not ${given}`,
      422,
    );
  }
  return given;
}

/** A real 'YYYY-MM-DD' day: Date.parse alone would roll 2025-02-30 over into March. */
function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}
