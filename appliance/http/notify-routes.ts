/**
 * SMS opt-in over HTTP: the kiosk's keypad after a ticket ("text me when N are ahead of me") and the
 * clerk's for a case (补正, decision, pick-up). The number is sealed to central at once and never
 * stored here; the ticket's rules (ticket-optin.ts) are the same as on the ticket's phone page.
 */
import {
  CaseNotifyRequest,
  NotifyStatus,
  NotifySubscribed,
  notifyApiPaths,
  TicketNotifyRequest,
} from '../../contract/notify-api.ts';
import { ApplianceError } from '../core/errors.ts';
import type { NotifyOptInLink } from '../notify-optin/optin-link.ts';
import type { RouteContext } from './routes.ts';
import { sealedSubscribe, type TicketOptIn } from './ticket-optin.ts';

export function registerNotifyRoutes(
  { app, core, staff }: RouteContext,
  link: NotifyOptInLink | undefined,
  tickets: TicketOptIn,
): void {
  app.get(notifyApiPaths.status, { schema: { response: { 200: NotifyStatus } } }, () =>
    link ? link.status() : { available: false, reason: 'uplink-down' as const },
  );

  app.post<{ Params: { ticketId: string }; Body: TicketNotifyRequest }>(
    '/api/tickets/:ticketId/notify',
    { schema: { body: TicketNotifyRequest, response: { 200: NotifySubscribed } } },
    (req) => tickets.subscribe(req.params.ticketId, req.body.phone, req.body.ahead),
  );

  app.post<{ Params: { caseId: string }; Body: CaseNotifyRequest }>(
    '/api/staff/cases/:caseId/notify',
    { schema: { body: CaseNotifyRequest, response: { 200: NotifySubscribed } } },
    async (req) => {
      staff(req, true);
      const c = core.desk.cases.get(req.params.caseId);
      if (!c) throw new ApplianceError('case.unknown', 'no case with this id', 404);
      return sealedSubscribe(link, { kind: 'case.progress', caseId: c.id, number: c.number }, req.body.phone);
    },
  );
}
