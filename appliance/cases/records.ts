/**
 * The records this module adds to the store (members of `StoredRecord` in appliance/store/records.ts).
 * The module reaches the store through the narrow `CaseStore` port (store-port.ts).
 */
import type { NoticeWindow, SupervisionLevel } from '../../platform/calendar/index.ts';
import type { PersonRef } from '../store/person-ref.ts';

export type CaseState = 'accepted' | 'in-progress' | 'suspended' | 'completed' | 'refused';

// The levels are central's as much as the appliance's: defined beside the calendar they count on.
export { LEVEL_ORDER, type SupervisionLevel } from '../../platform/calendar/index.ts';

/** A 补正 period: the clock stops on `fromDay` and restarts on `untilDay`. */
export interface Suspension {
  at: number;
  fromDay: string;
  missingMaterials: string[];
  clerk: string;
  resumedAt?: number;
  untilDay?: string;
  /** Working days in (fromDay, untilDay]: how far the deadlines moved when the clock restarted. */
  workingDays?: number;
}

/** 不予受理 (not taken in) or 不予许可 (taken in, permission refused): the clerk's choice. */
export type RefusalKind = 'not-accepted' | 'not-permitted';

/** One step (环节) of a case, with its own limit in working days. */
export interface CaseStep {
  id: string;
  name: string;
  limitDays: number;
  startedDay?: string;
  finishedDay?: string;
  /** Working days the step took, clock stops excluded (set when it finishes). */
  workingDays?: number;
  overLimit?: boolean;
}

export interface CaseEvent {
  at: number;
  /**
   * The state entered; 'level' for a supervision level change; 'deadline' when the deadlines were
   * recounted with a changed calendar (a holiday arrangement arrived) and moved or stopped being
   * provisional; 'step' when a step finished and the next began.
   */
  what: CaseState | 'level' | 'deadline' | 'step';
  clerk?: string;
  level?: SupervisionLevel;
  /** For 'deadline': what they were before; the record carries what they are now. */
  previous?: { promisedDeadline: string; legalDeadline: string; provisional: boolean };
}

export interface CaseRecord {
  kind: 'case';
  id: string;
  /** Printed on the acceptance receipt and used to look the case up: '20250124-0003'. */
  number: string;
  ticketId?: string;
  serviceId: string;
  itemId: string;
  itemName: string;
  applicant: PersonRef;
  materials: string[];
  legalLimitDays: number;
  promisedLimitDays: number;
  acceptedAt: number;
  acceptedDay: string;
  clerk: string;
  counterId?: string;
  state: CaseState;
  /** Working days the clock has been stopped for, over all finished suspensions. */
  pausedWorkingDays: number;
  /** Deadlines as they stand now: acceptance day + limit + paused working days. */
  promisedDeadline: string;
  legalDeadline: string;
  /**
   * True while a holiday arrangement not yet published could still move a deadline: the counting
   * period touches the window around a holiday of a year whose State Council notice is not in the
   * calendar (its statutory holidays are counted; its 调休 is not known).
   */
  provisional: boolean;
  /** Why it is provisional: the holiday windows still waiting for their notice (absent on old records). */
  provisionalBecause?: NoticeWindow[];
  suspensions: Suspension[];
  /** The day the application's materials arrived (absent on old records: the acceptance day). */
  materialsArrivedDay?: string;
  /** Taken in with materials missing (补正 at acceptance): no receipt until they are complete. */
  correctionAtIntake?: boolean;
  /** The item's steps, in order; the running one has `startedDay` and no `finishedDay`. */
  steps?: CaseStep[];
  level: SupervisionLevel;
  /** The most severe level the case ever reached: a card once shown stays on the record. */
  worstLevel: SupervisionLevel;
  completedAt?: number;
  completedDay?: string;
  /** Completed after the promised deadline. */
  late?: boolean;
  refusal?: {
    reason: string;
    /** Absent on refusals recorded before the kind was asked. */
    kind?: RefusalKind;
    at: number;
    clerk: string;
    reviewedBy?: string;
    reviewedAt?: number;
  };
  history: CaseEvent[];
}

export type RatingSubject = { kind: 'ticket'; id: string } | { kind: 'case'; id: string };

export interface RatingRecord {
  kind: 'rating';
  /** `${subject.kind}:${subject.id}:${serviceId}`, so a second rating of the same thing collides. */
  id: string;
  subject: RatingSubject;
  serviceId: string;
  score: 1 | 2 | 3 | 4 | 5;
  /** Why a poor rating was given (reason codes). */
  reasons?: string[];
  comment?: string;
  ratedAt: number;
  day: string;
  counterId?: string;
  clerk?: string;
  /** For a poor rating (差评): the working day by which the centre must have put it right. */
  rectifyBy?: string;
}
