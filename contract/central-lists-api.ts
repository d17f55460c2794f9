/**
 * The central console's list pages in its HTTP API: 决策辅助 breakdowns, the tickets behind a
 * day's figures, 好差评 and their rectifications with the KPIs, and 预警纠错 (levels, 重点监察,
 * notices). Every list is one page of rows (central-shared.ts Paged); answers may gain fields.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CaseState, Day, Nullable, Paged } from './central-shared.ts';
import { SmsByRef } from './notify-lists.ts';

export const centralListPaths = {
  breakdown: '/api/overview/breakdown',
  tickets: '/api/tickets',
  ratings: '/api/ratings',
  rectifications: '/api/rectifications',
  rectificationAct: (centre: string, ratingId: string) =>
    `/api/rectifications/${encodeURIComponent(centre)}/${encodeURIComponent(ratingId)}/act`,
  levels: '/api/supervision/levels',
  focus: '/api/supervision/focus',
  focusCsv: '/api/supervision/focus.csv',
  notices: '/api/supervision/notices',
} as const;

/** 决策辅助: one row per centre, service, item or clerk over a date range. */
export const BreakdownResponse = Type.Object({
  by: Type.Union([
    Type.Literal('centre'),
    Type.Literal('service'),
    Type.Literal('item'),
    Type.Literal('clerk'),
  ]),
  from: Day,
  to: Day,
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      issued: Type.Integer(),
      served: Type.Integer(),
      avg_wait_min: Nullable(Type.Number()),
      accepted: Type.Integer(),
      completed: Type.Integer(),
      completed_late: Type.Integer(),
      on_time_rate: Nullable(Type.Number()),
      refused: Type.Integer(),
      suspended: Type.Integer(),
      yellow: Type.Integer(),
      red: Type.Integer(),
      ratings: Type.Integer(),
      poor: Type.Integer(),
    }),
  ),
});
export type BreakdownResponse = Static<typeof BreakdownResponse>;

export const TicketListRow = Type.Object({
  kiosk_id: Type.String(),
  ticket_id: Type.String(),
  day: Nullable(Day),
  number: Nullable(Type.String()),
  service_id: Nullable(Type.String()),
  priority: Nullable(Type.Boolean()),
  status: Type.String(),
  issued_at: Nullable(Type.Integer()),
  called_at: Nullable(Type.Integer()),
  waited_ms: Nullable(Type.Integer()),
  finished_at: Nullable(Type.Integer()),
  counter_id: Nullable(Type.String()),
  clerk: Nullable(Type.String()),
});
/** With the "turn near" SMS each listed ticket caused (`kiosk|ticket`), numbers masked. */
export const TicketListResponse = Type.Composite([
  Paged(TicketListRow),
  Type.Object({ sms: Type.Optional(SmsByRef) }),
]);
export type TicketListResponse = Static<typeof TicketListResponse>;

const Score = Type.Integer({ minimum: 1, maximum: 5 });
const RectState = Type.Union(
  ['open', 'overdue', 'replied', 'visited', 'escalated'].map((s) => Type.Literal(s)),
);

/** 好差评: one rating, with its rectification's state when it was a 差评. */
export const RatingListRow = Type.Object({
  kiosk_id: Type.String(),
  rating_id: Type.String(),
  subject_kind: Type.String(),
  subject_id: Type.String(),
  service_id: Type.String(),
  score: Score,
  day: Day,
  comment: Nullable(Type.String()),
  counter_id: Nullable(Type.String()),
  clerk: Nullable(Type.String()),
  rect_state: Nullable(RectState),
  due_day: Nullable(Day),
  case_number: Nullable(Type.String()),
});
export const RatingListResponse = Paged(RatingListRow);
export type RatingListResponse = Static<typeof RatingListResponse>;

export const RectificationRow = Type.Object({
  kiosk_id: Type.String(),
  rating_id: Type.String(),
  rect_id: Type.String(),
  source: Type.String(),
  opened_day: Day,
  working_days: Type.Integer(),
  due_day: Day,
  state: RectState,
  assignee: Nullable(Type.String()),
  reply: Nullable(Type.String()),
  replied_day: Nullable(Day),
  visit_result: Nullable(Type.String()),
  visit_satisfied: Nullable(Type.Boolean()),
  visited_day: Nullable(Day),
  escalated_to: Nullable(Type.String()),
  escalated_day: Nullable(Day),
  score: Score,
  service_id: Type.String(),
  clerk: Nullable(Type.String()),
  comment: Nullable(Type.String()),
});

/** 差评整改 KPIs of one centre (`kiosk_id` null: the district). Rates in per cent. */
export const RectificationKpi = Type.Object({
  kiosk_id: Nullable(Type.String()),
  total: Type.Integer(),
  on_time: Type.Integer(),
  overdue: Type.Integer(),
  visited: Type.Integer(),
  escalated: Type.Integer(),
  due: Type.Integer(),
  on_time_rate: Nullable(Type.Number()),
  visit_rate: Nullable(Type.Number()),
});
export const RectificationListResponse = Type.Composite([
  Paged(RectificationRow),
  /** The SMS each listed rectification caused (assigned, overdue), by `kiosk|rating`, numbers masked. */
  Type.Object({ kpis: Type.Array(RectificationKpi), sms: Type.Optional(SmsByRef) }),
]);
export type RectificationListResponse = Static<typeof RectificationListResponse>;

/** A supervisor's act on a rectification. */
export const RectificationActRequest = Type.Object({
  action: Type.Union(['reply', 'visit', 'reassign', 'escalate'].map((a) => Type.Literal(a))),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
  to: Type.Optional(Type.String({ maxLength: 120 })),
  satisfied: Type.Optional(Type.Boolean()),
});
export type RectificationActRequest = Static<typeof RectificationActRequest>;

const NoticeKind = Type.Union([Type.Literal('urge'), Type.Literal('yellow'), Type.Literal('red')]);

/** 预警纠错: open cases at a level as of today, with the live notice issued for it, if any. */
export const LevelListResponse = Type.Composite([
  Paged(
    Type.Object({
      kiosk_id: Type.String(),
      case_id: Type.String(),
      number: Type.String(),
      service_id: Type.String(),
      item_id: Type.String(),
      state: CaseState,
      kiosk_level: Type.String(),
      accept_clerk: Nullable(Type.String()),
      accepted_day: Day,
      promised_deadline: Nullable(Day),
      legal_deadline: Nullable(Day),
      notice_id: Nullable(Type.Integer()),
      notice_state: Nullable(Type.String()),
      reply_by: Nullable(Day),
    }),
  ),
  Type.Object({
    level: Type.Union([Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')]),
    kind: NoticeKind,
    today: Day,
  }),
]);
export type LevelListResponse = Static<typeof LevelListResponse>;

/**
 * 重点监察: refusals, 补正 requests, and the flagged ones (no stated reason; 补正 told late),
 * newest first, one page at a time (`capped`: more than the count cap); focus.csv has them all.
 * `working_days_after_acceptance`: working days from the materials' arrival (acceptance when
 * the kiosk gave none) to the 补正 notice.
 */
export const FocusListResponse = Type.Composite([
  Paged(
    Type.Object({
      kiosk_id: Type.String(),
      case_id: Type.String(),
      number: Type.String(),
      service_id: Type.String(),
      item_id: Type.String(),
      clerk: Nullable(Type.String()),
      what: Type.Union([Type.Literal('refusal'), Type.Literal('correction')]),
      day: Day,
      refusal_reason: Nullable(Type.String()),
      refusal_reviewed: Nullable(Type.Boolean()),
      missing_materials: Nullable(Type.Array(Type.String())),
      /** The 补正 request's time (epoch ms); refusals have none. */
      ts: Type.Optional(Type.Integer()),
      flag_no_reason: Type.Optional(Type.Boolean()),
      flag_late_notice: Type.Optional(Type.Boolean()),
      working_days_after_acceptance: Type.Optional(Type.Integer()),
    }),
  ),
  Type.Object({
    kind: Type.Union([Type.Literal('refusals'), Type.Literal('corrections'), Type.Literal('flags')]),
    from: Day,
    to: Day,
  }),
]);
export type FocusListResponse = Static<typeof FocusListResponse>;

/** 催办通知 / 黄牌督办通知书 / 整改建议书 issued, with the centre's reply (回告) or the revocation. */
export const NoticeListResponse = Paged(
  Type.Object({
    id: Type.Integer(),
    kiosk_id: Type.String(),
    case_id: Type.String(),
    case_number: Type.String(),
    kind: NoticeKind,
    rule_code: Type.String(),
    rule_version: Type.String(),
    issued_day: Day,
    issued_by: Type.String(),
    reply_by: Day,
    state: Type.Union([Type.Literal('sent'), Type.Literal('replied'), Type.Literal('revoked')]),
    reply: Nullable(Type.String()),
    replied_day: Nullable(Day),
    /** How the reply came: in time, after the reply-by day, or after the notice was revoked (kept). */
    reply_status: Type.Optional(
      Nullable(Type.Union([Type.Literal('on-time'), Type.Literal('late'), Type.Literal('after-revocation')])),
    ),
    revoked_reason: Nullable(Type.String()),
  }),
);
export type NoticeListResponse = Static<typeof NoticeListResponse>;
