/**
 * 好差评: one rating (1–5, optional short comment) per served ticket or per case, per service.
 * A poor rating (1 or 2) gets a rectification deadline, counted in working days.
 */

import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { Mutex } from '../../platform/mutex.ts';
import { ApplianceError } from '../core/errors.ts';
import type { RatingRecord, RatingSubject } from './records.ts';
import type { CaseStore } from './store-port.ts';

export interface RateRequest {
  subject: RatingSubject;
  score: number;
  reasons?: readonly string[];
  comment?: string;
}

export interface RatingsOptions {
  calendar: WorkingCalendar;
  timeZone: string;
  /** Working days to put a poor rating right; local 好差评 rules say 15. */
  rectifyWithinDays?: number;
  /** 不满意 and 非常不满意 must say why (a reason code or a comment), as the 好差评 rules ask. */
  poorNeedsReason?: boolean;
  now?: () => number;
}

const MAX_COMMENT = 140;
const POOR_SCORE = 2;

function isScore(n: number): n is RatingRecord['score'] {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

export class Ratings {
  private readonly serial = new Mutex();
  private readonly now: () => number;

  constructor(
    private readonly store: CaseStore,
    private readonly options: RatingsOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  list(): RatingRecord[] {
    return this.store.all('rating').sort((a, b) => a.ratedAt - b.ratedAt);
  }

  /** Poor ratings (1 or 2), each with its rectification deadline, oldest first. */
  poor(): RatingRecord[] {
    return this.list().filter((r) => r.rectifyBy !== undefined);
  }

  async rate(req: RateRequest): Promise<RatingRecord> {
    if (!isScore(req.score)) {
      throw new ApplianceError(
        'rating.bad-score',
        `a rating is a whole number from 1 to 5, not ${req.score}`,
        422,
      );
    }
    const score = req.score;
    const comment = req.comment?.trim();
    if (comment !== undefined && comment.length > MAX_COMMENT) {
      throw new ApplianceError(
        'rating.comment-too-long',
        `a comment is at most ${MAX_COMMENT} characters`,
        422,
      );
    }
    return this.serial.run(async () => {
      const rated = this.ratedThing(req.subject);
      const id = `${req.subject.kind}:${req.subject.id}:${rated.serviceId}`;
      if (this.store.get('rating', id)) {
        throw new ApplianceError('rating.already-given', `this ${req.subject.kind} has already been rated`);
      }
      const reasons = score <= POOR_SCORE ? [...new Set(req.reasons ?? [])] : [];
      if (this.options.poorNeedsReason && score <= POOR_SCORE && reasons.length === 0 && !comment) {
        throw new ApplianceError(
          'rating.reason-required',
          'a rating of 不满意 or 非常不满意 needs a reason',
          422,
        );
      }
      const ratedAt = this.now();
      const day = dayOf(ratedAt, this.options.timeZone);
      const record: RatingRecord = {
        kind: 'rating',
        id,
        subject: req.subject,
        serviceId: rated.serviceId,
        score,
        ...(reasons.length ? { reasons } : {}),
        ...(comment ? { comment } : {}),
        ratedAt,
        day,
        ...(rated.counterId ? { counterId: rated.counterId } : {}),
        ...(rated.clerk ? { clerk: rated.clerk } : {}),
        ...(score <= POOR_SCORE
          ? { rectifyBy: this.options.calendar.addWorkingDays(day, this.options.rectifyWithinDays ?? 15) }
          : {}),
      };
      await this.store.commit([record], {
        type: 'rating.given',
        body: {
          ratingId: record.id,
          subject: record.subject,
          serviceId: record.serviceId,
          score: record.score,
          day: record.day,
          ...(record.comment ? { comment: record.comment } : {}),
          ...(record.reasons ? { reasons: record.reasons } : {}),
          ...(record.counterId ? { counterId: record.counterId } : {}),
          ...(record.clerk ? { clerk: record.clerk } : {}),
          ...(record.rectifyBy ? { rectifyBy: record.rectifyBy } : {}),
        },
      });
      return record;
    });
  }

  private ratedThing(subject: RatingSubject): { serviceId: string; counterId?: string; clerk?: string } {
    if (subject.kind === 'ticket') {
      const ticket = this.store.get('ticket', subject.id);
      if (!ticket) throw new ApplianceError('ticket.unknown', `no ticket '${subject.id}'`, 404);
      if (ticket.status !== 'called' && ticket.status !== 'done') {
        throw new ApplianceError(
          'rating.not-served',
          `ticket ${ticket.number} is ${ticket.status}: only a served ticket can be rated`,
        );
      }
      return { serviceId: ticket.serviceId, ...(ticket.counterId ? { counterId: ticket.counterId } : {}) };
    }
    const c = this.store.get('case', subject.id);
    if (!c) throw new ApplianceError('case.unknown', `no case '${subject.id}'`, 404);
    return { serviceId: c.serviceId, clerk: c.clerk, ...(c.counterId ? { counterId: c.counterId } : {}) };
  }
}
