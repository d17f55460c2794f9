/**
 * The phone an appointment's reminder goes to, given at the kiosk or at the counter when booking:
 * the same rules as the ticket's "turn near" (only while the link to central is up and central's
 * key is in hand; a number the contract's pattern accepts). It is sealed to central for the
 * booking's id at once, rides the `appointment.booked` transaction sealed, and only its masked form
 * stays on the appliance.
 */
import { maskPhone } from '../../platform/masking.ts';
import { ApplianceError } from '../core/errors.ts';
import type { BookRequest } from '../queue/appointments.ts';
import type { NotifyOptInLink } from './optin-link.ts';

const offline = () =>
  new ApplianceError('notify.offline', 'SMS needs the link to central, which is down now', 503);

/** The booking's sealer for `phone`, or undefined without one; throws when SMS is not on offer now. */
export function appointmentReminder(
  link: NotifyOptInLink | undefined,
  phone: string | undefined,
): BookRequest['reminder'] | undefined {
  if (phone === undefined) return undefined;
  if (!link?.status().available) throw offline();
  return (appointmentId) => {
    const sealed = link.sealForAppointment(appointmentId, phone);
    if (!sealed) throw offline();
    return { sealed, masked: maskPhone(phone) };
  };
}
