/**
 * The central console's HTTP API (fleet/central serves it, fleet/console-web calls it): login and
 * session, and the answers of the pages' main questions. Days are 'YYYY-MM-DD', times epoch ms,
 * phone numbers only ever masked ('138****1234'). Answers may gain fields, never lose them.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CaseState, Day, Level, Nullable, Paged } from './central-shared.ts';
import { MaskedPhone, SmsMessageState } from './notify-lists.ts';

// The other pages' answers, in their own files.
export * from './central-lists-api.ts';
export * from './central-performance-api.ts';

export const centralApiPaths = {
  login: '/api/login',
  session: '/api/session',
  today: '/api/overview/today',
  trend: '/api/overview/trend',
  cases: '/api/cases',
  caseDetail: (centre: string, caseId: string) =>
    `/api/cases/${encodeURIComponent(centre)}/${encodeURIComponent(caseId)}`,
  notifications: '/api/notifications',
} as const;

export const CentralLoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type CentralLoginRequest = Static<typeof CentralLoginRequest>;

export const CentralRole = Type.Union([
  Type.Literal('supervisor'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
  Type.Literal('admin'),
]);
export type CentralRole = Static<typeof CentralRole>;

export const CentralSession = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: CentralRole,
  roleName: Type.Object({ zh: Type.String(), en: Type.String() }),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String({ minLength: 16 }),
  pages: Type.Array(
    Type.Object({
      path: Type.String(),
      permission: Type.String(),
      title: Type.Object({ zh: Type.String(), en: Type.String() }),
    }),
  ),
  today: Day,
});
export type CentralSession = Static<typeof CentralSession>;

/** Every refusal: a code to branch on and a sentence to show. */
export const CentralError = Type.Object({ code: Type.String(), error: Type.String() });
export type CentralError = Static<typeof CentralError>;

/** 今日概况: one row per centre. */
export const TodayRow = Type.Object({
  kiosk_id: Type.String(),
  issued: Type.Integer(),
  waiting: Type.Integer(),
  served: Type.Integer(),
  no_show: Type.Integer(),
  avg_wait_min: Nullable(Type.Number()),
  accepted: Type.Integer(),
  completed: Type.Integer(),
  refused: Type.Integer(),
  open_cases: Type.Integer(),
  warning: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  ratings: Type.Integer(),
  poor: Type.Integer(),
});
export const TodayResponse = Type.Object({ day: Day, centres: Type.Array(TodayRow) });
export type TodayResponse = Static<typeof TodayResponse>;

/** 决策辅助: one row per week or month (`period` is its first day). */
export const TrendRow = Type.Object({
  period: Day,
  issued: Type.Integer(),
  served: Type.Integer(),
  no_show: Type.Integer(),
  avg_wait_min: Nullable(Type.Number()),
  avg_handle_min: Nullable(Type.Number()),
  accepted: Type.Integer(),
  completed: Type.Integer(),
  completed_late: Type.Integer(),
  refused: Type.Integer(),
  suspended: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  ratings: Type.Integer(),
  poor: Type.Integer(),
});
export const TrendResponse = Type.Object({
  by: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  from: Day,
  to: Day,
  rows: Type.Array(TrendRow),
});
export type TrendResponse = Static<typeof TrendResponse>;

/** 实时监察: one case in a list. */
export const CaseListRow = Type.Object({
  kiosk_id: Type.String(),
  case_id: Type.String(),
  number: Type.String(),
  service_id: Type.String(),
  item_id: Type.String(),
  state: CaseState,
  level: Level,
  worst_level: Level,
  accept_clerk: Nullable(Type.String()),
  clerk: Nullable(Type.String()),
  counter_id: Nullable(Type.String()),
  accepted_day: Day,
  promised_deadline: Nullable(Day),
  legal_deadline: Nullable(Day),
  closed_day: Nullable(Day),
  late: Nullable(Type.Boolean()),
  suspensions: Type.Integer(),
  refusal_reason: Nullable(Type.String()),
});
export type CaseListRow = Static<typeof CaseListRow>;
export const CaseListResponse = Paged(CaseListRow);
export type CaseListResponse = Static<typeof CaseListResponse>;

/** One SMS a ticket, case or rectification caused, and how far its delivery got. */
export const NotificationMessage = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  role: Type.String(),
  /** Always masked. */
  to: MaskedPhone,
  state: SmsMessageState,
  reason: Nullable(Type.String()),
  segments: Type.Integer(),
  attempts: Type.Integer(),
  createdAt: Type.Integer(),
  submittedAt: Nullable(Type.Integer()),
  finalAt: Nullable(Type.Integer()),
  text: Type.String(),
});
export type NotificationMessage = Static<typeof NotificationMessage>;
export const NotificationsResponse = Type.Object({ messages: Type.Array(NotificationMessage) });
export type NotificationsResponse = Static<typeof NotificationsResponse>;

/** One case with its timeline, its ratings and the SMS it caused. */
export const CaseDetailResponse = Type.Object({
  case: Type.Intersect([Type.Omit(CaseListRow, ['late']), Type.Record(Type.String(), Type.Unknown())]),
  timeline: Type.Array(
    Type.Object({
      tx_id: Type.String(),
      ts: Type.Integer(),
      change: Type.String(),
      state: CaseState,
      level: Nullable(Level),
      clerk: Nullable(Type.String()),
      counter_id: Nullable(Type.String()),
      promised_deadline: Nullable(Day),
      legal_deadline: Nullable(Day),
      missing_materials: Nullable(Type.Array(Type.String())),
      refusal_reason: Nullable(Type.String()),
    }),
  ),
  ratings: Type.Array(
    Type.Object({
      rating_id: Type.String(),
      score: Type.Integer({ minimum: 1, maximum: 5 }),
      day: Day,
      comment: Nullable(Type.String()),
      rect_state: Nullable(Type.String()),
    }),
  ),
  notifications: Type.Array(NotificationMessage),
});
export type CaseDetailResponse = Static<typeof CaseDetailResponse>;
