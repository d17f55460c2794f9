/**
 * Card-less tickets under limits: the gate the public ticket route passes a card-less request
 * through (per screen, per service, daily shares), and the staff route that issues one by hand
 * past those limits when a resident was turned away.
 */
import type { FastifyRequest } from 'fastify';
import {
  hallLimitPaths,
  StaffIssueTicketRequest,
  type TakeTicketRequest,
  TakeTicketResponse,
} from '../../contract/api.ts';
import { CardlessLimits } from '../limits/cardless-limits.ts';
import { KeyedBuckets } from '../limits/keyed-buckets.ts';
import { ThrottledError } from '../limits/throttled.ts';
import { clientKey, deviceOf } from './device-guard.ts';
import type { RouteContext } from './routes.ts';

export type CardlessGate = (req: FastifyRequest<{ Body: TakeTicketRequest }>) => { taken(): void };

/** Checks a card-less request against the limits; `taken()` counts it once the ticket is issued. */
export function cardlessGate({ core, devices }: RouteContext): CardlessGate {
  const limits = new CardlessLimits(() => core.config.limits.cardless);
  return (req) => {
    const service = core.config.services.find((s) => s.id === req.body.serviceId);
    if (!service) return { taken: () => {} }; // the queue refuses it with its own reason
    const client = clientKey(devices, req);
    const todays = core.queue.tickets();
    limits.admit({
      service,
      day: core.queue.today(),
      cardlessToday: todays.filter((t) => t.serviceId === service.id && !t.holder).length,
      client,
      pairedKiosk: deviceOf(devices, req)?.role === 'kiosk',
    });
    return { taken: () => limits.taken(service.id, client) };
  };
}

/**
 * The kiosk's booking route is as open as a card-less ticket (any passer-by at the screen), and a
 * booking with a phone makes central send a text: each screen may book at the card-less ticket's
 * per-screen rate, counted apart from its tickets. Throws a ThrottledError (429) past it.
 */
export function bookingGate({ core, devices }: RouteContext): (req: FastifyRequest) => void {
  let configured = '';
  let perScreen: KeyedBuckets | null = null;
  return (req) => {
    const limits = core.config.limits.cardless.perScreen;
    const key = JSON.stringify(limits);
    if (!perScreen || key !== configured) {
      perScreen = new KeyedBuckets(limits);
      configured = key;
    }
    const taken = perScreen.take(clientKey(devices, req));
    if (!taken.ok) {
      throw new ThrottledError(
        'appointments.screen-rate',
        '本机预约太频繁，请稍候再试，或请到服务窗口由工作人员为您预约 (too many bookings from this screen; wait a moment or ask staff at a counter)',
        taken.retryAfterMs,
      );
    }
  };
}

export function registerStaffIssueRoute({ app, core, staff }: RouteContext): void {
  app.post<{ Body: StaffIssueTicketRequest }>(
    hallLimitPaths.staffTickets,
    { schema: { body: StaffIssueTicketRequest, response: { 201: TakeTicketResponse } } },
    async (req, reply) => {
      const session = staff(req, true);
      const issued = await core.kiosk.takeTicket({ serviceId: req.body.serviceId, withCard: false });
      core.log.add('info', 'tickets', `${session.username} issued ${issued.ticket.number} by hand`);
      return reply.code(201).send(issued);
    },
  );
}
