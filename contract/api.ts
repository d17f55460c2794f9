/**
 * The HTTP API between the appliance and its three screens (kiosk, admin panel, display board).
 * Written once as TypeBox schemas: the server validates requests with them, the UIs import the types.
 * Nothing here ever carries personal data unmasked.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CaseView } from './case-api.ts';

export const ApiError = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable machine-readable code, e.g. "service.unknown"' }),
    message: Type.String({ description: 'human-readable, names the problem' }),
  }),
});
export type ApiError = Static<typeof ApiError>;

export const DeviceState = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('fault'),
  Type.Literal('disconnected'),
]);
export type DeviceState = Static<typeof DeviceState>;

export const DeviceHealth = Type.Object({
  state: DeviceState,
  detail: Type.Optional(Type.String()),
  since: Type.Integer(),
});
export type DeviceHealth = Static<typeof DeviceHealth>;

export const DevicesView = Type.Object({
  reader: DeviceHealth,
  printer: DeviceHealth,
  scanner: DeviceHealth,
  /** The document camera whose frames the appliance reads by OCR (the kiosk browser's camera). */
  camera: Type.Optional(DeviceHealth),
  uplink: DeviceHealth,
  /** The staff panel's HTTPS certificate (from the district CA, or a temporary one), when the panel has TLS. */
  panelCert: Type.Optional(DeviceHealth),
  outbox: Type.Object({
    depth: Type.Integer(),
    oldestAgeMs: Type.Integer(),
    lastAckAt: Type.Optional(Type.Integer()),
  }),
});
export type DevicesView = Static<typeof DevicesView>;

/** The card currently on the reader, as the kiosk screen may show it. */
export const CardView = Type.Object({
  maskedName: Type.String(),
  maskedNumber: Type.String(),
  cardType: Type.String(),
  /** Whether the holder qualifies for a priority ticket by age. */
  elderly: Type.Boolean(),
  checkDigitValid: Type.Boolean(),
  /** Its validity ended before today (有效期限): the card cannot be used to take a number. */
  expired: Type.Optional(Type.Boolean()),
  /** Read from the card's chip ('reader') or from a photo of it by OCR ('camera'). */
  source: Type.Optional(Type.Union([Type.Literal('reader'), Type.Literal('camera')])),
});
export type CardView = Static<typeof CardView>;

export const CaseItemView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  legalLimitDays: Type.Integer(),
  promisedLimitDays: Type.Integer(),
  materials: Type.Array(Type.String()),
  fee: Type.String(),
  /** From the district's catalogue, when one has arrived: the deciding department, life events, 办事指南 text. */
  department: Type.Optional(Type.String()),
  lifeEvents: Type.Optional(Type.Array(Type.String())),
  guide: Type.Optional(Type.String()),
  /** The item's downloadable forms (表格), from the catalogue: a paper copy prints at the kiosk. */
  forms: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        url: Type.String(),
        fields: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});
export type CaseItemView = Static<typeof CaseItemView>;

export const ServiceView = Type.Object({
  id: Type.String(),
  prefix: Type.String({ minLength: 1, maxLength: 1 }),
  name: Type.String(),
  nameEn: Type.String(),
  requiresCard: Type.Boolean(),
  /**
   * What a counter can accept applications for under this service (the service guide). Empty in the
   * state the appliance sends: the screens fill it from the guide's pages (contract/guide-api.ts).
   */
  caseItems: Type.Array(CaseItemView),
});
export type ServiceView = Static<typeof ServiceView>;

export const CounterView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  name: Type.String(),
  serviceIds: Type.Array(Type.String()),
  paused: Type.Boolean(),
});
export type CounterView = Static<typeof CounterView>;

export const TicketStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('done'),
  Type.Literal('no-show'),
]);
export type TicketStatus = Static<typeof TicketStatus>;

export const TicketView = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'e.g. A023' }),
  serviceId: Type.String(),
  serviceName: Type.String(),
  status: TicketStatus,
  priority: Type.Boolean(),
  issuedAt: Type.Integer(),
  calledAt: Type.Optional(Type.Integer()),
  counterId: Type.Optional(Type.String()),
  counterNumber: Type.Optional(Type.Integer()),
  peopleAhead: Type.Integer(),
  estimatedWaitMin: Type.Integer(),
  holderMasked: Type.Optional(Type.String()),
  /** Its place in the queue: issue time, earlier or later after a transfer or re-queue to the front/back. */
  queuedAt: Type.Optional(Type.Integer()),
  /** Transferred to one counter: only that counter calls it. */
  assignedCounterId: Type.Optional(Type.String()),
  assignedCounterNumber: Type.Optional(Type.Integer()),
  /** When it was finished or marked a no-show. */
  finishedAt: Type.Optional(Type.Integer()),
  recalls: Type.Optional(Type.Integer()),
  /** Times a no-show was put back into the queue. */
  requeues: Type.Optional(Type.Integer()),
  /** A no-show that may still be put back into the queue (the centre's re-queue limit not reached). */
  canRequeue: Type.Optional(Type.Boolean()),
});
export type TicketView = Static<typeof TicketView>;

export const CallView = Type.Object({
  ticketNumber: Type.String(),
  serviceName: Type.String(),
  counterNumber: Type.Integer(),
  counterName: Type.String(),
  calledAt: Type.Integer(),
  /**
   * The call no longer stands: the resident did not come ('no-show') or was sent elsewhere
   * ('transferred'). The board takes it out of "now calling" and off the counter.
   */
  withdrawn: Type.Optional(Type.Union([Type.Literal('no-show'), Type.Literal('transferred')])),
});
export type CallView = Static<typeof CallView>;

/**
 * What a code read by the kiosk's scanner turned out to be, as a code the screens translate
 * (kiosk-ui/shared/messages-*.ts): the appliance never builds the sentence itself.
 */
export const ScanVerdict = Type.Union([
  /** A receipt of this centre: `receiptNo` opens its progress. */
  Type.Literal('receipt'),
  /** Signed by this centre, but no such case is kept here. */
  Type.Literal('receipt-unknown'),
  /** A queue ticket of this centre: `ticketNumber`. */
  Type.Literal('ticket'),
  /** An appointment code: being checked in, then checked in (`ticketNumber`) or refused (`reason`). */
  Type.Literal('appointment-checking-in'),
  Type.Literal('appointment-checked-in'),
  Type.Literal('appointment-refused'),
  /** Looks like this centre's code but its signature does not hold. */
  Type.Literal('forged'),
  Type.Literal('malformed'),
  Type.Literal('expired'),
  /** Not a code of this centre at all (a payment link, another system's QR). */
  Type.Literal('foreign'),
]);
export type ScanVerdict = Static<typeof ScanVerdict>;

/**
 * Where a queue ticket stands, for anyone holding its printed code (the phone page behind the
 * ticket's QR, the kiosk's scanner): no holder, nothing personal. `state` says which fields follow.
 */
export const TicketProgressView = Type.Object({
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('called'),
    Type.Literal('done'),
    Type.Literal('no-show'),
    /** A genuine ticket of another day: tickets are valid on their day only (当日有效). */
    Type.Literal('other-day'),
    /** Not a ticket code of this centre (forged, malformed, unknown). */
    Type.Literal('unknown'),
  ]),
  number: Type.Optional(Type.String()),
  serviceName: Type.Optional(Type.String()),
  day: Type.Optional(Type.String()),
  peopleAhead: Type.Optional(Type.Integer()),
  estimatedWaitMin: Type.Optional(Type.Integer()),
  counterNumber: Type.Optional(Type.Integer()),
  counterName: Type.Optional(Type.String()),
  /** The counters that serve this ticket's service, by number. */
  servedAt: Type.Optional(Type.Array(Type.Integer())),
});
export type TicketProgressView = Static<typeof TicketProgressView>;

/** The last code read by the kiosk's scanner, already verified by the appliance; never the scanned text. */
export const ScanView = Type.Object({
  at: Type.Integer(),
  verdict: ScanVerdict,
  /** For a receipt of this centre: the case number to look up. */
  receiptNo: Type.Optional(Type.String()),
  ticketNumber: Type.Optional(Type.String()),
  /** For a queue ticket: where it stands, as its phone page shows it. */
  progress: Type.Optional(TicketProgressView),
  /** For a refusal: the error code, e.g. 'appointment.wrong-day'. */
  reason: Type.Optional(Type.String()),
});
export type ScanView = Static<typeof ScanView>;

/** Everything the kiosk and the board need, pushed on every change over `GET /api/events` (SSE). */
export const PublicState = Type.Object({
  kiosk: Type.Object({ id: Type.String(), centreName: Type.String(), centreNameEn: Type.String() }),
  services: Type.Array(ServiceView),
  counters: Type.Array(CounterView),
  waitingByService: Type.Record(Type.String(), Type.Integer()),
  calls: Type.Array(CallView, { description: 'most recent first' }),
  card: Type.Union([CardView, Type.Null()]),
  devices: DevicesView,
  scan: Type.Union([ScanView, Type.Null()]),
  /** The guide's version and size; its items are paged from `guidePaths.items`. */
  guide: Type.Optional(Type.Object({ etag: Type.String(), items: Type.Integer({ minimum: 0 }) })),
});
export type PublicState = Static<typeof PublicState>;

export const TakeTicketRequest = Type.Object(
  {
    serviceId: Type.String({ minLength: 1 }),
    withCard: Type.Boolean(),
    /** Asks for a priority ticket; granted only when the card on the reader shows the holder qualifies. */
    priority: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TakeTicketRequest = Static<typeof TakeTicketRequest>;

export const TakeTicketResponse = Type.Object({ ticket: TicketView, printed: Type.Boolean() });
export type TakeTicketResponse = Static<typeof TakeTicketResponse>;

export const Role = Type.Union([Type.Literal('staff'), Type.Literal('supervisor'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** The CSRF token must be sent back in the `x-csrf-token` header on every staff write. */
export const SessionView = Type.Object({
  username: Type.String(),
  role: Role,
  csrfToken: Type.String(),
});
export type SessionView = Static<typeof SessionView>;

export const StaffQueueView = Type.Object({ tickets: Type.Array(TicketView) });
export type StaffQueueView = Static<typeof StaffQueueView>;

export const CallNextResponse = Type.Object({ ticket: Type.Union([TicketView, Type.Null()]) });
export type CallNextResponse = Static<typeof CallNextResponse>;

/** Staff: the serving ticket goes to another service's queue or to one counter, at the front or back. */
export const TransferRequest = Type.Object(
  {
    toServiceId: Type.Optional(Type.String({ minLength: 1 })),
    toCounterId: Type.Optional(Type.String({ minLength: 1 })),
    position: Type.Optional(Type.Union([Type.Literal('front'), Type.Literal('back')], { default: 'back' })),
  },
  { additionalProperties: false },
);
export type TransferRequest = Static<typeof TransferRequest>;

/** Staff: call this waiting ticket to the counter (out of turn); the counter's current ticket is finished. */
export const CallTicketRequest = Type.Object(
  { ticketId: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type CallTicketRequest = Static<typeof CallTicketRequest>;

/** Staff: a no-show who came back goes into the queue again, at the front or the back (limited times). */
export const RequeueRequest = Type.Object(
  { position: Type.Union([Type.Literal('front'), Type.Literal('back')]) },
  { additionalProperties: false },
);
export type RequeueRequest = Static<typeof RequeueRequest>;

/** The answer to a reprint (补打) of a ticket or a case document. */
export const PrintedResponse = Type.Object({ printed: Type.Boolean() });
export type PrintedResponse = Static<typeof PrintedResponse>;

/** A paired kiosk or counter screen asks for the materials checklist (材料清单) of a case item. */
export const ChecklistRequest = Type.Object(
  { itemId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ChecklistRequest = Static<typeof ChecklistRequest>;

/** Print a paper copy of one of an item's forms (by the form's name, as the catalogue lists it). */
export const FormPrintRequest = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 64 }),
    form: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
);
export type FormPrintRequest = Static<typeof FormPrintRequest>;

export const PauseRequest = Type.Object({ paused: Type.Boolean() }, { additionalProperties: false });
export type PauseRequest = Static<typeof PauseRequest>;

export const StaffTicketResponse = Type.Object({ ticket: Type.Union([TicketView, Type.Null()]) });
export type StaffTicketResponse = Static<typeof StaffTicketResponse>;

export * from './case-api.ts';

export const PersonLookupRequest = Type.Object(
  {
    idNumber: Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' }),
    reason: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PersonLookupRequest = Static<typeof PersonLookupRequest>;

export const PersonLookupResponse = Type.Object({
  cases: Type.Array(CaseView),
  tickets: Type.Array(TicketView),
});
export type PersonLookupResponse = Static<typeof PersonLookupResponse>;

export * from './api-paths.ts';
export * from './appointment-api.ts';
export * from './hall-limits-api.ts';
export * from './screen-devices-api.ts';
