/**
 * SMS opt-in over HTTP: the kiosk's keypad after a ticket ("text me when N are ahead of me") and the
 * clerk's for a case (补正, decision, pick-up). The number is sealed to central at once and never
 * stored here; each ticket takes one number (the first), so nobody can redirect a resident's notices.
 */
import {
  CaseNotifyRequest,
  NotifyStatus,
  NotifySubscribed,
  notifyApiPaths,
  TicketNotifyRequest,
} from '../../contract/notify-api.ts';
import { ApplianceError } from '../core/errors.ts';
import type { NotifyOptInLink, OptInOutcome, OptInTopic } from '../notify-optin/optin-link.ts';
import type { RouteContext } from './routes.ts';

const SUBSCRIBED_TICKETS_KEPT = 5_000;

export function registerNotifyRoutes(
  { app, core, staff }: RouteContext,
  link: NotifyOptInLink | undefined,
): void {
  const subscribedTickets = new Set<string>();

  async function subscribe(topic: OptInTopic, phone: string): Promise<NotifySubscribed> {
    const outcome: OptInOutcome = link ? await link.request(topic, phone) : { status: 'offline' };
    switch (outcome.status) {
      case 'subscribed':
        return { masked: outcome.masked, ...(outcome.keptUntil ? { keptUntil: outcome.keptUntil } : {}) };
      case 'invalid-phone':
        throw new ApplianceError('notify.invalid-phone', 'central cannot send to this number; check it', 422);
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

  app.get(notifyApiPaths.status, { schema: { response: { 200: NotifyStatus } } }, () =>
    link ? link.status() : { available: false, reason: 'uplink-down' as const },
  );

  app.post<{ Params: { ticketId: string }; Body: TicketNotifyRequest }>(
    '/api/tickets/:ticketId/notify',
    { schema: { body: TicketNotifyRequest, response: { 200: NotifySubscribed } } },
    async (req) => {
      const todays = core.queue.tickets();
      const ticket = todays.find((t) => t.id === req.params.ticketId);
      if (!ticket) throw new ApplianceError('ticket.unknown', 'no ticket with this id today', 404);
      if (ticket.status !== 'waiting')
        throw new ApplianceError('notify.ticket-not-waiting', `ticket ${ticket.number} is ${ticket.status}`);
      if (subscribedTickets.has(ticket.id))
        throw new ApplianceError('notify.already', `ticket ${ticket.number} already has a number for SMS`);
      const ahead = core.queue.peopleAhead(ticket, todays);
      if (ahead <= req.body.ahead)
        throw new ApplianceError(
          'notify.already-near',
          `only ${ahead} ahead of ${ticket.number} already; please stay near the hall`,
        );
      const result = await subscribe(
        { kind: 'queue.ahead', ticketId: ticket.id, number: ticket.number, ahead: req.body.ahead },
        req.body.phone,
      );
      if (subscribedTickets.size >= SUBSCRIBED_TICKETS_KEPT) subscribedTickets.clear();
      subscribedTickets.add(ticket.id);
      return result;
    },
  );

  app.post<{ Params: { caseId: string }; Body: CaseNotifyRequest }>(
    '/api/staff/cases/:caseId/notify',
    { schema: { body: CaseNotifyRequest, response: { 200: NotifySubscribed } } },
    async (req) => {
      staff(req, true);
      const c = core.desk.cases.get(req.params.caseId);
      if (!c) throw new ApplianceError('case.unknown', 'no case with this id', 404);
      return subscribe({ kind: 'case.progress', caseId: c.id, number: c.number }, req.body.phone);
    },
  );
}
