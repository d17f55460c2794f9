/**
 * Appointments (预约): booked by staff (or, later, synced from central) for a service, a day and a
 * slot, optionally for a person; checked in at the kiosk by scanning the signed appointment code
 * or by the ID card, which issues a priority ticket. A code is good for its day only, once.
 */
import { ulid } from 'ulid';
import type { SealedPhone } from '../../contract/notify.ts';
import type { CentralBookingVerdict } from '../../platform/central-booking-code.ts';
import { isCentralBookingCode } from '../../platform/central-booking-code.ts';
import { Mutex } from '../../platform/mutex.ts';
import type { CodeSigner } from '../codes/index.ts';
import { ApplianceError } from '../core/errors.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AppointmentRecord } from './appointment-record.ts';
import type { Queue } from './queue.ts';

export interface BookRequest {
  serviceId: string;
  day: string;
  slot: string;
  holder?: PersonRef;
  /** The reminder's number, sealed for this booking's id (it is bound into the seal) and masked. */
  reminder?: (appointmentId: string) => { sealed: SealedPhone; masked: string };
}

/** The end of a centre day in Beijing time, when an appointment code stops being good. */
const endOfDay = (day: string): number => Date.parse(`${day}T23:59:59+08:00`);

/** How far ahead an appointment may be booked: a booking with a phone holds a text at central till then. */
export const MAX_DAYS_AHEAD = 60;

/** The calendar day `days` after `day` ('YYYY-MM-DD'). */
const dayAfter = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Checks a code central signed for a booking (against its pinned key, offline); set by data sharing. */
export type CentralCodeCheck = (code: string) => CentralBookingVerdict;

export class AppointmentBook {
  private readonly mutex = new Mutex();
  private centralCodes: CentralCodeCheck | null = null;

  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly codes: CodeSigner,
    private readonly now: () => number = Date.now,
  ) {}

  async book(req: BookRequest, staff: string): Promise<{ appointment: AppointmentRecord; code: string }> {
    const service = this.queue.service(req.serviceId);
    const today = this.queue.today();
    if (req.day < today) throw new ApplianceError('appointment.past-day', `${req.day} has passed`, 422);
    if (req.day > dayAfter(today, MAX_DAYS_AHEAD))
      throw new ApplianceError(
        'appointment.too-far',
        `只能预约${MAX_DAYS_AHEAD}天内 / appointments open at most ${MAX_DAYS_AHEAD} days ahead`,
        422,
      );
    const id = ulid();
    const reminder = req.reminder?.(id);
    const appointment: AppointmentRecord = {
      kind: 'appointment',
      id,
      serviceId: req.serviceId,
      day: req.day,
      slot: req.slot,
      ...(req.holder ? { holder: req.holder } : {}),
      bookedBy: staff,
      bookedAt: this.now(),
      ...(reminder ? { reminderTo: reminder.masked } : {}),
    };
    // Central hears of the booking in the same durable write (the reminder the day before is its).
    await this.store.commit([appointment], {
      type: 'appointment.booked',
      body: {
        appointmentId: id,
        serviceId: appointment.serviceId,
        serviceName: service.name,
        day: appointment.day,
        slot: appointment.slot,
        bookedBy: staff,
        ...(reminder ? { phone: reminder.sealed, phoneMasked: reminder.masked } : {}),
      },
    });
    const code = this.codes.signCode({
      type: 'appointment',
      fields: {
        appointmentId: appointment.id,
        serviceId: appointment.serviceId,
        day: appointment.day,
        slot: appointment.slot,
        expiresAt: endOfDay(appointment.day),
      },
    });
    return { appointment, code };
  }

  acceptCentralCodes(check: CentralCodeCheck): void {
    this.centralCodes = check;
  }

  /**
   * A booking made through central, by its code: the code alone is enough (the booking may not
   * have reached the kiosk yet, or the uplink is down), so the appointment is recorded from it.
   */
  private async centralAppointment(code: string): Promise<AppointmentRecord> {
    const verdict = this.centralCodes?.(code);
    if (!verdict?.ok)
      throw new ApplianceError(
        'appointment.bad-code',
        '这不是本中心的有效预约码 (not a valid appointment code of this centre)',
        422,
      );
    const f = verdict.fields;
    const held = this.store.get('appointment', f.bookingId);
    if (held) return held;
    const appointment: AppointmentRecord = {
      kind: 'appointment',
      id: f.bookingId,
      serviceId: f.serviceId,
      day: f.day,
      slot: f.slot,
      bookedBy: 'central',
      bookedAt: this.now(),
    };
    await this.store.commit([appointment]);
    return appointment;
  }

  /** Checks in by a scanned code, or by the person on the reader; returns the priority ticket issued. */
  checkIn(by: { code: string } | { holder: PersonRef }): Promise<TicketRecord> {
    return this.mutex.run(async () => {
      const today = this.queue.today();
      let appointment: AppointmentRecord | undefined;
      if ('code' in by && isCentralBookingCode(by.code)) {
        appointment = await this.centralAppointment(by.code);
      } else if ('code' in by) {
        const verdict = this.codes.verifyCode(by.code);
        if (verdict.kind === 'expired')
          throw new ApplianceError(
            'appointment.expired',
            '预约码已过期 (the appointment code has expired)',
            422,
          );
        if (verdict.kind !== 'shequ' || verdict.type !== 'appointment') {
          throw new ApplianceError(
            'appointment.bad-code',
            '这不是本中心的有效预约码 (not a valid appointment code of this centre)',
            422,
          );
        }
        appointment = this.store.get(
          'appointment',
          (verdict.fields as { appointmentId: string }).appointmentId,
        );
        if (!appointment)
          throw new ApplianceError('appointment.unknown', '没有找到这个预约 (no such appointment)', 404);
      } else {
        appointment = this.store
          .all('appointment')
          .filter((a) => a.day === today && a.holder?.ref === by.holder.ref && !a.checkedInAt)
          .sort((a, b) => a.slot.localeCompare(b.slot))[0];
        if (!appointment)
          throw new ApplianceError(
            'appointment.none-today',
            '今天没有您的预约 (no appointment today for this card)',
            404,
          );
      }
      if (appointment.day !== today) {
        throw new ApplianceError(
          'appointment.wrong-day',
          `预约日期是 ${appointment.day} (the appointment is for ${appointment.day})`,
          422,
        );
      }
      if (appointment.checkedInAt) {
        throw new ApplianceError(
          'appointment.already-checked-in',
          '这个预约已经签到过了 (already checked in)',
          409,
        );
      }
      const holder = 'holder' in by ? by.holder : appointment.holder;
      const ticket = await this.queue.issue({
        serviceId: appointment.serviceId,
        priority: true,
        ...(holder ? { holder } : {}),
      });
      await this.store.commit([{ ...appointment, checkedInAt: this.now(), ticketId: ticket.id }]);
      return ticket;
    });
  }
}
