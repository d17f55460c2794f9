/**
 * What central receives about a case, in its 'case.accepted' and 'case.changed' transactions: no
 * personal data beyond the applicant's keyed hash.
 */
import type { TxBody } from '../../contract/mqtt.ts';
import { runningStep } from './case-steps.ts';
import type { CaseRecord, CaseStep } from './records.ts';

export function caseTxBody(c: CaseRecord, change: string, finishedStep?: CaseStep): TxBody<'case.changed'> {
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
    ...stepFields(c, finishedStep),
  };
}

function stepWire(s: CaseStep) {
  return {
    id: s.id,
    name: s.name,
    limitDays: s.limitDays,
    startedDay: s.startedDay ?? '',
    ...(s.finishedDay ? { finishedDay: s.finishedDay } : {}),
    ...(s.workingDays !== undefined ? { workingDays: s.workingDays } : {}),
    ...(s.overLimit !== undefined ? { overLimit: s.overLimit } : {}),
  };
}

/** The step running now, and for a 'step' or 'complete' change the one that just finished. */
function stepFields(
  c: CaseRecord,
  finishedStep: CaseStep | undefined,
): Pick<TxBody<'case.changed'>, 'currentStep' | 'finishedStep'> {
  const running = c.state === 'completed' || c.state === 'refused' ? undefined : runningStep(c);
  return {
    ...(running?.startedDay ? { currentStep: stepWire(running) } : {}),
    ...(finishedStep?.startedDay ? { finishedStep: stepWire(finishedStep) } : {}),
  };
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
