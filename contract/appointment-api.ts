/**
 * The HTTP API's appointments (预约): the staff list and booking, and the resident's check-in at the
 * kiosk with a signed appointment code or the card. Re-exported by contract/api.ts.
 */
import { type Static, Type } from '@sinclair/typebox';
import { MOBILE_NUMBER } from './notify-api.ts';

export const AppointmentView = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  day: Type.String(),
  slot: Type.String(),
  holderMasked: Type.Optional(Type.String()),
  checkedIn: Type.Boolean(),
  /** 'central' for a booking made through the district's booking service and shared down. */
  bookedBy: Type.Optional(Type.String()),
  /** The number the reminder goes to, as a screen may show it (138****1234), when one was given. */
  reminderTo: Type.Optional(Type.String()),
});
export type AppointmentView = Static<typeof AppointmentView>;

export const AppointmentsQuery = Type.Object(
  { day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
export type AppointmentsQuery = Static<typeof AppointmentsQuery>;
export const AppointmentsResponse = Type.Object({ appointments: Type.Array(AppointmentView) });
export type AppointmentsResponse = Static<typeof AppointmentsResponse>;

export const BookAppointmentRequest = Type.Object(
  {
    serviceId: Type.String({ minLength: 1 }),
    day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    /** Books for a person, so the card also checks in; never stored in clear. */
    idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    /**
     * The resident's mobile for the reminder the day before (optional; only while the link to
     * central is up, as for the ticket's "turn near"). Sealed to central at once, never kept here.
     */
    phone: Type.Optional(Type.String({ pattern: MOBILE_NUMBER })),
  },
  { additionalProperties: false },
);
export type BookAppointmentRequest = Static<typeof BookAppointmentRequest>;

/** The resident books at the kiosk (the paired kiosk screen): the card on the reader is the holder, if any. */
export const KioskBookAppointmentRequest = Type.Object(
  {
    serviceId: Type.String({ minLength: 1 }),
    day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    withCard: Type.Boolean(),
    phone: Type.Optional(Type.String({ pattern: MOBILE_NUMBER })),
  },
  { additionalProperties: false },
);
export type KioskBookAppointmentRequest = Static<typeof KioskBookAppointmentRequest>;

export const appointmentApiPaths = {
  staffBook: '/api/staff/appointments',
  kioskBook: '/api/appointments',
  checkIn: '/api/appointments/check-in',
} as const;

/** `code` is the signed appointment code to send the resident (SMS, slip). */
export const BookAppointmentResponse = Type.Object({ appointment: AppointmentView, code: Type.String() });
export type BookAppointmentResponse = Static<typeof BookAppointmentResponse>;

export const AppointmentCheckInRequest = Type.Object(
  { code: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })), withCard: Type.Boolean() },
  { additionalProperties: false },
);
export type AppointmentCheckInRequest = Static<typeof AppointmentCheckInRequest>;
