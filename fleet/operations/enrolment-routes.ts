/**
 * The fleet module's enrolment routes: pending enrolments and enrolled kiosks (with their
 * revocation), approving a pending one, revoking a kiosk's certificates. They need central's data
 * directory (the enrolment registry and the PKI); without it they answer 503.
 */
import { RevokeBody } from '../../contract/central-fleet.ts';
import type { RouteSpec } from '../central/module.ts';
import { HttpError } from '../central/module.ts';
import type { EnrolmentRegistry } from '../enroll/registry.ts';
import { checked } from './checked-body.ts';
import { revokeKiosk } from './revocation.ts';

export function enrolmentRoutes(
  needDataDir: () => { dataDir: string; registry: EnrolmentRegistry },
): RouteSpec[] {
  return [
    {
      method: 'GET',
      url: '/api/fleet/enrolments',
      permission: 'fleet.view',
      handler: async (req) => {
        const { registry } = needDataDir();
        const revoked = await req.db.query<{ kiosk_id: string; at: string }>(
          'SELECT kiosk_id, at FROM fleet_revocations',
        );
        const pending = (await registry.pending()).sort((a, b) => b.requestedAt - a.requestedAt);
        const kiosks = (await registry.kiosks())
          .filter((k) => 'enrolledAt' in k && typeof k.enrolledAt === 'number')
          .map((k) => ({
            ...k,
            revokedAt: Number(revoked.find((r) => r.kiosk_id === k.kioskId)?.at ?? 0) || null,
          }))
          .sort((a, b) => a.kioskId.localeCompare(b.kioskId));
        return {
          body: {
            pending: pending.map((p) => ({
              serial: p.serial,
              siteId: p.siteId,
              requestedAt: p.requestedAt,
              approvedAt: p.approvedAt,
              approvedBy: p.approvedBy,
            })),
            kiosks,
          },
        };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/enrolments/:serial/approve',
      permission: 'fleet.act',
      audit: 'fleet.enrol.approve',
      handler: async (req) => {
        const { registry } = needDataDir();
        const p = await registry
          .approve(req.params.serial!, req.user.username)
          .catch((err: Error & { code?: string }) => {
            throw err.code === 'enroll.no-such-request' ? new HttpError(404, err.code, err.message) : err;
          });
        return { body: p, audit: { target: `serial ${p.serial} (site ${p.siteId})` } };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/kiosks/:id/revoke',
      permission: 'fleet.act',
      audit: 'fleet.cert.revoke',
      handler: async (req) => {
        const { dataDir } = needDataDir();
        const { reason } = checked<{ reason: string }>(RevokeBody, req.body);
        const { serials } = await revokeKiosk(req.db, dataDir, req.params.id!, reason, req.user.username);
        return {
          body: { kioskId: req.params.id, serials },
          audit: { target: `kiosk ${req.params.id}`, detail: { reason, serials } },
        };
      },
    },
  ];
}
