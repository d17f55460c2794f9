/**
 * The MQTT wire contract between a kiosk's fleet agent and central (`fleet/`), written once.
 * Every payload is a TypeBox schema, so the same definition gives the TypeScript type and the
 * JSON schema used to validate what arrives off the wire.
 */
import { type Static, Type } from '@sinclair/typebox';
import { SealedPhone } from './notify.ts';

export const CONTRACT_VERSION = 1;

export const topics = {
  status: (kioskId: string) => `v1/kiosks/${kioskId}/status`,
  telemetry: (kioskId: string) => `v1/kiosks/${kioskId}/telemetry`,
  event: (kioskId: string, type: string) => `v1/kiosks/${kioskId}/events/${type}`,
  tx: (kioskId: string) => `v1/kiosks/${kioskId}/tx`,
  ack: (kioskId: string) => `v1/kiosks/${kioskId}/ack`,
  configDesired: (kioskId: string) => `v1/kiosks/${kioskId}/config/desired`,
  configReported: (kioskId: string) => `v1/kiosks/${kioskId}/config/reported`,
  cmd: (kioskId: string, name: string) => `v1/kiosks/${kioskId}/cmd/${name}`,
  cmdResult: (kioskId: string) => `v1/kiosks/${kioskId}/cmd/res`,
  /** Retained online/offline state of central ingest; kiosks hold back their drain while it is offline. */
  ingestState: 'v1/fleet/ingest/state',
  /** Shared subscription through which several ingest workers split the transaction stream. */
  ingestSharedTx: '$share/ingest/v1/kiosks/+/tx',
  allTx: 'v1/kiosks/+/tx',
  allStatus: 'v1/kiosks/+/status',
  allTelemetry: 'v1/kiosks/+/telemetry',
} as const;

/** Extracts the kiosk ID from any `v1/kiosks/{id}/…` topic. */
export function kioskIdOfTopic(topic: string): string | undefined {
  const parts = topic.split('/');
  return parts[0] === 'v1' && parts[1] === 'kiosks' && parts[2] ? parts[2] : undefined;
}

export const KioskStatus = Type.Object({
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  /** Incremented on every connect; a consumer ignores an offline whose sess is below the last online. */
  sess: Type.Integer({ minimum: 0 }),
  ts: Type.Integer({ description: 'milliseconds since the epoch' }),
  version: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
export type KioskStatus = Static<typeof KioskStatus>;

const TicketRef = { ticketId: Type.String({ minLength: 1 }), number: Type.String({ minLength: 1 }) };
const Clerk = Type.String({ minLength: 1 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Millis = Type.Integer({ description: 'milliseconds since the epoch' });

/**
 * The body of each transaction type. Central validates every body against its type's schema;
 * fields may be added in later versions (extra properties are allowed), none may be removed.
 * Persons appear only as keyed hashes (`holderRef`, `applicantRef`), never by name or number.
 */
export const TicketIssuedBody = Type.Object({
  ...TicketRef,
  serviceId: Type.String({ minLength: 1 }),
  priority: Type.Boolean(),
  day: Day,
  issuedAt: Millis,
  holderRef: Type.Optional(Type.String()),
});
export const TicketCalledBody = Type.Object({
  ...TicketRef,
  counterId: Type.String({ minLength: 1 }),
  counterNumber: Type.Integer(),
  clerk: Clerk,
  calledAt: Millis,
  waitedMs: Type.Integer(),
  /** Tickets this counter was still serving, finished by this call. */
  finished: Type.Array(Type.String()),
});
export const TicketRecalledBody = Type.Object({
  ...TicketRef,
  counterId: Type.String({ minLength: 1 }),
  clerk: Clerk,
  recalls: Type.Integer({ minimum: 1 }),
  at: Millis,
});
export const TicketTransferredBody = Type.Object({
  ...TicketRef,
  fromCounterId: Type.String({ minLength: 1 }),
  toServiceId: Type.String({ minLength: 1 }),
  toCounterId: Type.Optional(Type.String({ minLength: 1 })),
  position: Type.Union([Type.Literal('front'), Type.Literal('back')]),
  clerk: Clerk,
  at: Millis,
});
export const TicketNoShowBody = Type.Object({
  ...TicketRef,
  counterId: Type.String({ minLength: 1 }),
  clerk: Clerk,
  at: Millis,
});
/** A no-show who came back, put into the queue again (front or back); `requeues` counts them. */
export const TicketRequeuedBody = Type.Object({
  ...TicketRef,
  serviceId: Type.String({ minLength: 1 }),
  position: Type.Union([Type.Literal('front'), Type.Literal('back')]),
  requeues: Type.Integer({ minimum: 1 }),
  clerk: Clerk,
  at: Millis,
});
export const TicketCompletedBody = Type.Object({
  tickets: Type.Array(Type.Object({ ...TicketRef, finishedAt: Type.Optional(Millis) }), { minItems: 1 }),
  counterId: Type.Optional(Type.String()),
  clerk: Type.Optional(Clerk),
});
const CaseStateWire = Type.Union([
  Type.Literal('accepted'),
  Type.Literal('in-progress'),
  Type.Literal('suspended'),
  Type.Literal('completed'),
  Type.Literal('refused'),
]);
const LevelWire = Type.Union([
  Type.Literal('normal'),
  Type.Literal('warning'),
  Type.Literal('yellow'),
  Type.Literal('red'),
]);
const RefusalKindWire = Type.Union([Type.Literal('not-accepted'), Type.Literal('not-permitted')]);
/** One processing step of a case (受理, 审核, 决定, 送达 …) and its own limit in working days. */
const CaseStepWire = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String()),
  limitDays: Type.Integer({ minimum: 0, maximum: 366 }),
  startedDay: Day,
  /** Absent while the step is running. */
  endedDay: Type.Optional(Day),
  clerk: Type.Optional(Clerk),
  /** Once ended: the working days it took (clock stops excluded) and whether that passed its limit. */
  workingDays: Type.Optional(Type.Integer({ minimum: 0 })),
  overLimit: Type.Optional(Type.Boolean()),
});
/** A case as central projects it, after acceptance (`case.accepted`) and after every change (`case.changed`). */
export const CaseBody = Type.Object({
  caseId: Type.String({ minLength: 1 }),
  number: Type.String({ minLength: 1 }),
  /**
   * What happened: 'accepted', 'start', 'suspend', 'resume', 'complete', 'refuse', 'level',
   * 'refusal-reviewed', 'deadline', 'step' (a step finished and the next began).
   */
  change: Type.String({ minLength: 1 }),
  state: CaseStateWire,
  level: LevelWire,
  worstLevel: LevelWire,
  serviceId: Type.String({ minLength: 1 }),
  itemId: Type.String({ minLength: 1 }),
  ticketId: Type.Optional(Type.String()),
  applicantRef: Type.String({ minLength: 1 }),
  clerk: Clerk,
  counterId: Type.Optional(Type.String()),
  acceptedDay: Day,
  legalLimitDays: Type.Integer({ minimum: 1 }),
  promisedLimitDays: Type.Integer({ minimum: 1 }),
  pausedWorkingDays: Type.Integer({ minimum: 0 }),
  promisedDeadline: Day,
  legalDeadline: Day,
  /** True when a year the deadlines reach has no confirmed holiday arrangement yet. */
  provisional: Type.Boolean(),
  /** For a provisional case: the holiday windows whose notice has not come yet. */
  provisionalBecause: Type.Optional(
    Type.Array(Type.Object({ year: Type.Integer(), holiday: Type.String(), from: Day, to: Day })),
  ),
  /** For change 'deadline' (a new holiday arrangement moved them): the deadlines before. */
  previousPromisedDeadline: Type.Optional(Day),
  previousLegalDeadline: Type.Optional(Day),
  previousProvisional: Type.Optional(Type.Boolean()),
  missingMaterials: Type.Optional(Type.Array(Type.String())),
  completedDay: Type.Optional(Day),
  late: Type.Optional(Type.Boolean()),
  refusalReason: Type.Optional(Type.String()),
  refusalReviewed: Type.Optional(Type.Boolean()),
  /** For a refusal: 不予受理 (the application is not accepted) or 不予许可 (accepted, then denied). */
  refusalKind: Type.Optional(RefusalKindWire),
  /**
   * The day the applicant's materials arrived (行政许可法 art. 32: a 补正 notice is due within five
   * working days of it, or the application counts as accepted from that day). Without it, central
   * counts from `acceptedDay`.
   */
  materialsArrivedDay: Type.Optional(Day),
  /**
   * While suspended (补正): the day the resident was told what is missing. A `case.accepted` with
   * state 'suspended' is a 补正 at acceptance (the clock never started).
   */
  correctionNoticeDay: Type.Optional(Day),
  /** The processing steps so far, each with its own limit (a step over its limit is flagged). */
  steps: Type.Optional(Type.Array(CaseStepWire)),
});
/** The rectification a centre opens where a 差评 is given (offline or not): one record, sent with the rating. */
export const RectificationWire = Type.Object({
  id: Type.String({ minLength: 1 }),
  openedDay: Day,
  /** The district's deadline in working days (5 unless configured). */
  workingDays: Type.Integer({ minimum: 1, maximum: 60 }),
  dueDay: Day,
  /** Who at the centre is responsible for putting it right. */
  assignee: Type.Optional(Type.String({ minLength: 1 })),
});
export const RatingGivenBody = Type.Object({
  ratingId: Type.String({ minLength: 1 }),
  subject: Type.Object({
    kind: Type.Union([Type.Literal('ticket'), Type.Literal('case')]),
    id: Type.String({ minLength: 1 }),
  }),
  serviceId: Type.String({ minLength: 1 }),
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  day: Day,
  comment: Type.Optional(Type.String({ maxLength: 140 })),
  /** A poor rating's reason codes (contract/api.ts RatingReason). */
  reasons: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 6 })),
  counterId: Type.Optional(Type.String()),
  clerk: Type.Optional(Clerk),
  /** For a poor rating (差评): the working day by which it must be put right. */
  rectifyBy: Type.Optional(Day),
  /** For a poor rating: the rectification the centre opened with it (its `dueDay` is `rectifyBy`). */
  rectification: Type.Optional(RectificationWire),
});
export const DeviceAlarmBody = Type.Object({
  device: Type.Union([
    Type.Literal('reader'),
    Type.Literal('scanner'),
    Type.Literal('printer'),
    Type.Literal('camera'),
  ]),
  state: Type.Union([Type.Literal('warning'), Type.Literal('fault'), Type.Literal('disconnected')]),
  detail: Type.Optional(Type.String()),
  at: Millis,
});

/**
 * The centre's reply (回告) to a supervision notice central issued (contract/sharing.ts `notices`),
 * written by staff on the admin panel: central records it on the notice, once, if the notice is the
 * sending kiosk's and still open.
 */
export const NoticeRepliedBody = Type.Object({
  noticeId: Type.String({ minLength: 1, maxLength: 64 }),
  text: Type.String({ minLength: 1, maxLength: 1000 }),
  day: Day,
  clerk: Clerk,
});

/** The centre's answer to a 差评's rectification, written on the admin panel (central records it as the reply). */
export const RectificationAnsweredBody = Type.Object({
  ratingId: Type.String({ minLength: 1, maxLength: 200 }),
  text: Type.String({ minLength: 1, maxLength: 1000 }),
  day: Day,
  clerk: Clerk,
});

/**
 * An appointment (预约) booked at the kiosk by the resident or at the counter by a clerk. With a
 * phone for the reminder the day before, the number is sealed at once to central's notification
 * key (contract/notify.ts, bound to the kiosk and the booking by appointmentSealContext): the
 * kiosk's outbox and disk hold only the seal and the masked form, and only central opens it.
 */
export const AppointmentBookedBody = Type.Object({
  appointmentId: Type.String({ minLength: 1, maxLength: 64 }),
  serviceId: Type.String({ minLength: 1 }),
  /** The service's name as the reminder says it (社会救助). */
  serviceName: Type.String({ minLength: 1, maxLength: 64 }),
  day: Day,
  slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  /** 'kiosk' when the resident booked at the kiosk, else the clerk's username. */
  bookedBy: Type.String({ minLength: 1, maxLength: 64 }),
  phone: Type.Optional(SealedPhone),
  /** The same number as a page may show it: 138****1234. */
  phoneMasked: Type.Optional(Type.String({ maxLength: 16 })),
});

/** Every transaction type with the schema of its body. */
export const TX_BODIES = {
  'ticket.issued': TicketIssuedBody,
  'ticket.called': TicketCalledBody,
  'ticket.recalled': TicketRecalledBody,
  'ticket.transferred': TicketTransferredBody,
  'ticket.no-show': TicketNoShowBody,
  'ticket.requeued': TicketRequeuedBody,
  'ticket.completed': TicketCompletedBody,
  'case.accepted': CaseBody,
  'case.changed': CaseBody,
  'rating.given': RatingGivenBody,
  'device.alarm': DeviceAlarmBody,
  'notice.replied': NoticeRepliedBody,
  'rectification.answered': RectificationAnsweredBody,
  'appointment.booked': AppointmentBookedBody,
} as const;
export type TxType = keyof typeof TX_BODIES;
export type TxBody<T extends TxType> = Static<(typeof TX_BODIES)[T]>;
export const TX_TYPES = Object.keys(TX_BODIES) as TxType[];
export const TxType = Type.Union(TX_TYPES.map((t) => Type.Literal(t)));

/** What every transaction carries besides its body; checked before the body is checked against its type. */
export const TxHeader = Type.Object({
  v: Type.Literal(CONTRACT_VERSION),
  kiosk: Type.String({ minLength: 1 }),
  /** ULID made in the same durable write as the business record; the idempotency key at central. */
  txId: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' }),
  /** Per-kiosk sequence number, monotonic across restarts. */
  seq: Type.Integer({ minimum: 1 }),
  type: TxType,
  ts: Type.Integer(),
  body: Type.Object({}),
});
export type TxHeader = Static<typeof TxHeader>;

/** A transaction's type and body, as the appliance drafts it (discriminated by `type`). */
export type TxDraft = { [T in TxType]: { type: T; body: TxBody<T> } }[TxType];

/** One business transaction as it leaves a kiosk's outbox, its body of its type. Never personal data unmasked. */
export type TypedTxEnvelope = Omit<TxHeader, 'type' | 'body'> & TxDraft;

/**
 * A transaction as a reader at central handles it once ingest has checked it: the header, and the
 * body (valid for its type) as a plain record; `txBodyOf` gives the typed body.
 */
export type TxEnvelope = Omit<TxHeader, 'body'> & { body: Record<string, unknown> };

export const AckResult = Type.Union([Type.Literal('ok'), Type.Literal('dup'), Type.Literal('rejected')]);
export type AckResult = Static<typeof AckResult>;

/** Central's application-level ack, published only after the transactions are committed. */
export const AckPayload = Type.Object({
  acks: Type.Array(
    Type.Object({
      txId: Type.String(),
      r: AckResult,
      why: Type.Optional(Type.String()),
    }),
  ),
});
export type AckPayload = Static<typeof AckPayload>;

export * from './fleet-wire.ts';

/** The body of a transaction when it is of the given type, else undefined (narrowing for readers). */
export function txBodyOf<T extends TxType>(
  tx: { type: string; body: unknown },
  type: T,
): TxBody<T> | undefined {
  return tx.type === type ? (tx.body as TxBody<T>) : undefined;
}
