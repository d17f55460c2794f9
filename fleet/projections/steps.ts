/**
 * A case's processing steps (受理, 审核, 决定, …), each with its own limit in working days. The
 * kiosk's case body lists the steps so far (`steps`); central keeps one row per step with its
 * due day, so "a step over its own limit, even when the case is on time overall" is one indexed
 * list: steps that ended past their due day, and running steps whose due day has gone.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { day, num, objList, str } from './body.ts';

export interface StepRow {
  kiosk_id: string;
  case_id: string;
  step_id: string;
  name: string | null;
  limit_days: number;
  started_day: string;
  due_day: string;
  ended_day: string | null;
  working_days: number | null;
  clerk: string | null;
  over_limit: boolean;
}

export const STEP_COLUMNS = {
  kiosk_id: 'text',
  case_id: 'text',
  step_id: 'text',
  name: 'text',
  limit_days: 'integer',
  started_day: 'date',
  due_day: 'date',
  ended_day: 'date',
  working_days: 'integer',
  clerk: 'text',
  over_limit: 'boolean',
} as const;

/** The steps a case transaction lists, or null when it lists none (an older kiosk). */
export function stepsOf(tx: TxEnvelope, caseId: string, calendar: WorkingCalendar): StepRow[] | null {
  if (!Array.isArray(tx.body.steps)) return null;
  return objList(tx.body, 'steps').flatMap((s): StepRow[] => {
    const stepId = str(s, 'id');
    const limit = num(s, 'limitDays');
    const started = day(s, 'startedDay');
    if (!stepId || !started || limit === undefined || !Number.isInteger(limit) || limit < 0 || limit > 366)
      return [];
    const ended = day(s, 'endedDay') ?? null;
    const due = calendar.addWorkingDays(started, limit);
    return [
      {
        kiosk_id: tx.kiosk,
        case_id: caseId,
        step_id: stepId,
        name: str(s, 'name') ?? null,
        limit_days: limit,
        started_day: started,
        due_day: due,
        ended_day: ended,
        working_days: ended ? calendar.workingDaysBetween(started, ended) : null,
        clerk: str(s, 'clerk') ?? null,
        over_limit: ended !== null && ended > due,
      },
    ];
  });
}
