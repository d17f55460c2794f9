import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SUPERVISION,
  type SupervisionPolicy,
  type WorkingCalendar,
} from '../../platform/calendar/index.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { Mutex } from '../../platform/mutex.ts';
import { ApplianceError } from '../core/errors.ts';
import { supervised, withDeadlines, withLevel } from './case-clock.ts';
import { type AcceptRequest, intakeDraft } from './case-intake.ts';
import { assertTransition, checkLimits, cleanReason, cleanTexts, OPEN_STATES } from './case-rules.ts';
import { finishStep, runningStep } from './case-steps.ts';
import { caseTxBody } from './case-tx.ts';
import { receiptNumber } from './receipt-number.ts';
import type { CaseRecord, CaseState, RefusalKind, SupervisionLevel } from './records.ts';

export { caseTxBody } from './case-tx.ts';

import type { CaseStore } from './store-port.ts';

export type { AcceptRequest, CaseItem } from './case-intake.ts';

export interface CasesOptions {
  calendar: WorkingCalendar;
  /** The centre's time zone: the acceptance day is the centre's calendar day. */
  timeZone: string;
  supervision?: SupervisionPolicy;
  now?: () => number;
  /**
   * Keys the receipt numbers (derive it from the device key, so it is the same after a restart);
   * without one a key of this instance's own (tests).
   */
  receiptKey?: Buffer;
}

export interface CaseFilter {
  state?: CaseState;
  level?: SupervisionLevel;
}

export class Cases {
  private readonly calendar: WorkingCalendar;
  private readonly timeZone: string;
  private readonly policy: SupervisionPolicy;
  private readonly now: () => number;
  private readonly serial = new Mutex();
  private readonly receiptKey: Buffer;

  constructor(
    private readonly store: CaseStore,
    options: CasesOptions,
  ) {
    this.calendar = options.calendar;
    this.timeZone = options.timeZone;
    this.policy = options.supervision ?? DEFAULT_SUPERVISION;
    this.now = options.now ?? Date.now;
    this.receiptKey = options.receiptKey ?? randomBytes(32);
    for (const [k, v] of Object.entries(this.policy)) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`supervision.${k} must be a whole number ≥ 0`);
    }
  }

  get(id: string): CaseRecord | undefined {
    return this.store.get('case', id);
  }

  byNumber(number: string): CaseRecord | undefined {
    return this.store.all('case').find((c) => c.number === number);
  }

  /** Cases in acceptance order, optionally only one state or level. */
  list(filter: CaseFilter = {}): CaseRecord[] {
    return this.store
      .all('case')
      .filter((c) => filter.state === undefined || c.state === filter.state)
      .filter((c) => filter.level === undefined || c.level === filter.level)
      .sort((a, b) => a.acceptedAt - b.acceptedAt || a.id.localeCompare(b.id));
  }

  /** Refused cases a supervisor has not yet looked at. */
  refusalsAwaitingReview(): CaseRecord[] {
    return this.list({ state: 'refused' }).filter((c) => c.refusal && c.refusal.reviewedAt === undefined);
  }

  accept(req: AcceptRequest): Promise<CaseRecord> {
    return this.serial.run(async () => {
      const ticket = this.store.get('ticket', req.ticketId);
      if (!ticket) throw new ApplianceError('ticket.unknown', `no ticket '${req.ticketId}'`, 404);
      if (ticket.status !== 'called' && ticket.status !== 'done') {
        throw new ApplianceError(
          'case.ticket-not-served',
          `ticket ${ticket.number} is ${ticket.status}: accept an application only from a ticket being served`,
        );
      }
      const applicant = req.applicant ?? ticket.holder;
      if (!applicant) {
        throw new ApplianceError('case.applicant-required', 'read the applicant’s ID card first', 422);
      }
      checkLimits(req.item.legalLimitDays, req.item.promisedLimitDays);
      const materials = cleanTexts(req.materials, 'materials received', false);
      const missing = cleanTexts(req.missingMaterials ?? [], 'missing materials', false);
      const acceptedAt = this.now();
      const acceptedDay = dayOf(acceptedAt, this.timeZone);
      const receiptScope = `receipt:${acceptedDay}`;
      const dayCases = this.store.all('case').filter((c) => c.acceptedDay === acceptedDay);
      const taken = new Set(dayCases.map((c) => c.number));
      let sameDay = Math.max(this.store.highestIssued(receiptScope), dayCases.length);
      // Only an instance without the device's key could meet a number already issued today.
      while (taken.has(receiptNumber(this.receiptKey, acceptedDay, sameDay + 1))) sameDay++;
      const draft = intakeDraft({
        req,
        ticket,
        applicant,
        materials,
        missing,
        number: receiptNumber(this.receiptKey, acceptedDay, sameDay + 1),
        acceptedAt,
        acceptedDay,
      });
      const record = this.withLevel(this.withDeadlines(draft), acceptedDay);
      await this.store.commit([record], { type: 'case.accepted', body: caseTxBody(record, 'accepted') }, [
        { scope: receiptScope, n: sameDay + 1, day: acceptedDay },
      ]);
      return record;
    });
  }

  start(id: string, clerk: string): Promise<CaseRecord> {
    return this.change(id, 'start', (c, at) => ({
      ...c,
      state: 'in-progress',
      history: [...c.history, { at, what: 'in-progress', clerk }],
    }));
  }

  /** 补正: the clock stops until the applicant brings what is missing. */
  async suspend(id: string, req: { clerk: string; missingMaterials: string[] }): Promise<CaseRecord> {
    const missing = cleanTexts(req.missingMaterials, 'missing materials', true);
    return this.change(id, 'suspend', (c, at, today) => ({
      ...c,
      state: 'suspended',
      suspensions: [...c.suspensions, { at, fromDay: today, missingMaterials: missing, clerk: req.clerk }],
      history: [...c.history, { at, what: 'suspended', clerk: req.clerk }],
    }));
  }

  /** The clock restarts; both deadlines move by the working days it was stopped. */
  async resume(id: string, req: { clerk: string; materialsReceived: string[] }): Promise<CaseRecord> {
    const received = cleanTexts(req.materialsReceived, 'materials received', false);
    return this.change(id, 'resume', (c, at, today) => {
      const open = c.suspensions.at(-1)!;
      const workingDays = this.calendar.workingDaysBetween(open.fromDay, today);
      const resumed = {
        ...c,
        state: 'in-progress' as const,
        materials: [...c.materials, ...received],
        pausedWorkingDays: c.pausedWorkingDays + workingDays,
        suspensions: [
          ...c.suspensions.slice(0, -1),
          { ...open, resumedAt: at, untilDay: today, workingDays },
        ],
        history: [...c.history, { at, what: 'in-progress' as const, clerk: req.clerk }],
      };
      return this.withLevel(this.withDeadlines(resumed), today);
    });
  }

  complete(id: string, clerk: string): Promise<CaseRecord> {
    return this.change(id, 'complete', (c, at, today) => {
      const step = finishStep(c, today, this.calendar, false);
      return {
        record: {
          ...c,
          ...(step ? { steps: step.steps } : {}),
          state: 'completed',
          completedAt: at,
          completedDay: today,
          late: today > c.promisedDeadline,
          history: [...c.history, { at, what: 'completed', clerk }],
        },
        finishedStep: step?.finished,
      };
    });
  }

  /** For an item with steps: the running step is finished today and the next one begins. */
  advance(id: string, clerk: string): Promise<CaseRecord> {
    return this.change(id, 'advance', (c, at, today) => {
      const running = runningStep(c);
      const last = c.steps?.at(-1);
      if (!running || running === last) {
        throw new ApplianceError(
          'case.no-next-step',
          running
            ? `case ${c.number} is at its last step: complete it instead`
            : `case ${c.number} has no steps`,
        );
      }
      const step = finishStep(c, today, this.calendar, true)!;
      return {
        record: {
          ...c,
          steps: step.steps,
          state: 'in-progress',
          history: [...c.history, { at, what: 'step', clerk }],
        },
        finishedStep: step.finished,
        change: 'step',
      };
    });
  }

  /**
   * 不予受理 (the application is not taken in) or 不予许可 (taken in, permission refused): needs the
   * kind and a reason, and goes to a supervisor for review.
   */
  async refuse(id: string, req: { clerk: string; reason: string; kind?: RefusalKind }): Promise<CaseRecord> {
    const reason = cleanReason(req.reason);
    return this.change(id, 'refuse', (c, at) => {
      const kind = req.kind;
      if (kind !== 'not-accepted' && kind !== 'not-permitted') {
        throw new ApplianceError(
          'case.refusal-kind-required',
          'say whether the application is not accepted (不予受理) or not permitted (不予许可)',
          422,
        );
      }
      return {
        ...c,
        state: 'refused',
        refusal: { reason, kind, at, clerk: req.clerk },
        history: [...c.history, { at, what: 'refused', clerk: req.clerk }],
      };
    });
  }

  reviewRefusal(id: string, supervisor: string): Promise<CaseRecord> {
    return this.serial.run(async () => {
      const c = this.mustGet(id);
      if (c.state !== 'refused' || !c.refusal) {
        throw new ApplianceError('case.not-refused', `case ${c.number} is ${c.state}: nothing to review`);
      }
      if (c.refusal.reviewedAt !== undefined) {
        throw new ApplianceError('case.already-reviewed', `case ${c.number}'s refusal is already reviewed`);
      }
      const reviewed: CaseRecord = {
        ...c,
        refusal: { ...c.refusal, reviewedBy: supervisor, reviewedAt: this.now() },
      };
      await this.store.commit([reviewed], {
        type: 'case.changed',
        body: caseTxBody(reviewed, 'refusal-reviewed'),
      });
      return reviewed;
    });
  }

  /**
   * Brings every open case up to date as of `now`: its deadlines recounted with the calendar as it
   * is now (a holiday arrangement may have arrived since they were counted), then the supervision
   * level of those whose clock runs. Each case that changed is committed with its own 'case.changed'
   * transaction ('deadline' when its deadlines moved or stopped being provisional, else 'level')
   * and returned.
   */
  supervise(now = this.now()): Promise<CaseRecord[]> {
    return this.serial.run(async () => {
      const today = dayOf(now, this.timeZone);
      const changed: CaseRecord[] = [];
      for (const c of this.list()) {
        if (!OPEN_STATES.includes(c.state)) continue;
        const update = supervised(c, { now, today }, this.calendar, this.policy);
        if (!update) continue;
        await this.store.commit([update.record], {
          type: 'case.changed',
          body: caseTxBody(update.record, update.change),
        });
        changed.push(update.record);
      }
      return changed;
    });
  }

  /** Open cases (including suspended ones), for the supervision board. */
  open(): CaseRecord[] {
    return this.list().filter((c) => OPEN_STATES.includes(c.state));
  }

  private mustGet(id: string): CaseRecord {
    const c = this.get(id);
    if (!c) throw new ApplianceError('case.unknown', `no case '${id}'`, 404);
    return c;
  }

  private change(
    id: string,
    action: Parameters<typeof assertTransition>[1],
    apply: (c: CaseRecord, at: number, today: string) => CaseRecord | { record: CaseRecord; change?: string },
  ): Promise<CaseRecord> {
    return this.serial.run(async () => {
      const c = this.mustGet(id);
      assertTransition(c, action);
      const at = this.now();
      const applied = apply(c, at, dayOf(at, this.timeZone));
      const { record, change } = 'record' in applied ? applied : { record: applied };
      await this.store.commit([record], {
        type: 'case.changed',
        body: caseTxBody(record, change ?? action),
      });
      return record;
    });
  }

  private withDeadlines(c: CaseRecord): CaseRecord {
    return withDeadlines(c, this.calendar);
  }

  private withLevel(c: CaseRecord, today: string): CaseRecord {
    return withLevel(c, today, this.calendar, this.policy);
  }
}
