/**
 * Kiosk transactions (as ingest stores them) to notification events: 补正, decisions and supervision
 * levels from case.changed, rectifications from poor ratings, "N ahead" from the ticket stream, and
 * reminders for appointments booked at the kiosk or the counter with a (sealed) phone.
 * The transaction's ULID is the event id, so a redelivered transaction sends nothing twice.
 */
import { Value } from '@sinclair/typebox/value';
import { AppointmentBookedBody, type TxEnvelope } from '../../contract/mqtt.ts';
import { appointmentSealContext, type SealedPhone } from '../../contract/notify.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { CaseLevel, NotifyEvent } from './events.ts';
import { localInstant } from './local-time.ts';
import { subscribedAhead, trackTicket } from './queue-ahead.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const LEVELS: readonly string[] = ['warning', 'yellow', 'red'];

function caseEvents(tx: TxEnvelope): NotifyEvent[] {
  const b = tx.body;
  const caseId = str(b.caseId);
  const caseNumber = str(b.number);
  if (!caseId || !caseNumber) return [];
  const base = { eventId: tx.txId, kioskId: tx.kiosk, caseId, caseNumber };
  switch (b.change) {
    case 'suspend': {
      const materials = Array.isArray(b.missingMaterials)
        ? b.missingMaterials.filter((m) => typeof m === 'string')
        : [];
      return [{ ...base, kind: 'case.supplement', missingMaterials: materials }];
    }
    case 'complete':
      return [{ ...base, kind: 'case.decided', outcome: 'completed' }];
    case 'refuse':
      return [{ ...base, kind: 'case.decided', outcome: 'refused' }];
    case 'level': {
      const level = str(b.level);
      if (!level || !LEVELS.includes(level)) return [];
      const deadline = str(level === 'red' ? b.legalDeadline : b.promisedDeadline) ?? '';
      const clerk = str(b.clerk);
      const itemName = str(b.itemName) ?? str(b.itemId);
      return [
        {
          ...base,
          kind: 'case.level',
          level: level as CaseLevel,
          deadline,
          ...(clerk ? { clerk } : {}),
          ...(itemName ? { itemName } : {}),
        },
      ];
    }
    default:
      return [];
  }
}

/** What reading an `appointment.booked` needs: central's seal opener and the centres' time zone. */
export interface TransactionReading {
  /** The sealed phone opened with its context, or undefined when it does not open. */
  openSealed(sealed: SealedPhone, context: string): string | undefined;
  timeZone: string;
}

/**
 * A booking at the kiosk or the counter with a phone: the reminder the day before, like a central
 * booking's. The number opens only for this kiosk's booking; giving it is fresh consent.
 */
function appointmentEvents(tx: TxEnvelope, reading: TransactionReading): NotifyEvent[] {
  if (!Value.Check(AppointmentBookedBody, tx.body) || !tx.body.phone) return [];
  const b = tx.body;
  const phone = reading.openSealed(b.phone!, appointmentSealContext(tx.kiosk, b.appointmentId));
  if (phone === undefined) return [];
  return [
    {
      kind: 'appointment.booked',
      eventId: tx.txId,
      kioskId: tx.kiosk,
      appointmentId: b.appointmentId,
      serviceName: b.serviceName,
      startsAt: localInstant(b.day, b.slot, reading.timeZone),
      phone,
    },
  ];
}

export async function eventsFromTransaction(
  db: SqlRunner,
  tx: TxEnvelope,
  reading: TransactionReading,
): Promise<NotifyEvent[]> {
  switch (tx.type) {
    case 'appointment.booked':
      return appointmentEvents(tx, reading);
    case 'case.changed':
      return caseEvents(tx);
    case 'rating.given': {
      const ratingId = str(tx.body.ratingId);
      const dueDay = str(tx.body.rectifyBy);
      if (!ratingId || !dueDay) return [];
      const clerk = str(tx.body.clerk);
      return [
        {
          eventId: tx.txId,
          kind: 'rectification.assigned',
          kioskId: tx.kiosk,
          rectificationId: ratingId,
          dueDay,
          ...(clerk ? { clerk } : {}),
        },
      ];
    }
    case 'ticket.issued':
    case 'ticket.called':
    case 'ticket.no-show':
    case 'ticket.transferred': {
      const events: NotifyEvent[] = [];
      for (const place of await trackTicket(db, tx)) {
        for (const t of await subscribedAhead(db, place)) {
          events.push({
            kind: 'queue.ahead',
            kioskId: tx.kiosk,
            ticketId: t.ticketId,
            number: t.number,
            ahead: t.ahead,
          });
        }
      }
      return events;
    }
    default:
      return [];
  }
}
