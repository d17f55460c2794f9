/**
 * The resident books an appointment at the kiosk (the paired kiosk screen): a service, a day and a
 * slot, the card on the reader as the holder if they like, and optionally a phone for the reminder
 * the day before (appliance/notify-optin/appointment-reminder.ts: only with the link up, sealed to
 * central at once). The answer carries the signed appointment code to check in with.
 */
import {
  appointmentApiPaths,
  BookAppointmentResponse,
  KioskBookAppointmentRequest,
} from '../../contract/api.ts';
import { withRetryAfter } from '../limits/throttled.ts';
import { appointmentReminder } from '../notify-optin/appointment-reminder.ts';
import type { NotifyOptInLink } from '../notify-optin/optin-link.ts';
import { bookingGate } from './cardless-routes.ts';
import type { RouteContext } from './routes.ts';

export function registerKioskBookingRoutes(ctx: RouteContext, link: NotifyOptInLink | undefined): void {
  const { app, core, device } = ctx;
  // Open to whoever stands at the screen, like a card-less ticket: the same per-screen rate.
  const gate = bookingGate(ctx);
  app.post<{ Body: KioskBookAppointmentRequest }>(
    appointmentApiPaths.kioskBook,
    { schema: { body: KioskBookAppointmentRequest, response: { 201: BookAppointmentResponse } } },
    (req, reply) =>
      withRetryAfter(reply, async () => {
        device(req, 'kiosk');
        gate(req);
        const { phone, ...booking } = req.body;
        const reminder = appointmentReminder(link, phone);
        return reply.code(201).send(await core.kiosk.bookAppointment(booking, 'kiosk', reminder));
      }),
  );
}
