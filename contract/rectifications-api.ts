/**
 * The appliance's HTTP API for the centre's 差评 rectifications: each poor rating given here with
 * its deadline, beside what central did with it (shared down as the `rectifications` dataset: its
 * state, the 回访 result, reassignment, escalation), and the centre's answer, which goes up as a
 * `rectification.answered` transaction. Nothing about the resident beyond the rating itself.
 */
import { type Static, Type } from '@sinclair/typebox';
import { RectificationEntry } from './sharing.ts';

export const rectificationsApiPaths = {
  list: '/api/staff/rectifications',
  answer: (ratingId: string) => `/api/staff/rectifications/${encodeURIComponent(ratingId)}/answer`,
} as const;

export const RectificationAnswerView = Type.Object({
  text: Type.String(),
  day: Type.String(),
  by: Type.String(),
  /** 'sent': on its way up; 'recorded': central has it as the centre's reply. */
  state: Type.Union([Type.Literal('sent'), Type.Literal('recorded')]),
});
export type RectificationAnswerView = Static<typeof RectificationAnswerView>;

export const RectificationView = Type.Object({
  ratingId: Type.String(),
  serviceId: Type.String(),
  score: Type.Integer(),
  /** The day the rating was given (the rectification opened). */
  day: Type.String(),
  dueDay: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  /** Central's side, once central has acted on it or recorded an answer; absent before. */
  central: Type.Optional(RectificationEntry),
  answers: Type.Array(RectificationAnswerView),
  /** Whether the centre may write an answer now (not closed by a 回访, none still on its way). */
  canAnswer: Type.Boolean(),
});
export type RectificationView = Static<typeof RectificationView>;

export const RectificationsResponse = Type.Object({ rectifications: Type.Array(RectificationView) });
export type RectificationsResponse = Static<typeof RectificationsResponse>;

export const RectificationAnswerRequest = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type RectificationAnswerRequest = Static<typeof RectificationAnswerRequest>;

export const RectificationAnswerParams = Type.Object({
  ratingId: Type.String({ minLength: 1, maxLength: 200 }),
});
export type RectificationAnswerParams = Static<typeof RectificationAnswerParams>;
