/**
 * "N people ahead of me" at central, from the ticket transactions alone: the waiting tickets of
 * each kiosk's day and service, in the order the kiosk serves them (priority first, then by the
 * time they joined the queue). The anti-starvation ratio can let one normal ticket pass a priority
 * one, so the count is what a resident would count on the board, not a promise. Rows live for the
 * day; purge() drops older days.
 */

import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { SqlRunner } from '../db/central-db.ts';

interface QueuePlace {
  kioskId: string;
  day: string;
  serviceId: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

async function placeOf(db: SqlRunner, kioskId: string, ticketId: string): Promise<QueuePlace | undefined> {
  const [row] = await db.query<{ day: string; service_id: string }>(
    'SELECT day, service_id FROM notify_queue_ticket WHERE kiosk_id = $1 AND ticket_id = $2 AND waiting',
    [kioskId, ticketId],
  );
  return row ? { kioskId, day: row.day, serviceId: row.service_id } : undefined;
}

async function leaveQueue(db: SqlRunner, kioskId: string, ticketIds: string[]): Promise<QueuePlace[]> {
  const rows = await db.query<{ day: string; service_id: string }>(
    `UPDATE notify_queue_ticket SET waiting = false WHERE kiosk_id = $1 AND ticket_id = ANY($2::text[]) AND waiting
     RETURNING day, service_id`,
    [kioskId, ticketIds],
  );
  return rows.map((r) => ({ kioskId, day: r.day, serviceId: r.service_id }));
}

/** Applies one ticket transaction; returns the queues whose order moved. */
export async function trackTicket(db: SqlRunner, tx: TxEnvelope): Promise<QueuePlace[]> {
  const b = tx.body;
  const ticketId = str(b.ticketId);
  switch (tx.type) {
    case 'ticket.issued': {
      const day = str(b.day);
      const serviceId = str(b.serviceId);
      if (!ticketId || !day || !serviceId) return [];
      await db.query(
        `INSERT INTO notify_queue_ticket (kiosk_id, ticket_id, number, day, service_id, priority, issued_at, waiting)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true) ON CONFLICT (kiosk_id, ticket_id) DO NOTHING`,
        [
          tx.kiosk,
          ticketId,
          str(b.number) ?? '',
          day,
          serviceId,
          b.priority === true,
          num(b.issuedAt) ?? tx.ts,
        ],
      );
      // A resident may have subscribed before this transaction reached central.
      return [{ kioskId: tx.kiosk, day, serviceId }];
    }
    case 'ticket.called':
    case 'ticket.no-show':
      return ticketId ? leaveQueue(db, tx.kiosk, [ticketId]) : [];
    case 'ticket.transferred': {
      const toServiceId = str(b.toServiceId);
      if (!ticketId || !toServiceId) return [];
      const at = num(b.at) ?? tx.ts;
      await db.query(
        `UPDATE notify_queue_ticket SET service_id = $3, waiting = true, issued_at = $4
         WHERE kiosk_id = $1 AND ticket_id = $2`,
        [tx.kiosk, ticketId, toServiceId, b.position === 'front' ? 0 : at],
      );
      const place = await placeOf(db, tx.kiosk, ticketId);
      return place ? [place] : [];
    }
    default:
      return [];
  }
}

export interface AheadCount {
  ticketId: string;
  number: string;
  ahead: number;
}

/** For every waiting ticket of the queue that someone subscribed to, how many wait before it. */
export async function subscribedAhead(db: SqlRunner, q: QueuePlace): Promise<AheadCount[]> {
  const rows = await db.query<{ ticket_id: string; number: string; ahead: number }>(
    `SELECT t.ticket_id, t.number,
       (SELECT count(*)::int FROM notify_queue_ticket o
        WHERE o.kiosk_id = t.kiosk_id AND o.day = t.day AND o.service_id = t.service_id AND o.waiting
          AND o.ticket_id <> t.ticket_id
          AND ((o.priority AND NOT t.priority) OR (o.priority = t.priority AND o.issued_at < t.issued_at))) AS ahead
     FROM notify_queue_ticket t
     WHERE t.kiosk_id = $1 AND t.day = $2 AND t.service_id = $3 AND t.waiting
       AND EXISTS (SELECT 1 FROM notify_subscription s
                   WHERE s.ref_type = 'ticket' AND s.ref_id = t.ticket_id AND s.fired_at IS NULL)`,
    [q.kioskId, q.day, q.serviceId],
  );
  return rows.map((r) => ({ ticketId: r.ticket_id, number: r.number, ahead: r.ahead }));
}

export async function aheadOfTicket(
  db: SqlRunner,
  kioskId: string,
  ticketId: string,
): Promise<number | undefined> {
  const place = await placeOf(db, kioskId, ticketId);
  if (!place) return undefined;
  const [row] = await db.query<{ ahead: number }>(
    `SELECT count(*)::int AS ahead FROM notify_queue_ticket o, notify_queue_ticket t
     WHERE t.kiosk_id = $1 AND t.ticket_id = $2 AND t.waiting
       AND o.kiosk_id = t.kiosk_id AND o.day = t.day AND o.service_id = t.service_id AND o.waiting
       AND o.ticket_id <> t.ticket_id
       AND ((o.priority AND NOT t.priority) OR (o.priority = t.priority AND o.issued_at < t.issued_at))`,
    [kioskId, ticketId],
  );
  return row?.ahead;
}

export async function purgeQueueDays(db: SqlRunner, beforeDay: string): Promise<void> {
  await db.query('DELETE FROM notify_queue_ticket WHERE day < $1', [beforeDay]);
}
