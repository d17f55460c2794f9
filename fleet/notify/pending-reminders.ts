/**
 * What an appointment booking checks before it queues a reminder: a number has at most one
 * reminder waiting per kiosk (the kiosk's booking screen is open to anyone, who may type any
 * number), and the same appointment at the same time is reminded once, whatever dedupe key the
 * waiting reminder was stored under (the key gained `@{startsAt}` for reschedules).
 */
import type { SqlRunner } from '../db/central-db.ts';
import { SENDABLE } from './message-store.ts';

/** A sendable reminder for another appointment of this kiosk already waits for this number. */
export async function reminderPendingFor(
  db: SqlRunner,
  kioskId: string,
  phoneHash: Buffer,
  appointmentId: string,
): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM notify_message
     WHERE kind = 'appointment.reminder' AND kiosk_id = $1 AND phone_hash = $2 AND ref_id <> $3
       AND state = ANY($4::text[]) LIMIT 1`,
    [kioskId, phoneHash, appointmentId, SENDABLE],
  );
  return rows.length > 0;
}

/** A sendable reminder for this appointment at this start time already waits. */
export async function reminderHeldFor(
  db: SqlRunner,
  kioskId: string,
  appointmentId: string,
  startsAt: number,
): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM notify_message
     WHERE kind = 'appointment.reminder' AND kiosk_id = $1 AND ref_type = 'appointment' AND ref_id = $2
       AND expires_at = $3 AND state = ANY($4::text[]) LIMIT 1`,
    [kioskId, appointmentId, startsAt, SENDABLE],
  );
  return rows.length > 0;
}
