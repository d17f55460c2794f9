/** The queue over HTTP: the public state and its stream, taking a ticket, and the counter console. */
import {
  apiPaths,
  CallNextResponse,
  CallTicketRequest,
  CounterView,
  hallLimitPaths,
  PauseRequest,
  PrintedResponse,
  PublicState,
  RequeueRequest,
  StaffQueueView,
  StaffTicketResponse,
  StreamClientsView,
  TakeTicketRequest,
  TakeTicketResponse,
  TransferRequest,
} from '../../contract/api.ts';
import { withRetryAfter } from '../limits/throttled.ts';
import { cardlessGate } from './cardless-routes.ts';
import type { RouteContext } from './routes.ts';
import { StateStreams, visibleState } from './state-stream.ts';

type CounterParams = { Params: { counterId: string } };
type TicketParams = { Params: { ticketId: string } };

export function registerQueueRoutes(ctx: RouteContext): void {
  const { app, core, staff, device, devices } = ctx;
  const stateFor = visibleState(core, devices);
  const cardless = cardlessGate(ctx);
  app.get(apiPaths.state, { schema: { response: { 200: PublicState } } }, (req) => stateFor(req)());
  const streams = new StateStreams(core, devices);
  app.get(apiPaths.events, (req, reply) =>
    withRetryAfter(reply, async () => streams.serve(req, reply, stateFor(req))),
  );
  app.get(hallLimitPaths.staffStreams, { schema: { response: { 200: StreamClientsView } } }, (req) => {
    staff(req, false);
    return { clients: streams.size, maxClients: core.config.limits.stream.maxClients };
  });
  app.post<{ Body: TakeTicketRequest }>(
    apiPaths.tickets,
    { schema: { body: TakeTicketRequest, response: { 201: TakeTicketResponse } } },
    (req, reply) =>
      withRetryAfter(reply, async () => {
        // Only the paired kiosk acts for the card on its reader; a card-less number anyone may take, within limits.
        if (req.body.withCard) device(req, 'kiosk');
        const gate = req.body.withCard ? null : cardless(req);
        const issued = await core.kiosk.takeTicket(req.body);
        gate?.taken();
        return reply.code(201).send(issued);
      }),
  );
  app.get(apiPaths.staffQueue, { schema: { response: { 200: StaffQueueView } } }, (req) => {
    staff(req, false);
    const todays = core.queue.tickets();
    return { tickets: todays.map((t) => core.views.ticket(t, todays)) };
  });
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/call-next',
    { schema: { response: { 200: CallNextResponse } } },
    async (req) => ({
      ticket: await core.counters.callNext(req.params.counterId, staff(req, true).username),
    }),
  );
  app.post<CounterParams & { Body: CallTicketRequest }>(
    '/api/staff/counters/:counterId/call',
    { schema: { body: CallTicketRequest, response: { 200: StaffTicketResponse } } },
    async (req) => ({
      ticket: await core.counters.callTicket(
        req.params.counterId,
        staff(req, true).username,
        req.body.ticketId,
      ),
    }),
  );
  app.post<TicketParams & { Body: RequeueRequest }>(
    '/api/staff/tickets/:ticketId/requeue',
    { schema: { body: RequeueRequest, response: { 200: StaffTicketResponse } } },
    async (req) => ({
      ticket: await core.counters.requeue(req.params.ticketId, staff(req, true).username, req.body.position),
    }),
  );
  app.post<TicketParams>(
    '/api/staff/tickets/:ticketId/reprint',
    { schema: { response: { 200: PrintedResponse } } },
    async (req) => {
      staff(req, true);
      return { printed: await core.kiosk.reprintById(req.params.ticketId) };
    },
  );
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/recall',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await core.counters.recall(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/finish',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await core.counters.finish(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/no-show',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await core.counters.noShow(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams & { Body: TransferRequest }>(
    '/api/staff/counters/:counterId/transfer',
    { schema: { body: TransferRequest, response: { 200: StaffTicketResponse } } },
    async (req) => ({
      ticket: await core.counters.transfer(req.params.counterId, staff(req, true).username, req.body),
    }),
  );
  app.post<CounterParams & { Body: PauseRequest }>(
    '/api/staff/counters/:counterId/pause',
    { schema: { body: PauseRequest, response: { 200: CounterView } } },
    async (req) => core.counters.setPaused(req.params.counterId, req.body.paused, staff(req, true).username),
  );
}
