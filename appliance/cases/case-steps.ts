/**
 * A case's steps (环节), each with its own limit in working days: the running step, finishing it
 * when the next begins or the case completes, and the working days a step took, not counting the
 * days the clock stood still (补正) while it ran.
 */
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import type { CaseRecord, CaseStep } from './records.ts';

export interface StepConfig {
  id: string;
  name: string;
  limitDays: number;
}

/** The steps of a new case: the first one runs from `day`. */
export function startSteps(steps: readonly StepConfig[] | undefined, day: string): CaseStep[] | undefined {
  if (!steps || steps.length === 0) return undefined;
  return steps.map((s, i) => ({
    id: s.id,
    name: s.name,
    limitDays: s.limitDays,
    ...(i === 0 ? { startedDay: day } : {}),
  }));
}

export function runningStep(c: CaseRecord): CaseStep | undefined {
  return c.steps?.find((s) => s.startedDay !== undefined && s.finishedDay === undefined);
}

/** Working days in (startedDay, until], minus the days of suspensions that began inside the step. */
export function stepWorkingDays(
  step: CaseStep,
  c: CaseRecord,
  until: string,
  calendar: WorkingCalendar,
): number {
  const from = step.startedDay ?? until;
  const stopped = c.suspensions
    .filter((s) => s.fromDay >= from && s.fromDay < until)
    .reduce(
      (n, s) =>
        n + calendar.workingDaysBetween(s.fromDay, s.untilDay && s.untilDay < until ? s.untilDay : until),
      0,
    );
  return Math.max(0, calendar.workingDaysBetween(from, until) - stopped);
}

/** The running step finished on `day` (with its working days and whether it overran), and the next started. */
export function finishStep(
  c: CaseRecord,
  day: string,
  calendar: WorkingCalendar,
  startNext: boolean,
): { steps: CaseStep[]; finished: CaseStep } | undefined {
  const steps = c.steps;
  const running = runningStep(c);
  if (!steps || !running) return undefined;
  const workingDays = stepWorkingDays(running, c, day, calendar);
  const finished: CaseStep = {
    ...running,
    finishedDay: day,
    workingDays,
    overLimit: workingDays > running.limitDays,
  };
  const at = steps.indexOf(running);
  const next = steps.map((s, i) =>
    i === at ? finished : i === at + 1 && startNext ? { ...s, startedDay: day } : s,
  );
  return { steps: next, finished };
}
