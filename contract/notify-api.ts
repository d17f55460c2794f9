/**
 * The appliance's HTTP API for SMS opt-in (the wire to central is contract/notify.ts). The resident
 * types a phone number on the kiosk's keypad after taking a ticket; the clerk types one for a case.
 * The number goes sealed to central at once and is never stored on the kiosk.
 */
import { type Static, Type } from '@sinclair/typebox';

/** A mainland mobile number, 11 digits starting 1[3-9]; spaces and dashes are for the keypad only. */
export const MOBILE_NUMBER = '^1[3-9][0-9]{9}$';

export const notifyApiPaths = {
  status: '/api/notify/status',
  ticket: (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/notify`,
  staffCase: (caseId: string) => `/api/staff/cases/${encodeURIComponent(caseId)}/notify`,
} as const;

/** Whether the kiosk may offer SMS now: only with the uplink up and central's key in hand. */
export const NotifyStatus = Type.Object({
  available: Type.Boolean(),
  /** Why not, in words for the screen's log: 'uplink-down' | 'no-key'. */
  reason: Type.Optional(Type.Union([Type.Literal('uplink-down'), Type.Literal('no-key')])),
});
export type NotifyStatus = Static<typeof NotifyStatus>;

export const TicketNotifyRequest = Type.Object(
  {
    phone: Type.String({ pattern: MOBILE_NUMBER }),
    /** Text me when this many people are ahead of me. */
    ahead: Type.Integer({ minimum: 1, maximum: 30, default: 3 }),
  },
  { additionalProperties: false },
);
export type TicketNotifyRequest = Static<typeof TicketNotifyRequest>;

export const CaseNotifyRequest = Type.Object(
  { phone: Type.String({ pattern: MOBILE_NUMBER }) },
  { additionalProperties: false },
);
export type CaseNotifyRequest = Static<typeof CaseNotifyRequest>;

export const NotifySubscribed = Type.Object({
  /** The number as the screen may show it back: 138****1234. */
  masked: Type.String(),
  /** When central drops the number again. */
  keptUntil: Type.Optional(Type.Integer()),
});
export type NotifySubscribed = Static<typeof NotifySubscribed>;
