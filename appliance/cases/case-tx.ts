/**
 * What central receives about a case, in its 'case.accepted' and 'case.changed' transactions: no
 * personal data beyond the applicant's keyed hash.
 */
import type { TxBody } from '../../contract/mqtt.ts';
import type { CaseRecord, CaseStep } from './records.ts';

export function caseTxBody(c: CaseRecord, change: string): TxBody<'case.changed'> {
  return {
    caseId: c.id,
    number: c.number,
    change,
    state: c.state,
    level: c.level,
    worstLevel: c.worstLevel,
    serviceId: c.serviceId,
    itemId: c.itemId,
    ticketId: c.ticketId,
    applicantRef: c.applicant.ref,
    clerk: c.history.at(-1)?.clerk ?? c.clerk,
    counterId: c.counterId,
    acceptedDay: c.acceptedDay,
    legalLimitDays: c.legalLimitDays,
    promisedLimitDays: c.promisedLimitDays,
    pausedWorkingDays: c.pausedWorkingDays,
    promisedDeadline: c.promisedDeadline,
    legalDeadline: c.legalDeadline,
    provisional: c.provisional,
    ...(c.provisional ? { provisionalBecause: c.provisionalBecause ?? [] } : {}),
    ...(change === 'deadline' ? previousDeadlines(c) : {}),
    ...(c.state === 'suspended' ? { missingMaterials: c.suspensions.at(-1)?.missingMaterials } : {}),
    ...(c.completedDay ? { completedDay: c.completedDay, late: c.late } : {}),
    ...(c.refusal
      ? {
          refusalReason: c.refusal.reason,
          refusalReviewed: c.refusal.reviewedAt !== undefined,
          ...(c.refusal.kind ? { refusalKind: c.refusal.kind } : {}),
        }
      : {}),
    ...(c.materialsArrivedDay ? { materialsArrivedDay: c.materialsArrivedDay } : {}),
    ...(c.state === 'suspended' && c.suspensions.at(-1)
      ? { correctionNoticeDay: c.suspensions.at(-1)!.fromDay }
      : {}),
    ...stepFields(c),
  };
}

function stepWire(s: CaseStep & { startedDay: string }) {
  return {
    id: s.id,
    name: s.name,
    limitDays: s.limitDays,
    startedDay: s.startedDay,
    ...(s.finishedDay ? { endedDay: s.finishedDay } : {}),
    ...(s.workingDays !== undefined ? { workingDays: s.workingDays } : {}),
    ...(s.overLimit !== undefined ? { overLimit: s.overLimit } : {}),
  };
}

/** Every step begun so far, the running one last: central replaces its list with this one. */
function stepFields(c: CaseRecord): Pick<TxBody<'case.changed'>, 'steps'> {
  const begun = (c.steps ?? []).filter((s): s is CaseStep & { startedDay: string } => !!s.startedDay);
  return begun.length ? { steps: begun.map(stepWire) } : {};
}

/** The deadlines a 'deadline' change moved away from, for central's timeline. */
function previousDeadlines(
  c: CaseRecord,
): Pick<
  TxBody<'case.changed'>,
  'previousPromisedDeadline' | 'previousLegalDeadline' | 'previousProvisional'
> {
  const previous = c.history.findLast((e) => e.what === 'deadline')?.previous;
  return previous
    ? {
        previousPromisedDeadline: previous.promisedDeadline,
        previousLegalDeadline: previous.legalDeadline,
        previousProvisional: previous.provisional,
      }
    : {};
}
