/**
 * The appliance's HTTP API for its screens, and the screens themselves. Every request body is
 * validated against the schemas in contract/api.ts; errors come back as `{error:{code,message}}`.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  type ApiError,
  apiPaths,
  CallNextResponse,
  CounterView,
  CSRF_HEADER,
  LoginRequest,
  PauseRequest,
  PublicState,
  SessionView,
  StaffQueueView,
  StaffTicketResponse,
  TakeTicketRequest,
  TakeTicketResponse,
  TransferRequest,
} from '../../contract/api.ts';
import type { Appliance } from '../core/appliance.ts';
import { ApplianceError } from '../core/errors.ts';
import { registerAppointmentRoutes } from './appointment-routes.ts';
import { registerCaseRoutes } from './case-routes.ts';
import { readCookie, SESSION_COOKIE, type StaffAuth } from './staff-auth.ts';
import { streamState } from './state-stream.ts';
import { registerStaticUi } from './static-ui.ts';

export interface SimulationControls {
  placeCard(name: string): void;
  removeCard(): void;
  /** Types a code on the simulated keyboard-wedge scanner, as a resident holding up a QR would. */
  scan(text: string): Promise<void>;
}

export interface HttpServerOptions {
  appliance: Appliance;
  auth: StaffAuth;
  uiDistDir: string;
  host: string;
  port: number;
  sim?: SimulationControls;
}

function errorBody(code: string, message: string): ApiError {
  return { error: { code, message } };
}

export async function startHttpServer(
  opts: HttpServerOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const { appliance, auth } = opts;
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    // Refuse what the schema does not allow instead of quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true } },
  });

  app.setErrorHandler((err: Error & { validation?: unknown; statusCode?: number }, _req, reply) => {
    if (err instanceof ApplianceError)
      return reply.code(err.httpStatus).send(errorBody(err.code, err.message));
    if (err.validation) return reply.code(400).send(errorBody('request.invalid', err.message));
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody('request.invalid', err.message));
    }
    reply.log.error(err);
    return reply.code(500).send(errorBody('internal', 'the appliance could not complete this request'));
  });

  const staff = (req: FastifyRequest, write: boolean, role?: 'supervisor' | 'admin') =>
    auth.authorize(readCookie(req.headers.cookie, SESSION_COOKIE), {
      write,
      csrf: req.headers[CSRF_HEADER] as string | undefined,
      ...(role ? { role } : {}),
    });

  app.get(apiPaths.state, { schema: { response: { 200: PublicState } } }, () => appliance.publicState());
  app.get(apiPaths.events, (req, reply) => streamState(req, reply, appliance));

  app.post<{ Body: TakeTicketRequest }>(
    apiPaths.tickets,
    { schema: { body: TakeTicketRequest, response: { 201: TakeTicketResponse } } },
    async (req, reply) => reply.code(201).send(await appliance.takeTicket(req.body)),
  );

  app.post<{ Body: LoginRequest }>(
    apiPaths.session,
    { schema: { body: LoginRequest, response: { 200: SessionView } } },
    async (req, reply: FastifyReply) => {
      const { token, view } = await auth.login(req.body.username, req.body.password);
      reply.header('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return view;
    },
  );
  app.get(apiPaths.session, { schema: { response: { 200: SessionView } } }, (req) => staff(req, false));
  app.delete(apiPaths.session, (req, reply) => {
    staff(req, true);
    auth.logout(readCookie(req.headers.cookie, SESSION_COOKIE));
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return reply.code(204).send();
  });

  app.get(apiPaths.staffQueue, { schema: { response: { 200: StaffQueueView } } }, (req) => {
    staff(req, false);
    const todays = appliance.queue.tickets();
    return { tickets: todays.map((t) => appliance.ticketView(t, todays)) };
  });
  app.post<{ Params: { counterId: string } }>(
    '/api/staff/counters/:counterId/call-next',
    { schema: { response: { 200: CallNextResponse } } },
    async (req) => {
      const session = staff(req, true);
      return { ticket: await appliance.callNext(req.params.counterId, session.username) };
    },
  );

  type CounterParams = { Params: { counterId: string } };
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/recall',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await appliance.recall(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/finish',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await appliance.finish(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams>(
    '/api/staff/counters/:counterId/no-show',
    { schema: { response: { 200: StaffTicketResponse } } },
    async (req) => ({ ticket: await appliance.noShow(req.params.counterId, staff(req, true).username) }),
  );
  app.post<CounterParams & { Body: TransferRequest }>(
    '/api/staff/counters/:counterId/transfer',
    { schema: { body: TransferRequest, response: { 200: StaffTicketResponse } } },
    async (req) => ({
      ticket: await appliance.transfer(req.params.counterId, staff(req, true).username, req.body),
    }),
  );
  app.post<CounterParams & { Body: PauseRequest }>(
    '/api/staff/counters/:counterId/pause',
    { schema: { body: PauseRequest, response: { 200: CounterView } } },
    async (req) => appliance.setPaused(req.params.counterId, req.body.paused, staff(req, true).username),
  );

  registerCaseRoutes(app, appliance, staff);
  registerAppointmentRoutes(app, appliance, staff);

  if (opts.sim) {
    const sim = opts.sim;
    app.post<{ Body: { card: string } }>('/api/sim/card', async (req, reply) => {
      const name = (req.body as { card?: unknown } | undefined)?.card;
      if (typeof name !== 'string')
        return reply.code(400).send(errorBody('request.invalid', 'card must be a name'));
      sim.placeCard(name);
      return reply.code(204).send();
    });
    app.post<{ Body: { text: string } }>('/api/sim/scan', async (req, reply) => {
      const text = (req.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || text.length === 0 || text.length > 512) {
        return reply.code(400).send(errorBody('request.invalid', 'text must be the code to scan'));
      }
      await sim.scan(text);
      return reply.code(204).send();
    });
    app.delete('/api/sim/card', async (_req, reply) => {
      sim.removeCard();
      return reply.code(204).send();
    });
  }

  registerStaticUi(app, opts.uiDistDir);
  await app.listen({ host: opts.host, port: opts.port });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://${opts.host}:${port}` };
}
