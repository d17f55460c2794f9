/**
 * Pairing a screen: the page and form (`/pair`), the JSON exchange, "which screen am I", and the
 * admin's codes and paired-screen list. Failed exchanges are limited per client address.
 */
import {
  apiPaths,
  CreatePairingRequest,
  DEVICE_COOKIE,
  deviceHome,
  PairedDeviceList,
  PairedDeviceView,
  PairingCodeView,
  PairingRequest,
} from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { KeyedBuckets } from '../limits/keyed-buckets.ts';
import { type DeviceRegistry, deviceView, type PairedDevice } from '../pairing/device-registry.ts';
import { createPairingCode } from '../pairing/pairing-codes.ts';
import { clientAddress, deviceOf } from './device-guard.ts';
import { pairingPage } from './pairing-page.ts';
import type { RouteContext } from './routes.ts';

const TEN_YEARS_S = 10 * 365 * 86_400;

export function registerPairingRoutes(ctx: RouteContext, registry: DeviceRegistry): void {
  const { app, core, staff } = ctx;
  // A wrong code costs a token; a screen being installed types it right within a few tries.
  const failures = new KeyedBuckets({ burst: 10, perMinute: 5 });
  const cookie = {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: TEN_YEARS_S,
    secure: ctx.secure,
  } as const;

  async function exchange(
    code: string,
    ip: string,
  ): Promise<{ device: PairedDevice; token: string } | 'refused' | 'throttled'> {
    if (!failures.check(ip).ok) return 'throttled';
    const paired = await registry.pair(code);
    if (!paired) {
      failures.take(ip);
      core.log.add('warn', 'pairing', `a pairing code was refused (client ${ip})`);
      return 'refused';
    }
    core.log.add('info', 'pairing', `paired ${paired.device.label} as ${paired.device.role} (client ${ip})`);
    return paired;
  }

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get<{ Querystring: { code?: string } }>(apiPaths.pairPage, (req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(pairingPage(typeof req.query.code === 'string' ? req.query.code.slice(0, 32) : '', null)),
  );
  app.post<{ Body: { code?: unknown } }>(apiPaths.pairPage, async (req, reply) => {
    const code = typeof req.body?.code === 'string' ? req.body.code.slice(0, 32) : '';
    const result = await exchange(code, clientAddress(req));
    if (typeof result === 'string') {
      return reply
        .code(result === 'throttled' ? 429 : 403)
        .type('text/html; charset=utf-8')
        .send(pairingPage(code, result));
    }
    reply.setCookie(DEVICE_COOKIE, result.token, cookie);
    return reply.redirect(deviceHome(result.device.role), 303);
  });
  app.post<{ Body: PairingRequest }>(
    apiPaths.pairing,
    { schema: { body: PairingRequest, response: { 200: PairedDeviceView } } },
    async (req, reply) => {
      const result = await exchange(req.body.code, clientAddress(req));
      if (result === 'throttled')
        throw new ApplianceError(
          'pairing.throttled',
          'too many wrong pairing codes from here; wait a minute',
          429,
        );
      if (result === 'refused')
        throw new ApplianceError('pairing.refused', 'unknown, used or expired pairing code', 403);
      reply.setCookie(DEVICE_COOKIE, result.token, cookie);
      return deviceView(result.device);
    },
  );
  app.get(apiPaths.device, { schema: { response: { 200: PairedDeviceView } } }, (req) => {
    const device = deviceOf(registry, req);
    if (!device)
      throw new ApplianceError('device.unpaired', 'this screen is not paired with the appliance', 401);
    return deviceView(device);
  });

  app.post<{ Body: CreatePairingRequest }>(
    apiPaths.staffPairings,
    { schema: { body: CreatePairingRequest, response: { 201: PairingCodeView } } },
    async (req, reply) => {
      const session = staff(req, true, 'admin');
      const { role, counterId, label } = req.body;
      if (role === 'counter-rating' && !core.config.counters.some((c) => c.id === counterId)) {
        throw new ApplianceError('counter.unknown', `no counter '${counterId ?? ''}' at this centre`, 404);
      }
      const { code, pending } = await createPairingCode(registry.dataDir, {
        role,
        ...(role === 'counter-rating' ? { counterId: counterId! } : {}),
        ...(label ? { label } : {}),
        by: session.username,
      });
      core.log.add('info', 'pairing', `${session.username} made a pairing code for ${pending.label}`);
      return reply.code(201).send({
        code,
        role,
        ...(pending.counterId ? { counterId: pending.counterId } : {}),
        expiresAt: pending.expiresAt,
        pairPath: `${apiPaths.pairPage}?code=${code}`,
      });
    },
  );
  app.get(apiPaths.staffDevices, { schema: { response: { 200: PairedDeviceList } } }, (req) => {
    staff(req, false, 'admin');
    return { devices: registry.list().map(deviceView) };
  });
  app.delete<{ Params: { id: string } }>('/api/staff/devices/paired/:id', async (req, reply) => {
    const session = staff(req, true, 'admin');
    if (!(await registry.revoke(req.params.id))) {
      throw new ApplianceError('device.unknown', `no paired screen '${req.params.id}'`, 404);
    }
    core.log.add('info', 'pairing', `${session.username} revoked paired screen ${req.params.id}`);
    return reply.code(204).send();
  });
}
