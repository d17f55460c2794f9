/**
 * The HTTP API's cases (办件): accepting, moving and printing them at the counter, the resident's
 * lookup and rating. Re-exported by contract/api.ts.
 */
import { type Static, Type } from '@sinclair/typebox';
import { BackOfficeStepKind } from './sharing.ts';

export const CaseState = Type.Union([
  Type.Literal('accepted'),
  Type.Literal('in-progress'),
  Type.Literal('suspended'),
  Type.Literal('completed'),
  Type.Literal('refused'),
]);
export type CaseState = Static<typeof CaseState>;

export const SupervisionLevel = Type.Union([
  Type.Literal('normal'),
  Type.Literal('warning'),
  Type.Literal('yellow'),
  Type.Literal('red'),
]);
export type SupervisionLevel = Static<typeof SupervisionLevel>;

/** A holiday window whose State Council notice (调休 arrangement) is not out yet. */
export const NoticeWindowView = Type.Object({
  year: Type.Integer(),
  holiday: Type.String({ description: 'e.g. 春节' }),
  from: Type.String(),
  to: Type.String(),
});
export type NoticeWindowView = Static<typeof NoticeWindowView>;

/** 不予受理 (the application is not taken in) or 不予许可 (taken in, and the permission refused). */
export const RefusalKind = Type.Union([Type.Literal('not-accepted'), Type.Literal('not-permitted')]);
export type RefusalKind = Static<typeof RefusalKind>;

/** A paper the counter gives the resident about a case. */
export const CaseDocument = Type.Union([Type.Literal('receipt'), Type.Literal('correction-notice')]);
export type CaseDocument = Static<typeof CaseDocument>;

/** One step (环节) of a case whose item has steps, each with its own limit in working days. */
export const CaseStepView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  limitDays: Type.Integer(),
  startedDay: Type.Optional(Type.String()),
  finishedDay: Type.Optional(Type.String()),
  /** Working days the step took (clock stops excluded), once finished. */
  workingDays: Type.Optional(Type.Integer()),
  overLimit: Type.Optional(Type.Boolean()),
});
export type CaseStepView = Static<typeof CaseStepView>;

/** A step the deciding department took (shared down from central). */
export const BackOfficeStepView = Type.Object({
  department: Type.String(),
  step: BackOfficeStepKind,
  at: Type.Integer(),
  note: Type.Optional(Type.String()),
});
export type BackOfficeStepView = Static<typeof BackOfficeStepView>;

/** A case as staff see it on the case board (applicant masked). */
export const CaseView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  serviceId: Type.String(),
  itemName: Type.String(),
  state: CaseState,
  level: SupervisionLevel,
  worstLevel: SupervisionLevel,
  applicantMasked: Type.String(),
  acceptedDay: Type.String(),
  promisedDeadline: Type.String(),
  legalDeadline: Type.String(),
  workingDaysLeft: Type.Union([Type.Integer(), Type.Null()]),
  overdueWorkingDays: Type.Union([Type.Integer(), Type.Null()]),
  missingMaterials: Type.Array(Type.String()),
  materials: Type.Array(Type.String()),
  clerk: Type.String(),
  refusalReason: Type.Optional(Type.String()),
  flaggedForReview: Type.Boolean(),
  /** True while a holiday arrangement not yet published could still move the deadlines. */
  provisional: Type.Optional(Type.Boolean()),
  provisionalBecause: Type.Optional(Type.Array(NoticeWindowView)),
  refusalKind: Type.Optional(RefusalKind),
  /** The applicant's ID number, masked. */
  applicantMaskedNumber: Type.Optional(Type.String()),
  /** The day the application's materials arrived (may be before acceptance). */
  materialsArrivedDay: Type.Optional(Type.String()),
  /** The case was taken in with materials missing (补正 at acceptance): no receipt until they come. */
  correctionAtIntake: Type.Optional(Type.Boolean()),
  steps: Type.Optional(Type.Array(CaseStepView)),
  /** The deciding department's steps once the case left the counter, oldest first. */
  backOffice: Type.Optional(Type.Array(BackOfficeStepView)),
  /** On the answer to an action that printed (suspend: the notice; resume after intake 补正: the receipt). */
  printed: Type.Optional(Type.Object({ document: CaseDocument, printed: Type.Boolean() })),
});
export type CaseView = Static<typeof CaseView>;

const DayString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AcceptCaseRequest = Type.Object(
  {
    ticketId: Type.String({ minLength: 1 }),
    itemId: Type.String({ minLength: 1 }),
    materials: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
    /**
     * The applicant's ID number typed by the clerk, when the ticket was taken without a card; its
     * check digit is verified, and it is stored sealed and shown masked from then on.
     */
    idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    applicantName: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    /** What the application lacks: the case is taken in under 补正 and a 一次性告知单 is printed. */
    missingMaterials: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
    ),
    /** The day the materials arrived, if before today (post, online, a colleague); default today. */
    materialsArrivedDay: Type.Optional(DayString),
  },
  { additionalProperties: false },
);
export type AcceptCaseRequest = Static<typeof AcceptCaseRequest>;

/** `printed` tells whether `document` printed: the receipt, or the 一次性告知单 of a 补正 at acceptance. */
export const AcceptCaseResponse = Type.Object({
  case: CaseView,
  printed: Type.Boolean(),
  document: Type.Optional(CaseDocument),
});
export type AcceptCaseResponse = Static<typeof AcceptCaseResponse>;

export const CaseAction = Type.Union([
  Type.Literal('start'),
  Type.Literal('suspend'),
  Type.Literal('resume'),
  Type.Literal('complete'),
  Type.Literal('refuse'),
  /** For an item with steps: the current step is finished and the next one starts. */
  Type.Literal('advance'),
]);
export type CaseAction = Static<typeof CaseAction>;

export const CaseActionRequest = Type.Object(
  {
    missingMaterials: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
    ),
    materialsReceived: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    /** Required with 'refuse', as is the reason. */
    refusalKind: Type.Optional(RefusalKind),
  },
  { additionalProperties: false },
);
export type CaseActionRequest = Static<typeof CaseActionRequest>;

/** Staff: print a case's paper again (补打), marked as a reprint with its time. */
export const CasePrintRequest = Type.Object({ document: CaseDocument }, { additionalProperties: false });
export type CasePrintRequest = Static<typeof CasePrintRequest>;

export const CaseListResponse = Type.Object({ cases: Type.Array(CaseView) });
export type CaseListResponse = Static<typeof CaseListResponse>;

/** One application as the resident may see it at the kiosk. */
export const CaseSummaryView = Type.Object({
  receiptNo: Type.String(),
  serviceName: Type.String(),
  /** The kiosk words it in the resident's language. */
  status: CaseState,
  acceptedAt: Type.Integer(),
  dueAt: Type.Optional(Type.Integer()),
  /** 承诺 and 法定 deadlines as days ('YYYY-MM-DD'), the same the receipt and the counter show. */
  promisedDeadline: Type.Optional(Type.String()),
  legalDeadline: Type.Optional(Type.String()),
  provisional: Type.Optional(Type.Boolean()),
  provisionalBecause: Type.Optional(Type.Array(NoticeWindowView)),
  /** While under 补正: what the resident still has to bring. */
  missingMaterials: Type.Optional(Type.Array(Type.String())),
  refusalKind: Type.Optional(RefusalKind),
  /** The deciding department's steps once the case left the counter (shared down from central), oldest first. */
  backOffice: Type.Optional(Type.Array(BackOfficeStepView)),
});
export type CaseSummaryView = Static<typeof CaseSummaryView>;

export const CaseLookupRequest = Type.Object(
  {
    receiptNo: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** The last four characters of the applicant's ID number: with a typed receipt number, the second factor. */
    idTail: Type.Optional(Type.String({ pattern: '^[0-9]{3}[0-9Xx]$' })),
    withCard: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CaseLookupRequest = Static<typeof CaseLookupRequest>;

export const CaseLookupResponse = Type.Object({ cases: Type.Array(CaseSummaryView) });
export type CaseLookupResponse = Static<typeof CaseLookupResponse>;

/**
 * Why a resident was 不满意 or 非常不满意 (the 好差评 reason choices); one at least is asked for a
 * poor rating, with optional text in `comment`.
 */
export const RatingReason = Type.Union([
  /** 等候时间长 */
  Type.Literal('long-wait'),
  /** 服务态度差 */
  Type.Literal('attitude'),
  /** 办事流程繁琐 */
  Type.Literal('complex-process'),
  /** 一次性告知不到位 */
  Type.Literal('not-told-once'),
  /** 多次跑腿 */
  Type.Literal('repeat-visits'),
  /** 其他 */
  Type.Literal('other'),
]);
export type RatingReason = Static<typeof RatingReason>;

export const RatingRequest = Type.Object(
  {
    ticketNumber: Type.String({ minLength: 2, maxLength: 8 }),
    score: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)]),
    /** For 不满意 (2) and 非常不满意 (1): at least one; ignored for the other levels. */
    reasons: Type.Optional(Type.Array(RatingReason, { maxItems: 6, uniqueItems: true })),
    comment: Type.Optional(Type.String({ maxLength: 140 })),
  },
  { additionalProperties: false },
);
export type RatingRequest = Static<typeof RatingRequest>;
