/**
 * A ticket's SMS opt-in ("text me when N are ahead of me"), the same from the kiosk's keypad and
 * from the phone page behind the ticket's QR: only a waiting ticket of today, more than N people
 * ahead, one number per ticket (the first: nobody can redirect a resident's notices), and only
 * while the link to central is up. The number is sealed to central at once and never kept here;
 * what is kept, durably in the store (ticket-sms records, gone with the ticket's day), for the pages
 * to say it back, is the masked form and N, and how far central says the text got (queued,
 * submitted, delivered, failed, opted out).
 */
import type { NotifyDeliveryState } from '../../contract/notify.ts';
import type { NotifySubscribed } from '../../contract/notify-api.ts';
import { Mutex } from '../../platform/mutex.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ApplianceError } from '../core/errors.ts';
import type {
  NotifyOptInLink,
  OptInOutcome,
  OptInTopic,
  TicketDelivery,
} from '../notify-optin/optin-link.ts';
import type { TicketSmsRecord } from '../notify-optin/ticket-sms-record.ts';

export interface TicketSmsSet {
  masked: string;
  ahead: number;
  /** Central's latest word on the text, once one was made. */
  delivery?: { state: NotifyDeliveryState; at: number };
}

export interface TicketOptIn {
  subscribe(ticketId: string, phone: string, ahead: number): Promise<NotifySubscribed>;
  /** The masked number and N a ticket opted in with, if it did (kept across restarts). */
  of(ticketId: string): TicketSmsSet | undefined;
  available(): boolean;
}

/** Asks central through the link; its answer as the HTTP error a screen shows, or the masked number. */
export async function sealedSubscribe(
  link: NotifyOptInLink | undefined,
  topic: OptInTopic,
  phone: string,
): Promise<NotifySubscribed> {
  const outcome: OptInOutcome = link ? await link.request(topic, phone) : { status: 'offline' };
  switch (outcome.status) {
    case 'subscribed':
      return { masked: outcome.masked, ...(outcome.keptUntil ? { keptUntil: outcome.keptUntil } : {}) };
    case 'invalid-phone':
      throw new ApplianceError('notify.invalid-phone', 'central cannot send to this number; check it', 422);
    case 'already':
      throw new ApplianceError('notify.already', 'this ticket already has a number for SMS', 409);
    case 'offline':
      throw new ApplianceError('notify.offline', 'SMS needs the link to central, which is down now', 503);
    case 'no-answer':
      throw new ApplianceError('notify.no-answer', 'central did not answer in time; try again', 504);
    case 'stale':
    case 'unavailable':
      throw new ApplianceError(
        'notify.unavailable',
        `central could not take the number (${outcome.status})`,
        503,
      );
  }
}

export function ticketOptIn(core: ApplianceCore, link: NotifyOptInLink | undefined): TicketOptIn {
  // One write at a time: a delivery update and a subscribe for the same ticket read, then write.
  const writes = new Mutex();
  // Tickets whose number is on its way to central (released when it is stored or refused).
  const inFlight = new Set<string>();
  link?.onDelivery((d: TicketDelivery) => {
    void writes
      .run(async () => {
        const set = core.store.get('ticket-sms', d.ticketId);
        // Updates can come out of order (two central workers): the later state wins. The same
        // state and time again (central repeats what it was not sure arrived) changes nothing.
        if (!set || (set.delivery && set.delivery.at > d.at)) return;
        if (set.delivery?.state === d.state && set.delivery.at === d.at) return;
        await core.store.commit([{ ...set, delivery: { state: d.state, at: d.at } }]);
      })
      .catch((err: Error) => core.log.add('warn', 'notify', `delivery state not kept: ${err.message}`));
  });
  return {
    available: () => link?.status().available ?? false,
    of: (ticketId) => {
      const r = core.store.get('ticket-sms', ticketId);
      return r && { masked: r.masked, ahead: r.ahead, ...(r.delivery ? { delivery: r.delivery } : {}) };
    },
    async subscribe(ticketId, phone, ahead) {
      const todays = core.queue.tickets();
      const ticket = todays.find((t) => t.id === ticketId);
      if (!ticket) throw new ApplianceError('ticket.unknown', 'no ticket with this id today', 404);
      if (ticket.status !== 'waiting')
        throw new ApplianceError('notify.ticket-not-waiting', `ticket ${ticket.number} is ${ticket.status}`);
      const already = () => {
        if (inFlight.has(ticket.id) || core.store.get('ticket-sms', ticket.id))
          throw new ApplianceError('notify.already', `ticket ${ticket.number} already has a number for SMS`);
      };
      already();
      const peopleAhead = core.queue.peopleAhead(ticket, todays);
      if (peopleAhead <= ahead)
        throw new ApplianceError(
          'notify.already-near',
          `only ${peopleAhead} ahead of ${ticket.number} already; please stay near the hall`,
        );
      // First wins: the ticket is reserved before its number goes to central, so a second request
      // racing this one is refused here instead of sending another number.
      await writes.run(async () => {
        already();
        inFlight.add(ticket.id);
      });
      try {
        const result = await sealedSubscribe(
          link,
          { kind: 'queue.ahead', ticketId: ticket.id, number: ticket.number, ahead },
          phone,
        );
        // Kept durably (masked, never the number), so the phone page says it after a restart too.
        await writes.run(async () => {
          const record: TicketSmsRecord = {
            kind: 'ticket-sms',
            id: ticket.id,
            day: ticket.day,
            masked: result.masked,
            ahead,
          };
          await core.store.commit([record]);
        });
        return result;
      } finally {
        inFlight.delete(ticket.id);
      }
    },
  };
}
