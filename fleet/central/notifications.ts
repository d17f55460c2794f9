/**
 * Central's side of the SMS notifications (fleet/notify): ingest hands every newly stored kiosk
 * transaction to the notifier inside its own database transaction (补正, decisions, supervision
 * levels, 差评 rectifications, "N ahead"); a timer tells it about rectifications that went past their
 * due day; the console reads each message's delivery state for the ticket, case or rectification
 * that caused it (recipients masked).
 */
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import type { OnStored } from '../ingest/store-batch.ts';
import type { RefType } from '../notify/events.ts';
import { localInstant } from '../notify/local-time.ts';
import { type DeliveryView, deliveryFor } from '../notify/message-store.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { AppointmentHooks } from './module.ts';

export type CentralNotifier = Pick<Notifier, 'onTransaction' | 'notifyOn'>;

export const notifyOnStored =
  (notifier: CentralNotifier): OnStored =>
  async (tx, stored) => {
    for (const envelope of stored) await notifier.onTransaction(envelope, { tx });
    return undefined;
  };

/** The service's name from the directory (kiosks and the booking service send only its ID). */
async function serviceName(tx: SqlRunner, kioskId: string, serviceId: string): Promise<string> {
  const [row] = await tx.query<{ name: string }>(
    `SELECT name FROM directory WHERE kind = 'service' AND id = $1
      ORDER BY (kiosk_id = $2) DESC LIMIT 1`,
    [serviceId, kioskId],
  );
  return row?.name ?? serviceId;
}

/**
 * Central's bookings to the notifier, in the booking route's transaction: one with a mobile
 * schedules the reminder the day before (the number goes encrypted into the notifier's store), the
 * same booking ID at another time moves it (the old one is cancelled), a cancellation cancels what
 * is still queued. The booking ID is the appointment's reference.
 */
export function appointmentReminders(notifier: CentralNotifier, timeZone: string): AppointmentHooks {
  return {
    async booked(tx, b) {
      // Without a mobile it may still be a reschedule of a booking that gave one: the notifier
      // moves that reminder to the new time (and does nothing for a booking it never heard of).
      await notifier.notifyOn(
        {
          kind: 'appointment.booked',
          eventId: `appointment.booked:${b.kioskId}:${b.bookingId}`,
          kioskId: b.kioskId,
          appointmentId: b.bookingId,
          serviceName: await serviceName(tx, b.kioskId, b.serviceId),
          startsAt: localInstant(b.day, b.slot, timeZone),
          ...(b.mobile ? { phone: b.mobile } : {}),
        },
        { tx },
      );
    },
    async cancelled(tx, b) {
      await notifier.notifyOn(
        { kind: 'appointment.cancelled', kioskId: b.kioskId, appointmentId: b.bookingId },
        { tx },
      );
    },
  };
}

/**
 * Open rectifications past their due day that were not announced yet: one `rectification.overdue`
 * each (its event id makes a second announcement, e.g. after a rebuild cleared the flag, a no-op).
 */
export async function announceOverdueRectifications(
  db: CentralDb,
  notifier: CentralNotifier,
  today: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ kiosk_id: string; rating_id: string; due_day: string }>(
      `SELECT kiosk_id, rating_id, due_day::text AS due_day FROM rectifications
        WHERE state = 'open' AND NOT overdue_notified AND due_day < $1::date
        ORDER BY due_day LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [today],
    );
    for (const r of due) {
      await notifier.notifyOn(
        {
          kind: 'rectification.overdue',
          eventId: `rectification.overdue:${r.kiosk_id}:${r.rating_id}`,
          kioskId: r.kiosk_id,
          rectificationId: r.rating_id,
          dueDay: r.due_day,
        },
        { tx },
      );
      await tx.query(
        'UPDATE rectifications SET overdue_notified = true WHERE kiosk_id = $1 AND rating_id = $2',
        [r.kiosk_id, r.rating_id],
      );
    }
    return due.length;
  });
}

/** The messages a ticket, case or rectification caused, or none where notifications are not set up. */
export async function deliveries(db: SqlRunner, refType: RefType, refId: string): Promise<DeliveryView[]> {
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('notify_message')::text AS t`);
  if (!table?.t) return [];
  return deliveryFor(db, refType, refId);
}
