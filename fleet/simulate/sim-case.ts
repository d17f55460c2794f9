/**
 * One simulated case from acceptance to its end, as the transactions a kiosk sends: 补正 and
 * resumption (some notices late, counted from the day the materials arrived), supervision levels
 * for the late ones, refusals of both kinds (some without a reason), completion; each body lists
 * the processing steps so far with their own limits (some steps overrun while the case is on time).
 */
import type { TxType } from '../../contract/mqtt.ts';

export interface Pending {
  ts: number;
  type: TxType;
  body: Record<string, unknown>;
}

export interface SimCaseInput {
  random: () => number;
  caseId: string;
  number: string;
  day: string;
  serviceId: string;
  item: { id: string; legal: number; promised: number };
  ticketId: string;
  counterId: string;
  clerk: string;
  acceptedAt: number;
  addWorkdays: (d: string, n: number) => string;
  /** Epoch ms of `minutes` after the centre opens on `day`. */
  at: (day: string, minutes: number) => number;
}

interface Step {
  id: string;
  name: string;
  limitDays: number;
  startedDay: string;
  endedDay: string;
}

/** The steps as they stand on `day`: started ones, ended if they have. */
const stepsOn = (steps: Step[], day: string) =>
  steps
    .filter((s) => s.startedDay <= day)
    .map(({ endedDay, ...s }) => (endedDay <= day ? { ...s, endedDay } : s));

/** The case's transactions: `now` for the acceptance day, `later` keyed by the day they happen. */
export function simCase(c: SimCaseInput): { now: Pending[]; later: Array<[string, Pending]> } {
  const { random, addWorkdays, at, day, item } = c;
  const later: Array<[string, Pending]> = [];
  const promisedDeadline = addWorkdays(day, item.promised);
  const legalDeadline = addWorkdays(day, item.legal);
  const base: Record<string, unknown> & { promisedDeadline: string } = {
    caseId: c.caseId,
    number: c.number,
    serviceId: c.serviceId,
    itemId: item.id,
    ticketId: c.ticketId,
    applicantRef: Math.floor(random() * 2 ** 48)
      .toString(16)
      .padStart(12, '0'),
    counterId: c.counterId,
    acceptedDay: day,
    materialsArrivedDay: day,
    legalLimitDays: item.legal,
    promisedLimitDays: item.promised,
    pausedWorkingDays: 0,
    promisedDeadline,
    legalDeadline,
    provisional: false,
  };
  let steps: Step[] = [];
  const snap = (on: string, change: string, state: string, level: string, worst: string, extra = {}) => ({
    ...base,
    change,
    state,
    level,
    worstLevel: worst,
    clerk: c.clerk,
    steps: stepsOn(steps, on),
    ...extra,
  });
  const fate = random();
  const suspends = fate >= 0.04 && fate < 0.14;
  // One 补正 notice in six comes later than the law's five working days after the materials.
  const lateNotice = suspends && random() < 0.17;
  const suspendDay = addWorkdays(day, lateNotice ? 7 : 1);
  // A suspended case closes only after it resumed (two working days after the notice).
  const earliest = suspends ? (lateNotice ? 10 : 4) : 1;
  const closeDay = addWorkdays(day, Math.max(earliest, Math.round(random() * item.promised * 1.3)));
  // 受理 (same day), 审核 (about 60% of the promised time; one in eight overruns), 决定 (the rest).
  const reviewLimit = Math.max(1, Math.round(item.promised * 0.6));
  const reviewDays =
    closeDay <= addWorkdays(day, 1)
      ? 0
      : random() < 0.12
        ? reviewLimit + 1
        : Math.max(1, Math.floor(random() * reviewLimit));
  // Days compare as ISO strings; the review never ends after the case closes.
  const reviewEnd = reviewDays === 0 ? closeDay : addWorkdays(day, reviewDays);
  const reviewEnds = [reviewEnd, closeDay].sort()[0] ?? closeDay;
  steps = [
    { id: 'accept', name: '受理', limitDays: 0, startedDay: day, endedDay: day },
    { id: 'review', name: '审核', limitDays: reviewLimit, startedDay: day, endedDay: reviewEnds },
    {
      id: 'decide',
      name: '决定',
      limitDays: Math.max(1, item.promised - reviewLimit),
      startedDay: reviewEnds,
      endedDay: closeDay,
    },
  ];
  const now: Pending[] = [
    {
      ts: c.acceptedAt,
      type: 'case.accepted',
      body: snap(day, 'accepted', 'accepted', 'normal', 'normal'),
    },
  ];
  const schedule = (d: string, minutes: number, body: Record<string, unknown>) =>
    later.push([d, { ts: at(d, minutes), type: 'case.changed', body }]);
  if (fate < 0.04) {
    const refuseDay = addWorkdays(day, 1);
    steps = steps.slice(0, 1);
    schedule(
      refuseDay,
      60,
      snap(refuseDay, 'refuse', 'refused', 'normal', 'normal', {
        refusalReason: random() < 0.8 ? '申请材料不符合法定形式' : undefined,
        refusalKind: random() < 0.5 ? 'not-accepted' : 'not-permitted',
        refusalReviewed: false,
      }),
    );
    return { now, later };
  }
  if (suspends) {
    schedule(
      suspendDay,
      90,
      snap(suspendDay, 'suspend', 'suspended', 'normal', 'normal', { missingMaterials: ['户口簿复印件'] }),
    );
    const resumeDay = addWorkdays(suspendDay, 2);
    // Every snapshot from the resumption on carries the moved deadlines and the new materials' day.
    Object.assign(base, {
      pausedWorkingDays: 2,
      promisedDeadline: addWorkdays(promisedDeadline, 2),
      legalDeadline: addWorkdays(legalDeadline, 2),
      materialsArrivedDay: resumeDay,
    });
    schedule(resumeDay, 90, snap(resumeDay, 'resume', 'in-progress', 'normal', 'normal'));
  }
  if (reviewEnds < closeDay)
    schedule(reviewEnds, 120, snap(reviewEnds, 'step', 'in-progress', 'normal', 'normal'));
  const late = closeDay > base.promisedDeadline;
  if (late) {
    schedule(
      base.promisedDeadline,
      0,
      snap(base.promisedDeadline, 'level', 'in-progress', 'warning', 'warning'),
    );
    const yellowDay = addWorkdays(base.promisedDeadline, 1);
    if (yellowDay <= closeDay)
      schedule(yellowDay, 0, snap(yellowDay, 'level', 'in-progress', 'yellow', 'yellow'));
  }
  const level = late ? 'yellow' : 'normal';
  schedule(
    closeDay,
    200,
    snap(closeDay, 'complete', 'completed', level, level, { completedDay: closeDay, late }),
  );
  return { now, later };
}
