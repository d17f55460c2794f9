/**
 * What a screen shows about a case: the kiosk's "how is my application going" lookup and the admin
 * panel's supervision board. Only the masked applicant leaves here.
 */
import type { NoticeWindow, WorkingCalendar } from '../../platform/calendar/index.ts';
import type { CaseRecord, CaseState, SupervisionLevel } from './records.ts';

export interface CaseProgress {
  id: string;
  number: string;
  itemName: string;
  serviceId: string;
  state: CaseState;
  level: SupervisionLevel;
  worstLevel: SupervisionLevel;
  applicantMasked: string;
  acceptedDay: string;
  promisedDeadline: string;
  legalDeadline: string;
  /** Working days left until the promised deadline, counted from today; 0 on the deadline day. */
  workingDaysLeft: number | null;
  /** Working days past the promised deadline; null while not overdue or once closed. */
  overdueWorkingDays: number | null;
  /** What the applicant still has to bring, while the case is suspended. */
  missingMaterials: string[];
  provisional: boolean;
  /** The holiday windows still waiting for their notice, while provisional. */
  provisionalBecause: NoticeWindow[];
  completedDay?: string;
  late?: boolean;
  refusalReason?: string;
}

export function caseProgress(c: CaseRecord, calendar: WorkingCalendar, today: string): CaseProgress {
  const running = c.state === 'accepted' || c.state === 'in-progress';
  const past = today > c.promisedDeadline;
  return {
    id: c.id,
    number: c.number,
    itemName: c.itemName,
    serviceId: c.serviceId,
    state: c.state,
    level: c.level,
    worstLevel: c.worstLevel,
    applicantMasked: c.applicant.maskedName,
    acceptedDay: c.acceptedDay,
    promisedDeadline: c.promisedDeadline,
    legalDeadline: c.legalDeadline,
    workingDaysLeft: running && !past ? calendar.workingDaysBetween(today, c.promisedDeadline) : null,
    overdueWorkingDays: running && past ? calendar.workingDaysBetween(c.promisedDeadline, today) : null,
    missingMaterials: c.state === 'suspended' ? (c.suspensions.at(-1)?.missingMaterials ?? []) : [],
    provisional: c.provisional,
    provisionalBecause: c.provisional ? (c.provisionalBecause ?? []) : [],
    ...(c.completedDay ? { completedDay: c.completedDay, late: c.late ?? false } : {}),
    ...(c.refusal ? { refusalReason: c.refusal.reason } : {}),
  };
}
