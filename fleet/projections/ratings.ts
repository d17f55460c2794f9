/**
 * 好差评 at central: every rating as it was given, and for each poor one (不满意, 非常不满意) its
 * rectification. The kiosk may send the rectification it opened with the rating
 * (`body.rectification`); a rating without one gets it opened at central on arrival, with the
 * district's deadline in working days.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { type Body, day, num, obj, str } from './body.ts';

/** Scores as the kiosk sends them: 5 非常满意 … 1 非常不满意; 1 and 2 are 差评. */
export const POOR_SCORE = 2;

/** The kiosks' working-day calendar (with 调休), from platform/calendar. */
export type WorkingDays = WorkingCalendar;

export interface RatingRow {
  kiosk_id: string;
  rating_id: string;
  subject_kind: string;
  subject_id: string;
  service_id: string;
  score: number;
  day: string;
  rated_at: number;
  comment: string | null;
  counter_id: string | null;
  clerk: string | null;
}

export const RATING_COLUMNS = {
  kiosk_id: 'text',
  rating_id: 'text',
  subject_kind: 'text',
  subject_id: 'text',
  service_id: 'text',
  score: 'smallint',
  day: 'date',
  rated_at: 'bigint',
  comment: 'text',
  counter_id: 'text',
  clerk: 'text',
} as const;

export interface RectificationRow {
  kiosk_id: string;
  rating_id: string;
  rect_id: string;
  source: 'kiosk' | 'central';
  opened_day: string;
  working_days: number;
  due_day: string;
  state: string;
  assignee: string | null;
  service_id: string;
  clerk: string | null;
}

export const RECTIFICATION_COLUMNS = {
  kiosk_id: 'text',
  rating_id: 'text',
  rect_id: 'text',
  source: 'text',
  opened_day: 'date',
  working_days: 'integer',
  due_day: 'date',
  state: 'text',
  assignee: 'text',
  service_id: 'text',
  clerk: 'text',
} as const;

export function ratingRow(tx: TxEnvelope): RatingRow | null {
  const b = tx.body;
  const ratingId = str(b, 'ratingId');
  const subject = obj(b, 'subject');
  const score = num(b, 'score');
  const serviceId = str(b, 'serviceId');
  const ratedDay = day(b, 'day');
  if (!ratingId || !subject || !score || !serviceId || !ratedDay) return null;
  if (!Number.isInteger(score) || score < 1 || score > 5) return null;
  return {
    kiosk_id: tx.kiosk,
    rating_id: ratingId,
    subject_kind: str(subject, 'kind') ?? 'ticket',
    subject_id: str(subject, 'id') ?? '',
    service_id: serviceId,
    score,
    day: ratedDay,
    rated_at: num(b, 'ratedAt') ?? tx.ts,
    comment: str(b, 'comment') ?? null,
    counter_id: str(b, 'counterId') ?? null,
    clerk: str(b, 'clerk') ?? null,
  };
}

export interface RectificationPolicy {
  calendar: WorkingDays;
  /** The district's deadline for a 差评's rectification, in working days (5 unless configured). */
  rectifyWithinDays: number;
}

/** The rectification a poor rating carries, or the one central opens for it. */
export function rectificationFor(
  rating: RatingRow,
  body: Body,
  policy: RectificationPolicy,
): RectificationRow | null {
  if (rating.score > POOR_SCORE) return null;
  const sent = obj(body, 'rectification');
  // An older kiosk sends only the day it must be put right by.
  const rectifyBy = day(body, 'rectifyBy');
  const openedDay = (sent && day(sent, 'openedDay')) ?? rating.day;
  const dueDay = (sent && day(sent, 'dueDay')) ?? rectifyBy;
  const workingDays =
    (sent && num(sent, 'workingDays')) ??
    (dueDay ? policy.calendar.workingDaysBetween(openedDay, dueDay) : policy.rectifyWithinDays);
  return {
    kiosk_id: rating.kiosk_id,
    rating_id: rating.rating_id,
    rect_id: (sent && str(sent, 'id')) ?? `R-${rating.rating_id}`,
    source: sent || rectifyBy ? 'kiosk' : 'central',
    opened_day: openedDay,
    working_days: workingDays,
    due_day: dueDay ?? policy.calendar.addWorkingDays(openedDay, workingDays),
    state: 'open',
    assignee: (sent && str(sent, 'assignee')) ?? null,
    service_id: rating.service_id,
    clerk: rating.clerk,
  };
}

export const RECTIFICATION_FIGURES = [
  'total',
  'open',
  'replied',
  'on_time',
  'visited',
  'satisfied',
  'escalated',
] as const;

/** The fields of a rectification its KPIs count (central's acts change them). */
export interface RectificationState {
  kiosk_id: string;
  opened_day: string;
  due_day: string;
  state: string;
  replied_day: string | null;
  visit_satisfied: boolean | null;
  escalated_day: string | null;
}

/**
 * What one rectification adds to `rectification_stats`: counted on its opening and due day, so
 * "overdue as of today" is a sum over due days before today, never a count over rows.
 */
export function rectificationContribution(r: RectificationState): {
  key: string[];
  figures: Record<(typeof RECTIFICATION_FIGURES)[number], number>;
} {
  return {
    key: [r.kiosk_id, r.opened_day, r.due_day],
    figures: {
      total: 1,
      open: r.state === 'open' ? 1 : 0,
      replied: r.replied_day ? 1 : 0,
      on_time: r.replied_day && r.replied_day <= r.due_day ? 1 : 0,
      visited: r.state === 'visited' ? 1 : 0,
      satisfied: r.state === 'visited' && r.visit_satisfied ? 1 : 0,
      escalated: r.escalated_day ? 1 : 0,
    },
  };
}

export const RATING_FIGURES = ['n', 's1', 's2', 's3', 's4', 's5'] as const;

export function ratingContribution(r: RatingRow): { key: string[]; figures: Record<string, number> } {
  return { key: [r.kiosk_id, r.day, r.service_id, r.clerk ?? ''], figures: { n: 1, [`s${r.score}`]: 1 } };
}
