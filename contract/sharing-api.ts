/**
 * The central console's data-sharing API (fleet/console-sharing): what a department, the booking
 * service or an operator sends to put something into the datasets shared down to the kiosks
 * (contract/sharing.ts). Each answer names the stream version the change became.
 */
import { type Static, Type } from '@sinclair/typebox';
import { BackOfficeStepKind, CatalogueItem } from './sharing.ts';

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const sharingApi = {
  catalogue: '/api/sharing/catalogue',
  catalogueBatch: '/api/sharing/catalogue/batch',
  appointments: '/api/sharing/appointments',
  appointmentCancel: '/api/sharing/appointments/cancel',
  progress: '/api/sharing/progress',
  progressBatch: '/api/sharing/progress/batch',
  streams: '/api/sharing/streams',
  versions: '/api/sharing/versions',
} as const;

/** The district's catalogue, or one site's overrides. */
const CatalogueScope = {
  scope: Type.Union([Type.Literal('district'), Type.Literal('site')]),
  /** The district ID, or the site ID. */
  scopeId: Id,
};

/** Publish catalogue changes: items put (whole) and items removed, as one version. */
export const CatalogueChangeRequest = Type.Object(
  {
    ...CatalogueScope,
    put: Type.Optional(Type.Array(CatalogueItem, { maxItems: 2000 })),
    delete: Type.Optional(Type.Array(Id, { maxItems: 2000 })),
  },
  { additionalProperties: false },
);
export type CatalogueChangeRequest = Static<typeof CatalogueChangeRequest>;

const BatchFile = {
  format: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')]),
  /** The file's text (UTF-8; a BOM is ignored). */
  content: Type.String({ minLength: 1, maxLength: 8 * 1024 * 1024 }),
};

export const CatalogueBatchRequest = Type.Object(
  { ...CatalogueScope, ...BatchFile },
  { additionalProperties: false },
);
export type CatalogueBatchRequest = Static<typeof CatalogueBatchRequest>;

/** A department's file of back-office steps; each row names the kiosk that accepted the case. */
export const ProgressBatchRequest = Type.Object(BatchFile, { additionalProperties: false });
export type ProgressBatchRequest = Static<typeof ProgressBatchRequest>;

export const ProgressStepRequest = Type.Object(
  {
    kioskId: Id,
    caseId: Type.String({ minLength: 1, maxLength: 64 }),
    department: Type.String({ minLength: 1, maxLength: 60 }),
    step: BackOfficeStepKind,
    /** When the department took the step (epoch ms); now if left out. */
    at: Type.Optional(Type.Integer()),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ProgressStepRequest = Static<typeof ProgressStepRequest>;

/** A booking from the district's online booking service, for one centre's kiosk. */
export const CentralBookingRequest = Type.Object(
  {
    kioskId: Id,
    /** The booking service's own ID, so a retry books nothing twice; made up when left out. */
    bookingId: Type.Optional(Id),
    serviceId: Id,
    day: Day,
    slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    /**
     * Who booked, as the booking service knows them (over the console's TLS). Central masks it
     * itself (platform/masking.ts) and shares only the masked form down; a masked string from the
     * caller is not accepted (nothing proves it masks anything), and the clear form is kept nowhere.
     */
    holder: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          idNumber: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{6,20}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    /**
     * The resident's mainland mobile number, for the reminder the day before (fleet/notify). Kept
     * only encrypted in the notification service's number store, never shared down or logged.
     */
    mobile: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
  },
  { additionalProperties: false },
);
export type CentralBookingRequest = Static<typeof CentralBookingRequest>;

export const CentralBookingResponse = Type.Object({
  bookingId: Id,
  version: Type.Integer(),
  /** The code the resident shows at the kiosk (platform/central-booking-code.ts), signed by central. */
  code: Type.String(),
});
export type CentralBookingResponse = Static<typeof CentralBookingResponse>;

/** The booking service cancels a booking: it leaves the centre's appointments, its reminder never goes. */
export const CentralBookingCancelRequest = Type.Object(
  { kioskId: Id, bookingId: Id },
  { additionalProperties: false },
);
export type CentralBookingCancelRequest = Static<typeof CentralBookingCancelRequest>;

export const ShareChangeResponse = Type.Object({
  /** The stream version(s) the change became, one per stream it touched. */
  versions: Type.Array(
    Type.Object({
      dataset: Type.String(),
      scope: Type.String(),
      scopeId: Type.String(),
      version: Type.Integer(),
    }),
  ),
  operations: Type.Integer(),
});
export type ShareChangeResponse = Static<typeof ShareChangeResponse>;
