/** Appointments: staff book them (the answer carries the signed code to send the resident); residents check in. */
import {
  AppointmentCheckInRequest,
  AppointmentsQuery,
  AppointmentsResponse,
  BookAppointmentRequest,
  BookAppointmentResponse,
  TakeTicketResponse,
} from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { appointmentReminder } from '../notify-optin/appointment-reminder.ts';
import type { NotifyOptInLink } from '../notify-optin/optin-link.ts';
import type { RouteContext } from './routes.ts';

export function registerAppointmentRoutes(
  { app, core, staff, device }: RouteContext,
  notify?: NotifyOptInLink,
): void {
  app.get<{ Querystring: AppointmentsQuery }>(
    '/api/staff/appointments',
    { schema: { querystring: AppointmentsQuery, response: { 200: AppointmentsResponse } } },
    (req) => {
      staff(req, false);
      const day = req.query.day ?? core.queue.today();
      return {
        appointments: core.store
          .all('appointment')
          .filter((a) => a.day === day)
          .sort((a, b) => a.slot.localeCompare(b.slot))
          .map((a) => core.views.appointment(a)),
      };
    },
  );
  app.post<{ Body: BookAppointmentRequest }>(
    '/api/staff/appointments',
    { schema: { body: BookAppointmentRequest, response: { 201: BookAppointmentResponse } } },
    async (req, reply) => {
      const session = staff(req, true);
      const { phone, ...booking } = req.body;
      const reminder = appointmentReminder(notify, phone);
      return reply.code(201).send(await core.kiosk.bookAppointment(booking, session.username, reminder));
    },
  );
  app.post<{ Body: AppointmentCheckInRequest }>(
    '/api/appointments/check-in',
    { schema: { body: AppointmentCheckInRequest, response: { 200: TakeTicketResponse } } },
    async (req) => {
      // The signed code is the resident's own proof; the card on the reader only the paired kiosk's.
      if (!req.body.code) device(req, 'kiosk');
      if (!req.body.code && !req.body.withCard) {
        throw new ApplianceError(
          'appointment.how',
          'scan the appointment code or put the ID card on the reader',
          422,
        );
      }
      return core.kiosk.checkInAppointment(req.body.code ? { code: req.body.code } : 'card');
    },
  );
}
