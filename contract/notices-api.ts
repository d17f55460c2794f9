/**
 * The appliance's HTTP API for the supervision notices central addressed to this centre (催办通知,
 * 黄牌督办通知书, 整改建议书; shared down as the `notices` dataset) and the centre's reply (回告),
 * which goes up as a `notice.replied` transaction. A notice names its case by ID and receipt number
 * only: nothing about the resident.
 */
import { type Static, Type } from '@sinclair/typebox';

export const noticesApiPaths = {
  list: '/api/staff/notices',
  reply: (noticeId: string) => `/api/staff/notices/${encodeURIComponent(noticeId)}/reply`,
} as const;

export const NoticeKindName: Record<string, string> = {
  urge: '催办通知',
  yellow: '黄牌督办通知书',
  red: '整改建议书',
};

export const NoticeView = Type.Object({
  noticeId: Type.String(),
  kind: Type.String(),
  /** The notice's name in Chinese (催办通知 …). */
  kindName: Type.String(),
  caseId: Type.Optional(Type.String()),
  caseNumber: Type.Optional(Type.String()),
  text: Type.String(),
  issuedAt: Type.Integer(),
  replyBy: Type.Optional(Type.String()),
  /** The reply: once written here ('sent', on its way up) and once central has it ('recorded'). */
  reply: Type.Optional(
    Type.Object({
      text: Type.String(),
      day: Type.String(),
      by: Type.Optional(Type.String()),
      state: Type.Union([Type.Literal('sent'), Type.Literal('recorded')]),
    }),
  ),
});
export type NoticeView = Static<typeof NoticeView>;

export const NoticesResponse = Type.Object({ notices: Type.Array(NoticeView) });
export type NoticesResponse = Static<typeof NoticesResponse>;

export const NoticeReplyRequest = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type NoticeReplyRequest = Static<typeof NoticeReplyRequest>;

export const NoticeReplyParams = Type.Object({ noticeId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
export type NoticeReplyParams = Static<typeof NoticeReplyParams>;
