/**
 * The appliance's HTTP API for its screens, and the screens themselves. Every request body is
 * validated against the schemas in contract/api.ts; errors come back as `{error:{code,message}}`.
 * Routes reach the services through the core on each request, so a new configuration is in effect
 * for every route at once.
 */
import { type AddressInfo, createServer } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { CSRF_HEADER } from '../../contract/api.ts';
import { lazySchemaCompilers } from '../../platform/lazy-schema-compilers.ts';
import type { SimulationControls } from '../bindings/device-bindings.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ApplianceError, StartupError } from '../core/errors.ts';
import type { NotifyOptInLink } from '../notify-optin/optin-link.ts';
import type { DeviceRegistry } from '../pairing/device-registry.ts';
import { registerAppointmentRoutes } from './appointment-routes.ts';
import { registerStaffIssueRoute } from './cardless-routes.ts';
import { registerCaseRoutes } from './case-routes.ts';
import { deviceGuard } from './device-guard.ts';
import { registerDocumentRoutes } from './document-routes.ts';
import { registerGuideRoutes } from './guide-routes.ts';
import { registerKioskBookingRoutes } from './kiosk-booking-routes.ts';
import { registerNoticeRoutes } from './notice-routes.ts';
import { registerNotifyRoutes } from './notify-routes.ts';
import { registerPairingRoutes } from './pairing-routes.ts';
import { registerQueueRoutes } from './queue-routes.ts';
import { registerRatingScreenRoutes } from './rating-screen-routes.ts';
import { registerRectificationRoutes } from './rectification-routes.ts';
import { errorBody, type RouteContext, type StaffGuard } from './routes.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSimRoutes } from './sim-routes.ts';
import { SESSION_COOKIE, type StaffAuth } from './staff-auth.ts';
import { registerStaffUserRoutes } from './staff-user-routes.ts';
import { registerStaticUi } from './static-ui.ts';
import { ticketOptIn } from './ticket-optin.ts';
import { registerTicketPageRoutes } from './ticket-page-routes.ts';

export interface HttpServerOptions {
  core: ApplianceCore;
  auth: StaffAuth;
  devices: DeviceRegistry;
  uiDistDir: string;
  host: string;
  port: number;
  sim?: SimulationControls;
  /** SMS opt-in through central; without a broker the routes say SMS is unavailable. */
  notify?: NotifyOptInLink;
  /** Serve over TLS with this certificate and key (PEM): cookies are then `Secure`. */
  tls?: { cert: string; key: string };
  /** Staff log in only at this (HTTPS) address: here staff routes refuse and say where to go. */
  staffOnlyAt?: string;
}

const STAFF_PATHS = /^\/api\/(session|staff)(\/|\?|$)/;

/** A route the server answers, as registered (`/api/staff/cases/:caseId/print`). */
export interface ServedRoute {
  method: string;
  url: string;
}

export async function startHttpServer(
  opts: HttpServerOptions,
): Promise<{ app: FastifyInstance; url: string; routes: ServedRoute[]; compileSchemas: () => number }> {
  const { core, auth } = opts;
  const schemas = lazySchemaCompilers();
  const app = Fastify({
    ...(opts.tls
      ? { https: { cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' as const } }
      : {}),
    logger: false,
    bodyLimit: 64 * 1024,
    // Refuse what the schema does not allow instead of quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true } },
    // Each route's schemas compile at its first request: a start (after a power cut) needs a few.
    schemaController: { compilersFactory: schemas.compilersFactory },
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
  const routes: ServedRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  await app.register(fastifyCookie);
  const { staffOnlyAt } = opts;
  if (staffOnlyAt) {
    app.addHook('onRequest', async (req) => {
      // The route the router matched, not the raw URL: the router decodes `/api/%73taff/…` to a staff route.
      if (STAFF_PATHS.test(req.routeOptions.url ?? '')) {
        throw new ApplianceError('auth.tls-only', `staff log in over HTTPS only: ${staffOnlyAt}/admin/`, 403);
      }
    });
  }
  const staff: StaffGuard = (req, write, role) =>
    auth.authorize(req.cookies[SESSION_COOKIE], {
      write,
      csrf: req.headers[CSRF_HEADER] as string | undefined,
      ...(role ? { role } : {}),
    });
  const context: RouteContext = {
    app,
    core,
    staff,
    device: deviceGuard(opts.devices),
    devices: opts.devices,
    secure: opts.tls !== undefined,
  };
  registerPairingRoutes(context, opts.devices);
  registerQueueRoutes(context);
  registerStaffIssueRoute(context);
  registerSessionRoutes(context, auth);
  registerStaffUserRoutes(context, auth);
  registerCaseRoutes(context);
  registerAppointmentRoutes(context, opts.notify);
  registerKioskBookingRoutes(context, opts.notify);
  registerNoticeRoutes(context);
  registerRectificationRoutes(context);
  registerDocumentRoutes(context);
  registerRatingScreenRoutes(context);
  registerGuideRoutes(context);
  const ticketSms = ticketOptIn(core, opts.notify);
  registerTicketPageRoutes(context, ticketSms);
  registerNotifyRoutes(context, opts.notify, ticketSms);
  if (opts.sim) registerSimRoutes(context, opts.sim);
  await registerStaticUi(app, opts.uiDistDir);
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close().catch(() => {});
    throw listenError(err as NodeJS.ErrnoException, opts.host, opts.port);
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `${opts.tls ? 'https' : 'http'}://${opts.host}:${port}`,
    routes,
    compileSchemas: schemas.compileAll,
  };
}

/**
 * Fails at once, before anything slow starts, when the port is taken (the real listen at the end
 * of start-up still reports the same way if it is taken in between). Port 0 is always free.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): StartupError {
  if (err.code === 'EADDRINUSE') {
    return new StartupError(
      'http.port-in-use',
      `port ${port} on ${host} is already in use (another shequ, or another program): stop it, or choose another port (--port, or http.port in the configuration)`,
      { cause: err },
    );
  }
  return new StartupError('http.cannot-listen', `cannot serve HTTP on ${host}:${port}: ${err.message}`, {
    cause: err,
  });
}
